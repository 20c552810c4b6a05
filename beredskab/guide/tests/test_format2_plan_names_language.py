"""The plan's title, its target groups' names, its partners' purposes and the plan's words in
routing reasons, in the English interface (issue 15): the file translates them (`plan.title`,
`target_groups[born].name`, `partners[politi].purpose`), the guide's pages, the action card (HTML
and PDF), `plan_route` and the API show the translation; without one, the Danish text is marked
lang="da" and the page (or the answer) says, in English, that some texts are in Danish. Before,
these stayed Danish and unmarked on pages that said nothing was untranslated."""

import json
import re
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.utils import translation

from beredskab.guide import cards
from beredskab.plan.content import content_changed
from beredskab.plan.loader import load_plan_file
from beredskab.plan.reasons import _TEMPLATES, ReasonCode

from .conftest import TUESDAY_10
from .test_cards import pdf_text

pytestmark = pytest.mark.django_db

TITLE_EN = "Preparedness plan against negative social control and honour-related conflicts"
TITLE_DA = "Beredskabsplan mod negativ social kontrol og æresrelaterede konflikter"
CHILDREN_EN = "Children and young people under 18"
CHILDREN_DA = "Børn og unge under 18 år"
POLICE_EN = "Involved as needed in the risk assessment in cases about children and young people."
POLICE_DA = "Inddrages efter behov i risikovurderingen i sager om børn og unge."
NOTICE = "Some of the plan's texts are not available in your language"
KEYS = ("plan.title", "target_groups[born].name", "target_groups[voksne].name")


@pytest.fixture
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _ishoj_without(tmp_path, settings, *keys):
    """Ishøj's file without the English of these places (a plan that does not translate them)."""
    data = yaml.safe_load((Path(settings.BASE_DIR) / "plans" / "ishoj-2024.yaml").read_text(encoding="utf-8"))
    english = data["translations"]["en"]
    data["translations"]["en"] = {k: v for k, v in english.items() if k not in keys and not k.startswith("partners[")}
    path = tmp_path / "ishoj-no-names.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    settings.MUNICIPALITY_CODE = "ishoj"
    return load_plan_file(path, adopt=True).plan


def _route(language: str, **options) -> dict:
    out = StringIO()
    args = [f"--{k}={v}" for k, v in options.items()]
    call_command("plan_route", *args, f"--language={language}", "--at=2026-11-24T10:00", stdout=out)
    return json.loads(out.getvalue())


def test_in_english_the_guide_shows_the_files_english_names_title_and_purposes(
    english, ishoj_guide_plan, cards_dir, at
):
    at(TUESDAY_10)
    who = english.get("/guide/hvem/").content.decode()
    assert CHILDREN_EN in who and CHILDREN_DA not in who and NOTICE not in who
    path = english.get("/guide/bekymring/born/fagperson/").content.decode()
    assert f"Concern for: {CHILDREN_EN}" in path and TITLE_EN in path
    assert CHILDREN_DA not in path and TITLE_DA not in path and NOTICE not in path
    about = english.get("/guide/om-planen/").content.decode()
    assert POLICE_EN in about and TITLE_EN in about
    assert POLICE_DA not in about and NOTICE not in about
    acute = english.get("/guide/akut/").content.decode()
    assert CHILDREN_EN in acute and CHILDREN_DA not in acute
    index = english.get("/guide/action-cards/").content.decode()
    assert CHILDREN_EN in index and CHILDREN_DA not in index and NOTICE not in index
    card = english.get("/guide/action-cards/born/bekymring/").content.decode()
    assert CHILDREN_EN in card and TITLE_EN in card and CHILDREN_DA not in card and NOTICE not in card


def test_in_english_the_action_card_pdf_shows_the_english_name_and_title(ishoj_guide_plan, cards_dir):
    group = ishoj_guide_plan.target_groups.get(code="born")
    with translation.override("en"):
        text = " ".join(pdf_text(cards.card_pdf(ishoj_guide_plan, group, cards.CONCERN)).split())
    assert CHILDREN_EN in text and "Preparedness plan against negative social control" in text
    assert CHILDREN_DA not in text and "Beredskabsplan mod" not in text


