"""A further number's label ("Sms-linjen") is one of the plan's public texts (attack of issue 15):
the file can translate it (`units[linjen].more_phones[0].label`), the guide's pages, the action
card and the routing answer show the translation in English, and without one the Danish label is
marked lang="da" and the page says so. Before, it could not be translated and was shown in Danish,
unmarked, on English pages that said nothing was untranslated."""

import json
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command

from beredskab.plan.loader import read_plan_file
from beredskab.plan.validation import validate_plan_data
from beredskab.plan.validation.translations import public_texts

from .conftest import SATURDAY_NIGHT, load_and_adopt

pytestmark = pytest.mark.django_db
KYSTBY = Path(settings.BASE_DIR) / "plans" / "example-kystby.yaml"
LABEL = "units[linjen].more_phones[0].label"


def _with_english(tmp_path, texts: dict) -> Path:
    data = yaml.safe_load(KYSTBY.read_text(encoding="utf-8"))
    data.setdefault("translations", {}).setdefault("en", {}).update(texts)
    path = tmp_path / KYSTBY.name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_a_phone_label_is_a_public_text():
    assert public_texts(validate_plan_data(read_plan_file(KYSTBY)).spec)[LABEL] == "Sms-linjen"


def test_an_untranslated_label_is_marked_danish(client, settings, cards_dir, at):
    at(SATURDAY_NIGHT)
    load_and_adopt(KYSTBY, settings)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/guide/bekymring/born/fagperson/").content.decode()
    assert '<span lang="da">Sms-linjen</span>' in page
    card = client.get("/guide/action-cards/born/bekymring/").content.decode()
    assert '<span lang="da">Sms-linjen</span>' in card


def test_a_translated_label_is_shown_in_english(client, settings, cards_dir, at, tmp_path):
    at(SATURDAY_NIGHT)
    load_and_adopt(_with_english(tmp_path, {LABEL: "Text line"}), settings)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/guide/bekymring/born/fagperson/").content.decode()
    assert "Text line" in page and "Sms-linjen" not in page
    card = client.get("/guide/action-cards/born/bekymring/").content.decode()
    assert "Text line" in card and "Sms-linjen" not in card
    out = StringIO()
    call_command("plan_route", "--age=10", "--at=2026-11-28T23:30", "--language=en", stdout=out)
    answer = json.loads(out.getvalue())
    labels = [p["label"] for c in answer["contacts"] for p in c["more_phones"]]
    assert labels == ["Text line"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "da"
    assert "Sms-linjen" in client.get("/guide/bekymring/born/fagperson/").content.decode()


def test_an_untranslated_label_is_listed_in_the_routing_answer(settings):
    load_and_adopt(KYSTBY, settings)
    out = StringIO()
    call_command("plan_route", "--age=10", "--at=2026-11-28T23:30", "--language=en", stdout=out)
    assert LABEL in json.loads(out.getvalue())["untranslated"]
