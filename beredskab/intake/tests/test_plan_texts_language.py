"""The report form in the English interface (attack of issue 15): the plan's acute steps in the
reader's language where the file translates them, else marked lang="da"; and since the signs to
tick and the plan's notes are the plan's Danish words, the form says so in the reader's
language. Before, the form showed them in Danish with no word and no lang mark."""

import pytest

pytestmark = pytest.mark.django_db
NOTE = "guide-untranslated"


def test_the_english_report_form_says_the_plans_texts_are_danish(client, settings, ishoj_plan):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/underretning/ny/?akut=1").content.decode()
    # Ishøj's file translates its signs, steps and duty texts: the form shows them in English.
    assert NOTE not in page and "A lot of absence from education" in page
    ishoj_plan.translations["en"].pop("target_groups[born].warning_signs[1]")
    ishoj_plan.save(update_fields=["translations"])
    page = client.get("/underretning/ny/?akut=1").content.decode()
    assert NOTE in page and '<span lang="da">Meget fravær fra uddannelse</span>' in page


def test_the_danish_report_form_has_no_such_note(client, settings, ishoj_plan):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "da"
    assert NOTE not in client.get("/underretning/ny/?akut=1").content.decode()


def test_acute_steps_without_a_translation_are_marked_danish(settings, ishoj_plan):
    from django.utils import translation

    from beredskab.intake.plan_texts import form_texts

    ishoj_plan.translations = {}
    with translation.override("en"):
        texts = form_texts(ishoj_plan)
    assert texts.untranslated and all(step.lang == "da" for step in texts.acute_steps)
    with translation.override("da"):
        texts = form_texts(ishoj_plan)
    assert not texts.untranslated and not any(step.lang for step in texts.acute_steps)
