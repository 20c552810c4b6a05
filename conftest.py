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


def submit(page, text=None):
    """Browser tests: press the form's primary button (or the submit button saying `text`) and
    wait for the next page."""
    if text:
        page.click(f"main button[type=submit]:has-text('{text}')")
    else:
        page.click("main form.beredskab-form button[type=submit].button-primary")
    page.wait_for_load_state()


def logout(page):
    """Browser tests: log out through the header's button."""
    page.click("header button:has-text('Log af')")
    page.wait_for_load_state()


@pytest.fixture(autouse=True)
def _danish_by_default():
    """Each test starts in Danish: a request in English must not leak into the next test."""
    from django.utils import translation

    translation.activate("da")
    yield
    translation.activate("da")


@pytest.fixture(autouse=True)
def _own_audit_checkpoints(settings, tmp_path):
    """Each test writes the audit log's checkpoints to its own file: the test database is rolled
    back after each test, a file outside it is not."""
    settings.AUDIT_CHECKPOINT_FILE = tmp_path / "audit-checkpoints.log"


@pytest.fixture(autouse=True)
def _empty_cache(request):
    """Rate-limit counters and other cached values never carry over from one test to the next.
    The cache is a database table: a test that may use the database starts with it empty (and
    its transaction rolls it back); a test without the database cannot have cached anything."""
    from django.core.cache import cache

    if request.node.get_closest_marker("django_db") or {"db", "transactional_db", "client"} & set(request.fixturenames):
        request.getfixturevalue("transactional_db" if _transactional(request) else "db")
        cache.clear()
    yield


def _transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    return bool(marker and (marker.kwargs.get("transaction") or "transactional_db" in request.fixturenames))


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


@pytest.fixture
def ishoj_plan(db):
    """Ishøj's 2024 plan, loaded from plans/ and in force (as `make run` does)."""
    from beredskab.plan.loader import ensure_default_plan

    return ensure_default_plan()


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


# --- two-factor login (beredskab.accounts.twofactor) ----------------------------------------


def totp_code(key_hex: str, *, after_t: int = -1) -> str:
    """The current TOTP code for a device key, or the next one if the current step was used
    (a code is accepted once; the device's tolerance admits the next step)."""
    import time

    from django_otp.oath import TOTP

    totp = TOTP(bytes.fromhex(key_hex))
    totp.time = time.time()
    if totp.t() <= after_t:
        totp.time += 30 * (after_t + 1 - totp.t())
    return f"{totp.token():06d}"


def _verify_client_session(client, user) -> None:
    """Mark a test client's session as verified with the user's (created if missing) TOTP device."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from beredskab.accounts.twofactor import needs_verification

    user = type(user).objects.get(pk=user.pk)  # fresh roles; the caller's instance is left as it was
    if not needs_verification(user):
        return
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Testenhed", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


@pytest.fixture(autouse=True)
def _force_login_includes_second_factor(monkeypatch):
    """`client.force_login(user)` skips the whole login, the second factor included: the session
    is marked verified with a TOTP device (created for the user when they have none), so tests
    of pages need not repeat the two-factor step. Tests of the login itself post to the real
    login form, or use the `password_only_login` fixture."""
    from django.test.client import ClientMixin

    original = ClientMixin.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        _verify_client_session(self, user)

    monkeypatch.setattr(ClientMixin, "force_login", force_login)
    monkeypatch.setattr(ClientMixin, "_force_login_without_second_factor", original, raising=False)


@pytest.fixture
def password_only_login():
    """password_only_login(client, user): a session after the password step only (no second factor)."""

    def do_login(client, user):
        client._force_login_without_second_factor(user)
        return client

    return do_login


@pytest.fixture
def login(page):  # noqa: F811 - replaces the fixture above: it now completes the second factor too
    """login(user) logs the user in through the real login page, and through the two-factor step
    (setting up the authenticator app first if needed) when the user's role requires it."""

    def do_login(user, password=TEST_PASSWORD):
        import base64

        from django_otp.plugins.otp_totp.models import TOTPDevice

        page.goto("/konto/login/")
        page.fill("#id_username", user.email)
        page.fill("#id_password", password)
        page.click("button[type=submit].button-primary")
        page.wait_for_load_state()
        if "/konto/to-faktor/opsaet/" in page.url:
            secret = page.inner_text("#totp-secret").replace(" ", "")
            key_hex = base64.b32decode(secret + "=" * (-len(secret) % 8)).hex()
            page.fill("#id_code", totp_code(key_hex))
            page.click("button[type=submit].button-primary")
            page.wait_for_load_state()
        elif "/konto/to-faktor/" in page.url:
            device = TOTPDevice.objects.get(user=user, confirmed=True)
            page.fill("#id_code", totp_code(device.key, after_t=device.last_t))
            page.click("button[type=submit].button-primary")
            page.wait_for_load_state()
        return page

    return do_login
