"""The idle-timeout warning in a real browser (WCAG 2.2.1 Timing Adjustable), with the session
shortened by settings: it opens before the end, takes focus, is operated by keyboard, passes the
WCAG 2.1 AA scan at 360 px, closes in every tab when one tab stays logged in, and when the time
has run out the text typed into a journal note survives the new login (not saved until sent)."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from beredskab.accounts.models import KeptDraft
from beredskab.cases.models import JournalEntry
from beredskab.core.roles import Role
from conftest import TEST_PASSWORD, totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTE = "Samtale med klasselæreren om trivsel i frikvartererne.\nHun vil tale med sundhedsplejersken igen."


def _focused(page) -> str:
    """The focused element's id, or else its text."""
    return page.evaluate("document.activeElement.id || document.activeElement.textContent.trim()")


def test_the_warning_is_operable_by_keyboard_and_closes_in_every_tab(page, login, axe_check, make_user, settings):
    settings.SESSION_COOKIE_AGE = 24
    settings.SESSION_IDLE_WARNING_SECONDS = 12
    page.set_viewport_size({"width": 360, "height": 740})
    login(make_user(Role.FRONTLINE, "skole-demo", full_name="Frida Frontmedarbejder"))
    page.goto("/konto/")
    other_tab = page.context.new_page()
    other_tab.set_viewport_size({"width": 360, "height": 740})
    other_tab.goto("/konto/")
    page.bring_to_front()
    page.focus("main h1 + dl + h2 + p + form button")  # "Log ud alle steder": where focus must return
    before = _focused(page)

    warning = page.locator("#idle-warning")
    warning.wait_for(state="visible", timeout=20000)
    other_tab.locator("#idle-warning").wait_for(state="visible", timeout=20000)
    assert warning.get_attribute("role") == "alertdialog" and warning.get_attribute("aria-modal") == "true"
    assert warning.get_attribute("aria-hidden") == "false"
    assert page.inner_text("#idle-warning-title") == "Du bliver snart logget ud"
    assert "sekunder" in page.inner_text("[data-idle-remaining]")
    assert _focused(page) == "Forbliv logget ind"  # focus moved into the dialog
    assert page.evaluate("document.getElementById('main-content').closest('[inert]') !== null")
    # Keyboard: Tab stays inside the dialog (the page behind it is inert).
    page.keyboard.press("Tab")
    assert _focused(page) == "Log ud nu"
    page.keyboard.press("Shift+Tab")
    assert _focused(page) == "Forbliv logget ind"
    # Fits a 360 px phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    box = page.locator("#idle-warning .modal-content").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360
    axe_check(page, "page with the idle warning open (360 px)")

    page.keyboard.press("Enter")  # "Forbliv logget ind"
    warning.wait_for(state="hidden", timeout=5000)
    assert _focused(page) == before  # focus back where it was
    assert page.evaluate("document.getElementById('main-content').closest('[inert]') === null")
    expect(page.locator("#idle-status")).to_have_text("Du er stadig logget ind.")
    # The other tab learns of it and closes its warning too.
    other_tab.locator("#idle-warning").wait_for(state="hidden", timeout=5000)
    # The server renewed the session: a page still opens as logged in.
    settings.SESSION_COOKIE_AGE = 30 * 60
    page.goto("/konto/")
    assert "/konto/login/" not in page.url and page.inner_text("h1") == "Min konto"


def test_when_the_time_has_run_out_the_note_survives_the_new_login(page, login, axe_check, settings, worker, case):
    settings.SESSION_COOKIE_AGE = 20
    settings.SESSION_IDLE_WARNING_SECONDS = 10
    login(worker)
    journal = f"/sager/{case.reference}/journal/ny/"
    page.goto(journal)
    # The form says whose page it is on (an opaque mark), for a send after someone else's login.
    assert page.locator("main form.beredskab-form input[name=beredskab_page_user]").count() == 1
    page.fill("#id_body", NOTE)

    # The warning comes, nobody answers, the login ends: the dialog says so and that the text is kept.
    page.locator("#idle-warning").wait_for(state="visible", timeout=20000)
    ended = page.locator("#idle-ended")
    ended.wait_for(state="visible", timeout=30000)
    assert page.inner_text("#idle-ended-title") == "Du er logget ud"
    assert "er ikke tabt" in page.inner_text("[data-idle-kept]")
    assert _focused(page) == "Log ind igen"
    axe_check(page, "page with the logged-out notice")

    settings.SESSION_COOKIE_AGE = 30 * 60  # the rest of the test at a normal pace
    page.keyboard.press("Enter")  # "Log ind igen": the note is kept (never sent), then the login page
    page.wait_for_url(lambda url: "/konto/login/?next=" in url)
    assert "Det, du skrev, er gemt sikkert" in page.inner_text("main")
    assert not JournalEntry.objects.exists() and KeptDraft.objects.count() == 1

    page.fill("#id_username", worker.email)
    page.fill("#id_password", TEST_PASSWORD)
    page.click("button[type=submit].button-primary")
    page.wait_for_url(lambda url: "/konto/to-faktor/" in url)
    device = TOTPDevice.objects.get(user=worker, confirmed=True)
    page.fill("#id_code", totp_code(device.key, after_t=device.last_t))
    page.click("button[type=submit].button-primary")
    page.wait_for_url(f"**{journal}")

    # Back on the form, filled in, and told it is not saved yet.
    assert page.input_value("#id_body") == NOTE
    assert page.input_value("#id_kind") == "note"
    assert "hentet tilbage – men ikke gemt" in page.inner_text("#kept-draft")
    assert page.locator("[data-kept-draft-unfilled]").is_hidden()
    assert not JournalEntry.objects.exists()
    axe_check(page, "journal form with the restored note")

    page.click("main form.beredskab-form button[type=submit].button-primary")
    page.wait_for_load_state()
    assert JournalEntry.objects.get().body.replace("\r\n", "\n") == NOTE
    assert not KeptDraft.objects.exists()
