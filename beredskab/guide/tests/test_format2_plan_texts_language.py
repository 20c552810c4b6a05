"""The plan's own short texts (the acute introduction, the words before and after the warning
signs) in the English interface (attack of issue 15): the file's translation is shown where it
has one; else the Danish text is marked lang="da" and the page says it is not in the reader's
language. Before, the file could translate them but the guide never used the translation, and
Ishøj's Danish acute introduction stood unmarked on a page that said nothing was untranslated
(Ishøj's file now ships English for them)."""

import re
from pathlib import Path

import pytest
import yaml

from beredskab.guide import cards
from beredskab.plan.loader import load_plan_file

from .conftest import TUESDAY_10

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _ishoj_with_english(tmp_path, settings, **english):
    data = yaml.safe_load((Path(settings.BASE_DIR) / "plans" / "ishoj-2024.yaml").read_text(encoding="utf-8"))
    keys = ("acute.intro", "warning_signs.intro", "warning_signs.note")
    data["translations"]["en"] = {k: v for k, v in data["translations"]["en"].items() if k not in keys}
    data["translations"]["en"].update(english)
    path = tmp_path / "ishoj-en.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    settings.MUNICIPALITY_CODE = "ishoj"
    return load_plan_file(path, adopt=True).plan


def test_an_untranslated_acute_intro_and_signs_intro_are_marked_danish(english, settings, tmp_path, at):
    at(TUESDAY_10)
    _ishoj_with_english(tmp_path, settings)
    page = english.get("/guide/akut/").content.decode()
    assert re.search(r'<p class="guide-acute-intro" lang="da">Ved akut bekymring', page)
    assert "guide-untranslated" in page
    page = english.get("/guide/bekymring/born/fagperson/").content.decode()
    assert re.search(r'<p lang="da">\s*Børn, unge og voksne, der udsættes', page)
    assert "guide-untranslated" in page


def test_the_files_translations_of_intro_and_notes_are_shown(english, settings, tmp_path, cards_dir, at):
    at(TUESDAY_10)
    plan = _ishoj_with_english(
        tmp_path,
        settings,
        **{
            "acute.intro": "In acute danger:",
            "warning_signs.intro": "Signs often show as changes in behaviour.",
            "warning_signs.note": "The list is not exhaustive.",
        },
    )
    assert "In acute danger:" in english.get("/guide/akut/").content.decode()
    page = english.get("/guide/bekymring/born/fagperson/").content.decode()
    assert "Signs often show as changes in behaviour." in page and "The list is not exhaustive." in page
    assert "The list is not exhaustive." in english.get("/guide/action-cards/born/bekymring/").content.decode()
    assert "In acute danger:" in english.get("/guide/action-cards/born/akut/").content.decode()
    built = cards.build_card(plan, plan.target_groups.get(code="born"), cards.ACUTE)
    assert str(built.acute_intro) == "In acute danger:" and built.acute_intro.lang == ""


def test_plan_texts_without_a_translation_make_the_page_say_so(english, ishoj_guide_plan, cards_dir, at):
    """Ishøj's English path page showed the Danish duty text and definitions and said nothing
    was untranslated. The file now translates them; without the duty text's translation, the
    page shows it in Danish, marked, and says so."""
    at(TUESDAY_10)
    ishoj_guide_plan.translations["en"].pop("target_groups[born].duty_to_report[professional].text")
    ishoj_guide_plan.save(update_fields=["translations"])
    page = english.get("/guide/bekymring/born/fagperson/").content.decode()
    assert '<p lang="da">Fagpersoner har skærpet underretningspligt' in page and "guide-untranslated" in page
    card = english.get("/guide/action-cards/born/bekymring/").content.decode()
    assert "guide-untranslated" in card
