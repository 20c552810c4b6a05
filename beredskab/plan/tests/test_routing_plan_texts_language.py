"""The routing answer (plan_route, /api/v1/route/) in English names no plan text in Danish
without listing it in `untranslated` (attack of issue 15): a unit's special closed day's note
("Personaledag", in the reason "special closure day: Personaledag") and a unit's channel rules
("Mails, der kommer fredag efter kl. 12 ... bliver ikke læst") were shown in Danish, could not be
translated by the file, and the answer said every text was translated."""

import json
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command

from beredskab.guide.tests.conftest import load_and_adopt
from beredskab.plan.loader import read_plan_file
from beredskab.plan.validation import validate_plan_data
from beredskab.plan.validation.translations import public_texts

pytestmark = pytest.mark.django_db
PLANS = Path(settings.BASE_DIR) / "plans"
NOTE = "units[ungeteam].special_days[2026-09-04].note"
RULE = "units[radgivning].channel_rules[0]"


def _route(language: str, **options) -> dict:
    out = StringIO()
    args = [f"--{k}={v}" for k, v in options.items()]
    call_command("plan_route", *args, f"--language={language}", stdout=out)
    return json.loads(out.getvalue())


def _with_english(tmp_path, name: str, texts: dict) -> Path:
    data = yaml.safe_load((PLANS / name).read_text(encoding="utf-8"))
    data.setdefault("translations", {}).setdefault("en", {}).update(texts)
    data["plan"]["version"] = f"{data['plan']['version']}-{tmp_path.name}"  # a new version of the same plan
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_a_special_days_note_is_a_public_text_the_file_can_translate():
    texts = public_texts(validate_plan_data(read_plan_file(PLANS / "example-nordby.yaml")).spec)
    assert texts[NOTE] == "Personaledag"


def test_an_untranslated_special_day_note_is_listed(settings):
    load_and_adopt(PLANS / "example-nordby.yaml", settings)
    answer = _route("en", age=15, at="2026-09-04T10:00")
    assert "Personaledag" in answer["reason"]
    assert NOTE in answer["untranslated"] and answer["untranslated_notice"]


def test_a_translated_special_day_note_is_shown_in_english(settings, tmp_path):
    load_and_adopt(_with_english(tmp_path, "example-nordby.yaml", {NOTE: "Staff day"}), settings)
    answer = _route("en", age=15, at="2026-09-04T10:00")
    assert "Staff day" in answer["reason"] and "Personaledag" not in json.dumps(answer, ensure_ascii=False)
    assert NOTE not in answer["untranslated"]
    assert "Personaledag" in _route("da", age=15, at="2026-09-04T10:00")["reason"]


def test_untranslated_channel_rules_in_the_answer_are_listed(settings):
    load_and_adopt(PLANS / "example-engby.yaml", settings)
    answer = _route("en", age=10, at="2026-11-27T16:40")
    rules = [r for c in answer["contacts"] for r in c["channel_rules"]]
    assert rules and RULE in answer["untranslated"] and answer["untranslated_notice"]


def test_channel_rules_in_the_answer_are_in_the_readers_language(settings, tmp_path):
    english = "E-mails received after noon on Friday are not read. Call the on-call service."
    load_and_adopt(_with_english(tmp_path, "example-engby.yaml", {RULE: english}), settings)
    answer = _route("en", age=10, at="2026-11-27T16:40")
    rules = [r["rule"] for c in answer["contacts"] for r in c["channel_rules"]]
    assert rules == [english] and RULE not in answer["untranslated"]
    danish = _route("da", age=10, at="2026-11-27T16:40")
    assert next(r["rule"] for c in danish["contacts"] for r in c["channel_rules"]).startswith("Mails, der kommer")


def test_the_guide_in_english_says_a_special_days_note_is_in_danish(client, settings, tmp_path):
    """The guide's contact card words the same reason ("(special closure day: Personaledag)"):
    with every other text of the plan in English, the page still says some of the plan's texts
    are in Danish; with the note's English too, it shows that and says nothing."""
    import time_machine

    notice = "Some of the plan's texts are not available in your language"
    texts = public_texts(validate_plan_data(read_plan_file(PLANS / "example-nordby.yaml")).spec)
    english = {key: f"EN {text}" for key, text in texts.items() if key != NOTE}
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with time_machine.travel("2026-09-04T08:00:00Z", tick=False):  # 10:00 in Copenhagen
        load_and_adopt(_with_english(tmp_path, "example-nordby.yaml", english), settings)
        page = client.get("/guide/bekymring/born-unge/fagperson/").content.decode()
        assert "Personaledag" in page and notice in page
        english[NOTE] = "Staff day"
        (tmp_path / "v2").mkdir()
        load_and_adopt(_with_english(tmp_path / "v2", "example-nordby.yaml", english | {"plan.title": "EN2"}), settings)
        page = client.get("/guide/bekymring/born-unge/fagperson/").content.decode()
        assert "Staff day" in page and "Personaledag" not in page and notice not in page
