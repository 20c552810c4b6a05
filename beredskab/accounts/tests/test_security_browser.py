"""In a real browser: a case worker sets up two-factor login, logs in again with a code, and
the login, code, enrolment and audit pages pass the WCAG 2.1 AA scan."""

import base64

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from beredskab.core.roles import Role
from conftest import TEST_PASSWORD, totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _password_step(page, user):
    page.goto("/konto/login/?next=/start/")
    page.fill("#id_username", user.email)
    page.fill("#id_password", TEST_PASSWORD)
    page.click("button[type=submit].button-primary")
    page.wait_for_load_state()


def test_case_worker_enrols_and_logs_in_with_a_code(page, axe_check, make_user):
    user = make_user(Role.CHILD_CASEWORKER, "straxen", full_name="Sara Sagsbehandler")
    page.goto("/konto/login/")
    axe_check(page, "login page")

    _password_step(page, user)
    assert "/konto/to-faktor/opsaet/" in page.url
    assert page.inner_text("h1") == "Sæt to-faktor-login op"
    assert page.get_attribute("img.accounts-qr", "src").startswith("data:image/svg+xml")
    assert page.evaluate("document.querySelector('img.accounts-qr').naturalWidth") > 0  # not blocked by the CSP
    axe_check(page, "two-factor enrolment page")

    page.fill("#id_code", "000000")
    page.click("button[type=submit].button-primary")
    assert "Koden passer ikke" in page.inner_text("main")
    axe_check(page, "enrolment page with an error")

    secret = page.inner_text("#totp-secret").replace(" ", "")
    key_hex = base64.b32decode(secret + "=" * (-len(secret) % 8)).hex()
    page.fill("#id_code", totp_code(key_hex))
    page.click("button[type=submit].button-primary")
    page.wait_for_url("**/start/")
    assert "To-faktor-login er sat op" in page.inner_text("main")

    # Log out, and in again: now the code is asked for.
    page.click("text=Log af")
    page.wait_for_url("**/konto/login/")
    _password_step(page, user)
    assert "/konto/to-faktor/" in page.url and page.inner_text("h1") == "Skriv engangskoden"
    axe_check(page, "code page")
    page.goto("/konto/")  # nothing is reachable before the code
    assert "/konto/to-faktor/" in page.url
    device = TOTPDevice.objects.get(user=user)
    page.fill("#id_code", totp_code(device.key, after_t=device.last_t))
    page.click("button[type=submit].button-primary")
    page.wait_for_url("**/konto/")
    assert page.inner_text("h1") == "Min konto"
    axe_check(page, "my account page")


def test_audit_pages_pass_the_accessibility_scan(page, login, axe_check, make_user):
    login(make_user(Role.AUDITOR, full_name="Rasmus Revisor"))
    page.goto("/revision/")
    axe_check(page, "audit search page")
    page.fill("#id_date_from", "2026-03-05")
    page.fill("#id_date_to", "2026-03-01")
    page.click("button[type=submit].button-primary")
    assert "Til-datoen skal være samme dag" in page.inner_text("main")
    axe_check(page, "audit search with errors")
    page.fill("#id_date_from", "")
    page.fill("#id_date_to", "")
    page.click("button[type=submit].button-primary")
    assert "hændelse" in page.inner_text("#audit-results-heading")
    axe_check(page, "audit search results")

    page.goto("/revision/borgerindsigt/")
    axe_check(page, "citizen access page")
    page.fill("#id_cpr", "010203-1234")
    page.click("button[value=html]")
    assert "Opslag på 010203-xxxx" in page.inner_text("main")
    axe_check(page, "citizen access result")
    with page.expect_download() as download:
        page.click("button[value=pdf]")
    assert download.value.suggested_filename.endswith(".pdf")
