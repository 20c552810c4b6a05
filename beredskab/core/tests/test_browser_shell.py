"""Browser tests of the page shell: every role logs in and sees its start page; WCAG scan."""

import pytest

from beredskab.core.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLE_UNITS = {
    Role.FRONTLINE: "skole-demo",
    Role.CHILD_CASEWORKER: "straxen",
    Role.ADULT_TASKFORCE: "taskforce-voksne",
    Role.UNIT_LEADER: "straxen",
    Role.PLAN_COORDINATOR: None,
    Role.AUDITOR: None,
    Role.SYSADMIN: None,
}


def test_login_page_passes_axe_and_shows_errors_next_to_the_form(page, axe_check, make_user):
    make_user(Role.FRONTLINE, "skole-demo", email="frida@test.example")
    page.goto("/konto/login/")
    axe_check(page, "login page")
    page.fill("#id_username", "frida@test.example")
    page.fill("#id_password", "forkert-adgangskode")
    page.click("button[type=submit].button-primary")
    assert "E-mail eller adgangskode er forkert" in page.inner_text("main")
    assert page.input_value("#id_username") == "frida@test.example"
    axe_check(page, "login page with error")


@pytest.mark.parametrize("role", list(ROLE_UNITS))
def test_each_role_logs_in_and_sees_its_start_page(role, page, login, axe_check, make_user):
    user = make_user(role, ROLE_UNITS[role], full_name="Demo Person")
    login(user)
    page.goto("/start/")
    assert page.inner_text("h1") == "Velkommen, Demo"
    assert str(Role(role).label) in page.inner_text("main")
    axe_check(page, f"start page for {role}")


def test_start_page_works_on_a_phone_without_horizontal_scrolling(page, login, make_user):
    page.set_viewport_size({"width": 360, "height": 740})
    login(make_user(Role.PLAN_COORDINATOR))
    page.goto("/start/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_keyboard_user_can_skip_to_content(page):
    page.goto("/tilgaengelighed/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Gå til sidens indhold"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"
