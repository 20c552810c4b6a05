"""Fixtures shared by every app's tests: users per role, the demo organisation, and a real
Chromium browser (Playwright) with an axe-core accessibility check."""

import os
import shutil
from pathlib import Path

import pytest

from config import env

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API beside live_server

AXE_SCRIPT = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
TEST_PASSWORD = "Test-adgangskode-2026"  # noqa: S105 - test users only


@pytest.fixture(autouse=True)
def _danish_by_default():
    """Each test starts in Danish: a request in English must not leak into the next test."""
    from django.utils import translation

    translation.activate("da")
    yield
    translation.activate("da")


# --- organisation and users -------------------------------------------------------------


@pytest.fixture
def org(db):
    """The synthetic demo organisation (Ishøj's centres and units), no users."""
    from beredskab.accounts import services
    from beredskab.accounts.demo import ORGANISATION

    code, name = ORGANISATION["municipality"]
    municipality = services.municipality_ensure(actor=None, code=code, name=name)
    centres = {
        c: services.centre_ensure(actor=None, municipality=municipality, code=c, name=n)
        for c, n in ORGANISATION["centres"]
    }
    units = {
        u: services.unit_ensure(actor=None, centre=centres[c], code=u, name=n, kind=k, inbox_email=i)
        for u, c, n, k, i in ORGANISATION["units"]
    }
    return {"municipality": municipality, "centres": centres, "units": units}


@pytest.fixture
def make_user(db, org):
    """make_user(role, unit_code=None, **fields) -> a user holding that role (in that unit)."""
    from beredskab.accounts import services
    from beredskab.accounts.models import Unit

    counter = {"n": 0}

    def factory(role=None, unit_code=None, *, email=None, full_name=None, **fields):
        counter["n"] += 1
        n = counter["n"]
        user = services.user_create(
            actor=None,
            email=email or f"user{n}-{role or 'none'}@test.example",
            full_name=full_name or f"Testbruger {n}",
            password=TEST_PASSWORD,
            **fields,
        )
        if role:
            unit = Unit.objects.get(code=unit_code) if unit_code else None
            services.role_assign(actor=None, user=user, role=role, unit=unit)
        return user

    return factory


# --- browser -----------------------------------------------------------------------------


def _chromium_path() -> str | None:
    if env.CHROMIUM_PATH:
        return env.CHROMIUM_PATH
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="session")
def browser():
    path = _chromium_path()
    if path is None:
        if env.CI:
            pytest.fail("Chromium is missing in CI: browser tests must run (apt-get install -y chromium).")
        pytest.skip("Chromium not installed (apt-get install -y chromium); browser tests skipped locally.")
    if not AXE_SCRIPT.exists():
        pytest.fail("node_modules/axe-core is missing: run `npm ci` (make test does it).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=path,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser page (phone-friendly default viewport is set per test when needed)."""
    context = browser.new_context(base_url=live_server.url, locale="da-DK", timezone_id="Europe/Copenhagen")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def axe_check():
    """axe_check(page) runs axe-core with the WCAG 2.1 A/AA tags and fails on any violation.

    The script is evaluated through the DevTools protocol, which our CSP does not block
    (an injected <script> tag would be)."""
    source = AXE_SCRIPT.read_text(encoding="utf-8")

    def check(page, context: str = ""):
        page.evaluate(source)
        result = page.evaluate(
            "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
        )
        violations = [
            f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:5]}"
            for v in result["violations"]
        ]
        assert not violations, f"axe-core found WCAG violations on {context or page.url}:\n" + "\n".join(violations)

    return check


@pytest.fixture
def login(page):
    """login(user) logs the user in through the real login page."""

    def do_login(user, password=TEST_PASSWORD):
        page.goto("/konto/login/")
        page.fill("#id_username", user.email)
        page.fill("#id_password", password)
        page.click("button[type=submit].button-primary")
        page.wait_for_load_state()
        return page

    return do_login
