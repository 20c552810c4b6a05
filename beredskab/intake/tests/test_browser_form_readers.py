"""The report form with the plan's channel rules and the reader "the person themselves", in a
real browser: axe-core WCAG 2.1 AA at full width and at 360 px, and by keyboard."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from beredskab.plan.loader import load_plan_file

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TUESDAY_10 = datetime.datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))


def test_the_form_with_channel_rules_and_the_person_themselves_is_accessible(page, axe_check, settings):
    settings.MUNICIPALITY_CODE = "engby"
    load_plan_file(settings.BASE_DIR / "plans" / "example-engby.yaml", adopt=True)
    with time_machine.travel(TUESDAY_10, tick=True):
        page.goto("/underretning/ny/")
        assert page.locator(".intake-channel-rules").is_visible()
        axe_check(page, "report form with channel rules")
        page.set_viewport_size({"width": 360, "height": 800})
        axe_check(page, "report form with channel rules, 360 px")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        page.focus("#id_reporter_kind_2")
        page.keyboard.press("Space")
        assert page.is_checked("#id_reporter_kind_2")
        assert "Det handler om mig selv" in page.locator("label[for=id_reporter_kind_2]").inner_text()
