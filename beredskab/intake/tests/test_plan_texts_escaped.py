"""The plan's texts on the report form are escaped, in every language (attack of issue 15): a
target group's name or a sign group's name with markup, in a translation or in the Danish text,
is shown as text. Before, the signs' headings (`plan_texts.SignHeading`) were given to the page as
safe HTML when shown in the reader's language, so `<img src=x onerror=...>` in the file ran."""

import pytest

pytestmark = pytest.mark.django_db
HOSTILE = '<img src=x onerror="alert(1)">'


@pytest.mark.parametrize("language", ["da", "en"])
def test_a_group_name_with_markup_is_escaped_on_the_form(client, settings, ishoj_plan, language):
    group = ishoj_plan.target_groups.get(code="born")
    group.name = f"Børn {HOSTILE}"
    group.save(update_fields=["name"])
    ishoj_plan.translations["en"]["target_groups[born].name"] = f"Children {HOSTILE}"
    ishoj_plan.save(update_fields=["translations"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get("/underretning/ny/?akut=1").content.decode()
    assert HOSTILE not in page
    assert "&lt;img src=x onerror=" in page


def test_a_sign_heading_is_escaped_in_html():
    from django.utils.html import conditional_escape

    from beredskab.intake.plan_texts import SignHeading
    from beredskab.plan.localized import Localized

    assert HOSTILE not in conditional_escape(SignHeading("Børn", Localized(HOSTILE)))
    assert HOSTILE not in conditional_escape(SignHeading("Børn", Localized(HOSTILE, "da")))
    assert HOSTILE not in conditional_escape(SignHeading(HOSTILE))
