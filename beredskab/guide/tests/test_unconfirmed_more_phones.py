"""A unit's further number can be unconfirmed (issue 15: "unconfirmed values of every kind"), as
its phone can: `more_phones: [{phone: {value: "06 60 09 01", unconfirmed: "why"}, label: ...}]`.
It is marked "ikke bekræftet" in the guide, on the action card (HTML and PDF), in the published
plan, in the routing answer and in the API; a confirmed further number is not; the export keeps
it; the plan coordinator can confirm it. Before, the file was refused ("must be text")."""

import copy
import json
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from beredskab.plan.export import plan_to_document
from beredskab.plan.loader import read_plan_file
from beredskab.plan.services import plan_fact_confirm
from beredskab.plan.validation import validate_plan_data

from .conftest import SATURDAY_NIGHT, load_and_adopt
from .test_cards import pdf_text

pytestmark = pytest.mark.django_db
KYSTBY = Path(settings.BASE_DIR) / "plans" / "example-kystby.yaml"
NOTE = "Nummeret står ikke i planteksten"
UNCONFIRMED = "06 60 09 01"
CONFIRMED = "06 60 09 02"


def _data() -> dict:
    data = yaml.safe_load(KYSTBY.read_text(encoding="utf-8"))
    [linjen] = [u for u in data["units"] if u["code"] == "linjen"]
    linjen["more_phones"] = [
        {"phone": {"value": UNCONFIRMED, "unconfirmed": NOTE}, "label": "Sms-linjen"},
        {"phone": CONFIRMED, "label": "Chatlinjen"},
    ]
    return data


@pytest.fixture
def plan_file(tmp_path) -> Path:
    path = tmp_path / KYSTBY.name
    path.write_text(yaml.safe_dump(_data(), allow_unicode=True), encoding="utf-8")
    return path


def _marked(text: str, number: str) -> bool:
    """Whether "ikke bekræftet" follows the number before the next number is shown."""
    after = text.split(number, 1)[1]
    return "ikke bekræftet" in after.split("06 60 09", 1)[0]


def test_the_file_validates_and_names_the_fact(plan_file):
    result = validate_plan_data(read_plan_file(plan_file))
    assert not result.errors
    [linjen] = [u for u in result.spec["units"] if u["code"] == "linjen"]
    assert linjen["unconfirmed"] == {"more_phones[0]": NOTE}
    assert [p["phone"] for p in linjen["more_phones"]] == [UNCONFIRMED, CONFIRMED]


def test_the_guide_the_card_and_the_published_plan_mark_it(client, settings, cards_dir, at, plan_file):
    at(SATURDAY_NIGHT)
    load_and_adopt(plan_file, settings)
    for url in ("/guide/bekymring/born/fagperson/", "/guide/action-cards/born/bekymring/", "/guide/planen/"):
        page = client.get(url).content.decode()
        assert _marked(page, UNCONFIRMED), url
        assert not _marked(page, CONFIRMED), url
    pdf = pdf_text(client.get("/guide/action-cards/born/bekymring.pdf").content)
    assert _marked(pdf, UNCONFIRMED) and not _marked(pdf, CONFIRMED)


def test_the_routing_answer_flags_it(settings, plan_file):
    load_and_adopt(plan_file, settings)
    out = StringIO()
    call_command("plan_route", "--age=10", "--at=2026-11-28T23:30", stdout=out)
    [linjen] = [c for c in json.loads(out.getvalue())["contacts"] if c["unit_code"] == "linjen"]
    assert linjen["unconfirmed"] and linjen["unconfirmed_fields"] == ["more_phones[0]"]
    assert [(p["phone"], p["unconfirmed"]) for p in linjen["more_phones"]] == [(UNCONFIRMED, True), (CONFIRMED, False)]


def test_the_api_names_it(settings, plan_file, make_user):
    from beredskab.api.tokens import token_create

    load_and_adopt(plan_file, settings)
    admin = make_user(email="admin@test.example", is_staff=True, is_superuser=True)
    account = make_user(email="integration@test.example")
    _token, secret = token_create(actor=admin, name="Test", user=account, scopes=["read-plan"], days=90)
    body = Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get("/api/v1/plan/").json()
    [linjen] = [u for u in body["units"] if u["code"] == "linjen"]
    assert linjen["unconfirmed_fields"] == ["more_phones[0]"]
    assert [p["phone"] for p in linjen["more_phones"]] == [UNCONFIRMED, CONFIRMED]
    assert "units[linjen].more_phones[0]" in body["unconfirmed"]


