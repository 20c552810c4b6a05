"""A district's name ("Distrikt Nord", where the plan routes a group by postcode) is one of the
plan's public texts (issue 15): the file can translate it (`target_groups[born].districts[0].name`;
districts have no code), the guide's page, the action card and the routing answer show the
translation in English, and without one the Danish name is marked lang="da", the page says so
and the routing answer lists it as untranslated. Before, it was Danish and unmarked."""

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

from .conftest import load_and_adopt

pytestmark = pytest.mark.django_db
AASTRAND = Path(settings.BASE_DIR) / "plans" / "example-aastrand.yaml"
KEY = "target_groups[born].districts[0].name"
PAGE = "/guide/bekymring/born/fagperson/?postnummer=9993"
CARD = "/guide/action-cards/born/bekymring/"
NOTICE = "Some of the plan"


def _with_english(tmp_path, texts: dict) -> Path:
    data = yaml.safe_load(AASTRAND.read_text(encoding="utf-8"))
    data.setdefault("translations", {}).setdefault("en", {}).update(texts)
    path = tmp_path / AASTRAND.name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _route() -> dict:
    out = StringIO()
    call_command("plan_route", "--age=10", "--postcode=9993", "--at=2026-11-24T10:00", "--language=en", stdout=out)
    return json.loads(out.getvalue())


def test_a_district_name_is_a_public_text():
    assert public_texts(validate_plan_data(read_plan_file(AASTRAND)).spec)[KEY] == "Distrikt Nord"


def test_an_untranslated_district_name_is_marked_danish(client, settings, cards_dir):
    load_and_adopt(AASTRAND, settings)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(PAGE).content.decode()
    assert '<span lang="da">Distrikt Nord</span>' in page and NOTICE in page
    card = client.get(CARD).content.decode()
    assert 'lang="da">– Distrikt Nord</span>' in card
    assert KEY in _route()["untranslated"]


def test_a_translated_district_name_is_shown_in_english(client, settings, cards_dir, tmp_path):
    load_and_adopt(_with_english(tmp_path, {KEY: "North district"}), settings)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(PAGE).content.decode()
    # (the district's unit is called "Distrikt Nord" too: a unit's name is its own, never translated)
    assert "North district" in page and '<span lang="da">Distrikt Nord</span>' not in page
    card = client.get(CARD).content.decode()
    assert "– North district" in card and "– Distrikt Nord" not in card
    answer = _route()
    assert "North district" in json.dumps(answer) and KEY not in answer["untranslated"]


def test_a_translation_for_an_unknown_district_is_refused(tmp_path):
    result = validate_plan_data(read_plan_file(_with_english(tmp_path, {"target_groups[born].districts[9].name": "X"})))
    assert any("districts[9].name" in e and "names no text" in e for e in map(str, result.errors))
