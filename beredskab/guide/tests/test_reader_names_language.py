"""The names of the readers a plan adds ("Jeg er sagsbehandler i Børn og Familie", shown in the
guide's "Hvem er du?" on the report form and on its action cards) are public texts the plan can translate
(`readers[sagsbehandler].name`, issue 15): shown in English where the file gives them, else in
Danish marked lang="da" with the notice. Before, they were Danish and unmarked on English pages."""

import datetime
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from beredskab.plan.loader import load_plan_file, read_plan_file
from beredskab.plan.validation import validate_plan_data
from beredskab.plan.validation.translations import public_texts

pytestmark = pytest.mark.django_db
AABY = Path(settings.BASE_DIR) / "plans" / "example-aaby.yaml"
KEY = "readers[sagsbehandler].name"
DANISH = "Jeg er sagsbehandler i Børn og Familie"
ENGLISH = "I am a case worker in Children and Families"
NOTICE = "Some of the plan"  # "Nogle af planens tekster findes ikke på dit sprog" in English


def _file(tmp_path, texts: dict) -> Path:
    data = yaml.safe_load(AABY.read_text(encoding="utf-8"))
    if texts:
        data.setdefault("translations", {}).setdefault("en", {}).update(texts)
    path = tmp_path / AABY.name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _adopt(path: Path, settings_fixture):
    data = read_plan_file(path)
    settings_fixture.MUNICIPALITY_CODE = data["municipality"]["code"]
    adoption = data.get("adoption") or {}
    options = {}
    if not adoption.get("adopted_by"):
        options["adopted_by"] = "Byrådet (test)"
    if not adoption.get("adopted_on"):
        options["adopted_on"] = datetime.date(2026, 1, 15)
    return load_plan_file(path, adopt=True, **options).plan


def _pages(client, settings_fixture) -> dict[str, str]:
    client.cookies[settings_fixture.LANGUAGE_COOKIE_NAME] = "en"
    return {
        "who": client.get("/guide/hvem/").content.decode(),
        "path": client.get("/guide/bekymring/born/sagsbehandler/").content.decode(),
        "form": client.get("/underretning/ny/").content.decode(),
        "card": client.get("/guide/action-cards/born/bekymring/?laeser=sagsbehandler").content.decode(),
    }


def test_a_reader_name_is_a_public_text():
    assert public_texts(validate_plan_data(read_plan_file(AABY)).spec)[KEY] == DANISH


def test_an_untranslated_reader_name_is_marked_danish_with_the_notice(client, settings, cards_dir):
    _adopt(AABY, settings)
    for name, page in _pages(client, settings).items():
        assert f'<span lang="da">{DANISH}</span>' in page, name
        assert NOTICE in page, name


def test_a_translated_reader_name_is_shown_in_english(client, settings, tmp_path, cards_dir):
    _adopt(_file(tmp_path, {KEY: ENGLISH}), settings)
    for name, page in _pages(client, settings).items():
        assert ENGLISH in page and DANISH not in page, name
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "da"
    assert DANISH in client.get("/guide/hvem/").content.decode()


def test_a_translation_for_an_unknown_reader_is_refused(tmp_path):
    result = validate_plan_data(read_plan_file(_file(tmp_path, {"readers[laerer].name": "Teacher"})))
    assert any("readers[laerer].name" in e and "names no text" in e for e in map(str, result.errors))
