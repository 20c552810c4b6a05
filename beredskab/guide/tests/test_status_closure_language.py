"""A contact's status line in the guide names the plan's closure day ("(lukkedag: Juleaftensdag)"):
in English the day's name is the file's translation, and without one the Danish name is marked
lang="da" (issue 15). Before, the untranslated name sat unmarked in an English sentence."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from beredskab.plan.reasons import PlanWords, ReasonCode, RoutingReason, reason_html

pytestmark = pytest.mark.django_db
CHRISTMAS_EVE = datetime.datetime(2026, 12, 24, 10, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))
PAGE = "/guide/bekymring/born/fagperson/"


def test_the_closure_days_name_in_english(client, settings, ishoj_guide_plan, at):
    at(CHRISTMAS_EVE)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(PAGE).content.decode()
    assert "Christmas Eve" in page and "Juleaftensdag" not in page


def test_an_untranslated_closure_days_name_is_marked_danish(client, settings, ishoj_guide_plan, at):
    ishoj_guide_plan.translations["en"].pop("routing.closure_days[12-24].name")
    ishoj_guide_plan.save(update_fields=["translations"])
    at(CHRISTMAS_EVE)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(PAGE).content.decode()
    assert '<span lang="da">Juleaftensdag</span>' in page
    assert "Some of the plan" in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "da"
    page = client.get(PAGE).content.decode()
    assert "Juleaftensdag" in page and '<span lang="da">Juleaftensdag</span>' not in page


def test_the_reason_as_html_is_escaped_and_keeps_no_markers_of_the_plan():
    """The plan's text is escaped, and a private-use marker character in it makes no markup."""
    from django.utils import translation

    name = PlanWords("<b>Jul\ue000\ue001</b>", "routing.closure_days[12-24].name")
    with translation.override("en"):
        html = reason_html(RoutingReason(ReasonCode.CLOSURE_DAY, {"name": name}))
    assert html.endswith('<span lang="da">&lt;b&gt;Jul&lt;/b&gt;</span>')
    assert html.count("<span") == 1
