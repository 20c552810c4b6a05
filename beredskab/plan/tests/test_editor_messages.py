"""Attack (issue 16): every message the file format's validation can write is said in Danish in
the plan editor (`editor_messages.in_words`). The validation's `error(place, message)` calls are read
from its source, so a new message without a Danish pattern fails here."""

import ast
import itertools
from pathlib import Path

import pytest
from django.utils import translation

from beredskab.plan import editor, editor_messages

VALIDATION = Path(editor.__file__).parent / "validation"

# Sample values for the messages' placeholders, by the placeholder's expression; several
# samples give each variant of the message. Anything else is a short value.
SAMPLES = {
    "bound": ["between 0 and 120", "at least 1"],
    "hint": [' (did you mean "code"?)', " (allowed: code, name)"],
    "ALWAYS": ["always"],
    "CLOSED": ["closed"],
    "FORMAT_VERSION": ["2"],
    "REVISION_YEARS": ["4"],
    "UNKNOWN_AGE_CHOICE": ["ukendt"],
    "len(text)": ["1001"],
    "what": ["a valid e-mail address", "a valid web address"],
}


def _samples(template: ast.AST) -> list[str]:
    if isinstance(template, ast.Constant):
        return [template.value]
    choices = []
    for part in template.values:
        if isinstance(part, ast.Constant):
            choices.append([part.value])
            continue
        source = ast.unparse(part.value)
        if source.startswith("show("):
            choices.append(['"x-1"', "None"])
        elif ".join(" in source:
            choices.append(["a, b"])
        else:
            choices.append(SAMPLES.get(source, ["7"]))
    return ["".join(combination) for combination in itertools.product(*choices)]


def _messages() -> list[tuple[str, str]]:
    found = []
    for path in sorted(VALIDATION.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "error" and len(node.args) == 2:
                where = f"{path.name}:{node.lineno}"
                assert isinstance(node.args[1], ast.Constant | ast.JoinedStr), where
                found += [(where, sample) for sample in _samples(node.args[1])]
    return found


MESSAGES = _messages()


def test_the_validation_is_read():
    assert len({where for where, _m in MESSAGES}) > 60


@pytest.mark.parametrize(("where", "message"), MESSAGES, ids=[f"{w}-{i}" for i, (w, _m) in enumerate(MESSAGES)])
def test_every_message_of_the_file_format_is_said_in_danish(where, message):
    with translation.override("da"):
        words = editor_messages.in_words(message)
    assert words != str(editor_messages.GENERAL_MESSAGE), f"{where}: no Danish pattern for {message!r}"
    assert words != message


def test_a_message_without_a_pattern_is_said_in_danish_too():
    with translation.override("da"):
        placed = editor.place_errors(editor.SECTIONS["akut"], {}, ["acute.steps[0]: is frobnicated", "no place"])
    assert [p.message for p in placed] == [str(editor_messages.GENERAL_MESSAGE)] * 2
    assert "frobnicated" not in placed[0].text and "no place" not in placed[1].text


@pytest.mark.django_db
def test_the_draft_page_and_the_adoption_refusal_say_the_plans_errors_in_danish(ishoj_plan, coordinator, client):
    """The same messages on the version's page (the draft's check) and when adopting is refused."""
    from django.core.exceptions import ValidationError
    from django.urls import reverse

    from beredskab.core import dates
    from beredskab.plan import services
    from beredskab.plan.models import ContactUnit

    draft = services.plan_draft_new_version(actor=coordinator, from_plan=ishoj_plan, version_label="2027")
    ContactUnit.objects.filter(plan=draft, code="straxen").update(phone="12")
    client.force_login(coordinator)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "skal være et kort nummer" in page and "must be a short number" not in page
    with pytest.raises(ValidationError) as refused:
        services.plan_adopt(actor=coordinator, plan=draft, adopted_by="Byrådet", adopted_on=dates.today())
    assert any("skal være et kort nummer" in m for m in refused.value.messages)
    assert not any("must be" in m for m in refused.value.messages)
    assert reverse("plan:detail", args=[draft.pk])