def test_the_export_keeps_it_and_the_coordinator_confirms_it(settings, plan_file):
    plan = load_and_adopt(plan_file, settings)
    [linjen] = [u for u in plan_to_document(plan)["units"] if u["code"] == "linjen"]
    assert (
        linjen["more_phones"] == _data()["units"][[u["code"] for u in _data()["units"]].index("linjen")]["more_phones"]
    )
    [fact] = [f for f in plan.unconfirmed_facts() if f.place == "units[linjen].more_phones[0]"]
    assert (fact.key, fact.value, fact.note) == ("unit:linjen:more_phones[0]", UNCONFIRMED, NOTE)
    assert "Sms-linjen" in fact.label
    plan_fact_confirm(actor=None, plan=plan, fact_key=fact.key)
    unit = plan.units.get(code="linjen")
    assert unit.unconfirmed == {}
    [linjen] = [u for u in plan_to_document(plan)["units"] if u["code"] == "linjen"]
    assert linjen["more_phones"][0] == {"phone": UNCONFIRMED, "label": "Sms-linjen"}


def test_a_key_for_a_number_the_unit_has_not_is_refused(settings, plan_file):
    from django.core.exceptions import ValidationError

    plan = load_and_adopt(plan_file, settings)
    with pytest.raises(ValidationError):
        plan_fact_confirm(actor=None, plan=plan, fact_key="unit:linjen:more_phones[5]")


def test_the_api_routing_answer_flags_it(settings, plan_file):
    load_and_adopt(plan_file, settings)
    body = Client().get("/api/v1/route/", {"age": 10, "at": "2026-11-28T23:30:00+01:00"}).json()
    [linjen] = [c for c in body["contacts"] if c["unit_code"] == "linjen"]
    assert linjen["unconfirmed_fields"] == ["more_phones[0]"]
    assert [p["unconfirmed"] for p in linjen["more_phones"]] == [True, False]


def test_the_plan_editor_keeps_it(settings, plan_file):
    from beredskab.plan import editor, services
    from beredskab.plan.editor_forms import EditorPage
    from beredskab.plan.tests.test_editor import _post_data

    plan = load_and_adopt(plan_file, settings)
    draft = services.plan_draft_new_version(actor=None, from_plan=plan, version_label="udkast")
    doc = plan_to_document(draft)
    for slug, section in editor.SECTIONS.items():
        bound = EditorPage(section, doc, _post_data(EditorPage(section, doc)))
        assert bound.is_valid(), slug
        assert editor.replace_parts(doc, bound.values()) == doc, slug
    slug = next(s for s, section in editor.SECTIONS.items() if any(p.path == ("units",) for p in section.parts(doc)))
    values = {p.path: copy.deepcopy(editor.get_path(doc, p.path)) for p in editor.SECTIONS[slug].parts(doc)}
    [linjen] = [u for u in values[("units",)] if u["code"] == "linjen"]
    linjen["name"] = "Linjen (nyt navn)"
    services.plan_draft_edit_section(
        actor=None, plan=draft, section=slug, values=values, version=editor.section_version(doc, editor.SECTIONS[slug])
    )
    unit = draft.units.get(code="linjen")
    assert unit.name == "Linjen (nyt navn)" and unit.unconfirmed == {"more_phones[0]": NOTE}


def test_the_coordinator_sees_and_confirms_it_on_the_plans_page(settings, plan_file, client, make_user):
    from django.urls import reverse

    from beredskab.core.roles import Role

    plan = load_and_adopt(plan_file, settings)
    client.force_login(make_user(Role.PLAN_COORDINATOR))
    coordinator_client = client
    page = coordinator_client.get(reverse("plan:detail", args=[plan.pk])).content.decode()
    assert "units[linjen].more_phones[0]" in page and NOTE in page
    response = coordinator_client.post(
        reverse("plan:confirm_fact", args=[plan.pk]), {"fact": "unit:linjen:more_phones[0]"}
    )
    assert response.status_code == 302
    assert plan.units.get(code="linjen").unconfirmed == {}