def test_in_english_the_routing_answer_names_the_group_in_english(ishoj_guide_plan, client):
    answer = _route("en", age=15)
    assert answer["target_group"]["name"] == CHILDREN_EN
    assert f"15 years: {CHILDREN_EN}." in answer["reason"]
    assert {"code": "age", "params": {"age": 15, "group": CHILDREN_EN}} in answer["reasons"]
    assert answer["untranslated"] == [] and answer["untranslated_notice"] == ""
    danish = _route("da", age=15)
    assert danish["target_group"]["name"] == CHILDREN_DA and f"15 år: {CHILDREN_DA}." in danish["reason"]
    api = client.get("/api/v1/route/", {"age": 15}, HTTP_ACCEPT_LANGUAGE="en").json()
    assert api["target_group"]["name"] == CHILDREN_EN and f"15 years: {CHILDREN_EN}." in api["reason"]


def test_without_the_files_english_the_danish_is_marked_and_the_page_says_so(english, settings, tmp_path, org, at):
    at(TUESDAY_10)
    _ishoj_without(tmp_path, settings, *KEYS)
    who = english.get("/guide/hvem/").content.decode()
    assert f'<span lang="da">{CHILDREN_DA}</span>' in who and NOTICE in who
    path = english.get("/guide/bekymring/born/fagperson/").content.decode()
    assert f'Concern for: <span lang="da">{CHILDREN_DA}</span>' in path
    assert f'<span lang="da">{TITLE_DA}</span>' in path and NOTICE in path
    about = english.get("/guide/om-planen/").content.decode()
    assert re.search(rf'<p lang="da">{POLICE_DA}', about) and NOTICE in about
    card = english.get("/guide/action-cards/born/bekymring/").content.decode()
    assert f'<span lang="da">{CHILDREN_DA}</span>' in card and NOTICE in card
    index = english.get("/guide/action-cards/").content.decode()
    assert f'<h2 lang="da">{CHILDREN_DA}</h2>' in index and NOTICE in index


def test_without_the_files_english_the_routing_answer_says_which_texts_are_danish(settings, tmp_path, org, client):
    _ishoj_without(tmp_path, settings, *KEYS)
    answer = _route("en", age=15)
    assert answer["target_group"]["name"] == CHILDREN_DA and f"15 years: {CHILDREN_DA}." in answer["reason"]
    assert answer["untranslated"] == ["target_groups[born].name"]
    assert answer["untranslated_notice"].startswith(NOTICE)
    api = client.get("/api/v1/route/", {"age": 15}, HTTP_ACCEPT_LANGUAGE="en").json()
    assert api["untranslated"] == ["target_groups[born].name"] and api["untranslated_notice"].startswith(NOTICE)
    assert _route("da", age=15)["untranslated"] == []  # Danish is the plan's own language


def test_every_routing_reason_of_the_system_has_english_words():
    """The reasons' own words are the system's (gettext), not the plan's: each has an English text."""
    same_in_both = {ReasonCode.PLAN_TEXT, ReasonCode.WEEKEND}  # the plan's own words; "weekend" is both
    for code, template in _TEMPLATES.items():
        if code in same_in_both:
            continue
        with translation.override("en"):
            english = str(template)
        with translation.override("da"):
            danish = str(template)
        assert english != danish, f"{code}: {danish!r} has no English"


def test_a_closure_days_name_in_the_reasons_is_the_plans_translation(ishoj_guide_plan):
    """The plan's closure days are its words too ("Juleaftensdag"): in English the reasons name the
    day as the file translates it (`routing.closure_days[12-24].name`)."""
    out = StringIO()
    call_command("plan_route", "--age=15", "--language=en", "--at=2026-12-24T10:00", stdout=out)
    answer = json.loads(out.getvalue())
    assert "Christmas Eve" in answer["reason"] and "Juleaftensdag" not in out.getvalue()
    assert answer["untranslated"] == []
    ishoj_guide_plan.translations["en"].pop("routing.closure_days[12-24].name")
    ishoj_guide_plan.save(update_fields=["translations"])
    content_changed(ishoj_guide_plan)  # as every writer of a version's rows does
    out = StringIO()
    call_command("plan_route", "--age=15", "--language=en", "--at=2026-12-24T10:00", stdout=out)
    answer = json.loads(out.getvalue())
    assert "Juleaftensdag" in answer["reason"] and answer["untranslated"] == ["routing.closure_days[12-24].name"]
