"""Forms with errors, the language switch and the error pages in a real browser (issue 12,
items 8 and 10), each page scanned with axe-core (WCAG 2.1 AA)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from beredskab.core.roles import Role
from beredskab.intake.models import Report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TUESDAY_10 = datetime.datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))


@pytest.fixture
def public_form(page, ishoj_plan, org):
    with time_machine.travel(TUESDAY_10, tick=True):
        yield page


def _active_id(page) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id")


def _check_summary_moves_focus(page, context: str) -> int:
    """After a failed submission the summary has focus; each of its links moves focus to its field."""
    page.wait_for_load_state()
    for _attempt in range(50):  # the deferred script focuses the summary (no wait_for_function: CSP)
        if (_active_id(page) or "").startswith("error-summary"):
            break
        page.wait_for_timeout(100)
    assert (_active_id(page) or "").startswith("error-summary"), f"{context}: focus is on {_active_id(page)!r}"
    assert page.evaluate("!!(window.DKFDS && window.DKFDS.ErrorSummary)"), "DKFDS's ErrorSummary is loaded"
    summary = page.locator("[data-module='error-summary']")
    links = summary.locator("a.function-link")
    count = links.count()
    assert count > 0, context
    for index in range(count):
        target = links.nth(index).get_attribute("href").removeprefix("#")
        links.nth(index).click()
        assert _active_id(page) == target, f"{context}: link {index} to #{target}"
        summary.focus()
    return count


def test_the_public_report_form_sent_empty_focuses_the_summary_and_links_to_every_field(public_form, axe_check):
    page = public_form
    page.goto("/underretning/ny/")
    page.click("text=Send underretningen")
    assert "Underretningen er ikke sendt endnu" in page.inner_text("[data-module='error-summary']")
    shown = page.locator(".form-error-message").count()
    assert _check_summary_moves_focus(page, "report form") == shown
    axe_check(page, "report form with errors")
    page.set_viewport_size({"width": 360, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert Report.objects.count() == 0


def test_the_guides_report_button_opens_the_question_without_errors(public_form, axe_check):
    page = public_form
    page.goto("/guide/bekymring/born/fagperson/")
    page.click("a.guide-report-button")
    assert "/underretning/?gruppe=born" in page.url
    assert page.locator(".form-error-message, [data-module='error-summary']").count() == 0
    page.click("button:has-text('Fortsæt')")  # nothing chosen: now it is an error, and focused
    _check_summary_moves_focus(page, "start")
    axe_check(page, "start with an error")
    page.check("#id_danger_0")
    page.click("button:has-text('Fortsæt')")
    # the reader chosen in the guide (fagperson) is carried to the form as a kind code only
    assert page.url.endswith("/underretning/ny/?gruppe=born&hvem=professional")


def test_a_staff_form_sent_empty_focuses_the_summary_and_links_to_every_field(
    page, login, axe_check, ishoj_plan, make_user
):
    from beredskab.cases.tests.factories import open_case

    worker = make_user(Role.CHILD_CASEWORKER, "straxen")
    case = open_case(worker)
    login(worker)
    page.goto(f"/sager/{case.reference}/journal/ny/")
    page.fill("#id_occurred_on", "")
    page.click("main form.beredskab-form button[type=submit].button-primary")
    page.wait_for_load_state()
    assert "Det blev ikke gemt" in page.inner_text("[data-module='error-summary']")
    _check_summary_moves_focus(page, "journal form")
    axe_check(page, "journal form with errors")


def test_switching_language_on_the_report_form_keeps_what_was_typed(public_form, axe_check):
    page = public_form
    page.goto("/underretning/ny/")
    page.check("#id_reporter_kind_1")  # a private person
    page.fill("#id_reporter_name", "Nabo Naboesen")
    page.fill("#id_subject_name", "Amira Testesen")
    page.fill("#id_narrative", "Hun bliver hentet af sin bror hver dag.")
    page.click("footer button[lang=en]")
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.input_value("#id_reporter_name") == "Nabo Naboesen"
    assert page.input_value("#id_subject_name") == "Amira Testesen"
    assert page.input_value("#id_narrative") == "Hun bliver hentet af sin bror hver dag."
    assert page.is_checked("#id_reporter_kind_1")
    assert page.locator(".form-error-message").count() == 0
    axe_check(page, "report form in English")
    page.click("footer button[lang=da]")
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.lang") == "da"
    assert page.input_value("#id_subject_name") == "Amira Testesen"
    # ... and the report is sent as typed.
    page.fill("#id_reporter_phone", "12345678")
    page.click("text=Send underretningen")
    page.wait_for_load_state()
    assert Report.objects.get().narrative == "Hun bliver hentet af sin bror hver dag."


def test_public_error_pages_have_the_quick_exit_and_pass_axe(page, ishoj_plan, axe_check, settings):
    page.context.route(  # the neutral site, served by the browser itself
        settings.QUICK_EXIT_URL + "*",
        lambda route: route.fulfill(status=200, content_type="text/html", body="<!DOCTYPE html><title>Vejret</title>"),
    )
    page.goto("/findes-ikke/")
    assert "Siden findes ikke" in page.inner_text("main")
    assert page.locator("#quick-exit").is_visible()
    axe_check(page, "404")
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.wait_for_url(settings.QUICK_EXIT_URL)
