"""Two-factor login (TOTP): who must use it, enrolment, the code step, and the middleware."""

import base64
import re

import pytest
import time_machine
from django.core.management import call_command
from django.test import override_settings
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from beredskab.accounts.twofactor import PENDING_KEY_SESSION_KEY, two_factor_required
from beredskab.audit.models import AuditEvent
from beredskab.core.roles import Role
from conftest import TEST_PASSWORD, totp_code

pytestmark = pytest.mark.django_db

ROLE_UNITS = {
    Role.FRONTLINE: "skole-demo",
    Role.CHILD_CASEWORKER: "straxen",
    Role.ADULT_TASKFORCE: "taskforce-voksne",
    Role.UNIT_LEADER: "straxen",
    Role.PLAN_COORDINATOR: None,
    Role.AUDITOR: None,
    Role.SYSADMIN: None,
}
REQUIRED = {
    Role.CHILD_CASEWORKER,
    Role.ADULT_TASKFORCE,
    Role.UNIT_LEADER,
    Role.PLAN_COORDINATOR,
    Role.AUDITOR,
    Role.SYSADMIN,
}
SETUP = "/konto/to-faktor/opsaet/"
VERIFY = "/konto/to-faktor/"


def password_login(client, user, next_url="/start/"):
    return client.post(
        f"/konto/login/?next={next_url}", {"username": user.email, "password": TEST_PASSWORD, "next": next_url}
    )


def device_for(user, **fields) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Telefon", confirmed=True, **fields)


def actions_since(seq):
    return list(AuditEvent.objects.filter(seq__gt=seq).order_by("seq").values_list("action", flat=True))


def last_seq():
    return AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0


@pytest.mark.parametrize("role", list(ROLE_UNITS))
def test_second_factor_is_required_for_roles_that_see_personal_data(client, make_user, role):
    user = make_user(role, ROLE_UNITS[role])
    assert two_factor_required(user) is (role in REQUIRED)
    response = password_login(client, user)
    if role in REQUIRED:
        assert response["Location"] == f"{SETUP}?next=%2Fstart%2F"
        assert client.get("/start/")["Location"] == f"{SETUP}?next=%2Fstart%2F"
    else:
        assert response["Location"] == "/start/"
        assert client.get("/start/").status_code == 200


def test_staff_users_need_the_second_factor_even_without_roles(make_user):
    assert two_factor_required(make_user(is_staff=True))
    assert not two_factor_required(make_user())


def test_enrolment_shows_qr_code_and_key_then_confirms_with_a_code(client, make_user):
    user = make_user(Role.CHILD_CASEWORKER, "straxen")
    password_login(client, user)
    before = last_seq()

    page = client.get(f"{SETUP}?next=/start/")
    assert page.status_code == 200
    body = page.content.decode()
    assert 'src="data:image/svg+xml' in body  # drawn on the server, no external service
    secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', body).group(1).replace(" ", "")
    key_hex = base64.b32decode(secret + "=" * (-len(secret) % 8)).hex()
    assert client.session[PENDING_KEY_SESSION_KEY] == key_hex
    assert not TOTPDevice.objects.filter(user=user).exists()  # nothing stored before it is confirmed
    assert 'class="beredskab-nav"' not in body  # no menu before the second factor

    wrong = client.post(SETUP, {"code": "000000" if totp_code(key_hex) != "000000" else "111111", "next": "/start/"})
    assert "Koden passer ikke" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=user).exists()

    session_key = client.session.session_key
    done = client.post(SETUP, {"code": totp_code(key_hex), "next": "/start/"})
    assert done["Location"] == "/start/"
    device = TOTPDevice.objects.get(user=user)
    assert device.confirmed and device.key == key_hex
    assert client.session.session_key != session_key  # a new session key once verified
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert PENDING_KEY_SESSION_KEY not in client.session
    assert client.get("/start/").status_code == 200
    assert actions_since(before) == ["accounts.otp_failed", "accounts.otp_enrolled"]


def test_enrolment_accepts_spaces_and_refuses_non_digits(client, make_user):
    user = make_user(Role.AUDITOR)
    password_login(client, user)
    client.get(SETUP)
    key_hex = client.session[PENDING_KEY_SESSION_KEY]
    code = totp_code(key_hex)
    assert "Koden består af 6 cifre" in client.post(SETUP, {"code": "12a456"}).content.decode()
    assert client.post(SETUP, {"code": f"{code[:3]} {code[3:]}"}).status_code == 302
    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def test_login_with_a_device_asks_for_the_code(client, make_user):
    user = make_user(Role.UNIT_LEADER, "straxen")
    device = device_for(user)
    response = password_login(client, user, "/konto/")
    assert response["Location"] == f"{VERIFY}?next=%2Fkonto%2F"
    page = client.get(response["Location"])
    assert 'autocomplete="one-time-code"' in page.content.decode()
    before = last_seq()

    wrong = client.post(VERIFY, {"code": "12345", "next": "/konto/"})
    assert "Koden består af 6 cifre" in wrong.content.decode()  # form error; not even tried
    bad = client.post(VERIFY, {"code": _wrong_code(device), "next": "/konto/"})
    assert "Koden er forkert eller udløbet" in bad.content.decode()

    device.refresh_from_db()
    device.throttling_failure_timestamp = None  # skip the throttling wait for this test
    device.save()
    ok = client.post(VERIFY, {"code": totp_code(device.key), "next": "/konto/"})
    assert ok["Location"] == "/konto/"
    assert client.get("/konto/").status_code == 200
    assert actions_since(before) == ["accounts.otp_failed", "accounts.otp_verified"]
    event = AuditEvent.objects.get(action="accounts.otp_verified", actor_id=user.pk)
    assert event.target_id == str(user.pk) and event.new_values == {"device_id": device.pk}


def _wrong_code(device) -> str:
    right = {totp_code(device.key, after_t=t) for t in range(-1, 2)}
    return next(code for code in ("000000", "111111", "222222", "333333") if code not in right)


def test_a_code_is_accepted_only_once(client, make_user):
    user = make_user(Role.CHILD_CASEWORKER, "straxen")
    device = device_for(user)
    code = totp_code(device.key)
    password_login(client, user)
    assert client.post(VERIFY, {"code": code})["Location"] == "/start/"

    from django.test import Client

    other = Client()
    password_login(other, user)
    device.refresh_from_db()
    response = other.post(VERIFY, {"code": code})
    assert response.status_code == 200 and "Koden er forkert" in response.content.decode()


def test_wrong_codes_are_throttled(client, make_user):
    user = make_user(Role.CHILD_CASEWORKER, "straxen")
    device = device_for(user)
    password_login(client, user)
    with time_machine.travel("2026-11-23 10:00:00 +00:00", tick=False):
        client.post(VERIFY, {"code": _wrong_code(device)})
        client.post(VERIFY, {"code": _wrong_code(device)})  # within the 1-second wait: refused unchecked
        device.refresh_from_db()
        right_now = totp_code(device.key, after_t=device.last_t)
        response = client.post(VERIFY, {"code": right_now})
    assert "For mange forkerte koder. Vent" in response.content.decode()
    event = AuditEvent.objects.filter(action="accounts.otp_failed").latest("seq")
    assert event.new_values["throttled"] is True


def test_the_pages_behind_are_closed_until_the_code_is_given(client, make_user, password_only_login):
    user = make_user(Role.AUDITOR)
    device_for(user)
    password_only_login(client, user)
    assert client.get("/revision/")["Location"] == f"{VERIFY}?next=%2Frevision%2F"
    post = client.post("/revision/", {"purpose": "audit"})
    assert post["Location"] == VERIFY  # a POST is not replayed after the code
    assert client.get("/konto/")["Location"].startswith(VERIFY)
    # The code pages, log-out, the accessibility statement and the language switch stay open.
    assert client.get(VERIFY).status_code == 200
    assert client.get("/tilgaengelighed/").status_code == 200
    assert client.post("/i18n/setlang/", {"language": "da", "next": "/"}).status_code == 302
    assert client.post("/konto/logout/").status_code == 302
    assert client.get("/start/")["Location"].startswith("/konto/login/")


def test_the_admin_needs_the_second_factor_too(client, make_user, password_only_login):
    admin = make_user(Role.SYSADMIN, is_staff=True, is_superuser=True)
    assert client.get("/admin/login/?next=/admin/")["Location"] == "/konto/login/?next=/admin/"
    password_only_login(client, admin)
    assert client.get("/admin/")["Location"] == f"{SETUP}?next=%2Fadmin%2F"
    client.force_login(admin)  # verified
    assert client.get("/admin/").status_code == 200


def test_admin_login_shows_the_admin_refusal_to_a_logged_in_user_without_access(client, make_user):
    client.force_login(make_user(Role.PLAN_COORDINATOR))
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 200  # the admin's own page, not a redirect loop


def test_a_user_who_set_up_a_device_voluntarily_must_use_it(client, make_user):
    frontline = make_user(Role.FRONTLINE, "skole-demo")
    assert not two_factor_required(frontline)
    device_for(frontline)
    assert password_login(client, frontline)["Location"] == f"{VERIFY}?next=%2Fstart%2F"
    assert client.get("/start/")["Location"].startswith(VERIFY)


def test_unsafe_next_addresses_are_ignored(client, make_user):
    user = make_user(Role.CHILD_CASEWORKER, "straxen")
    device = device_for(user)
    password_login(client, user)
    response = client.post(VERIFY, {"code": totp_code(device.key), "next": "https://evil.example/"})
    assert response["Location"] == "/start/"


@override_settings(DEMO_RELAX_2FA=True)
def test_demo_setting_lets_users_in_without_a_second_factor(client, make_user):
    user = make_user(Role.CHILD_CASEWORKER, "straxen")
    assert not two_factor_required(user)
    assert password_login(client, user)["Location"] == "/start/"
    assert client.get("/start/").status_code == 200


def test_a_reset_removes_the_device_and_the_verified_state(client, make_user, capsys):
    user = make_user(Role.CHILD_CASEWORKER, "straxen")
    client.force_login(user)
    assert client.get("/start/").status_code == 200
    call_command("reset_two_factor", user.email.upper())
    assert "Removed 1 two-factor device" in capsys.readouterr().out
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert client.get("/start/")["Location"].startswith(SETUP)
    assert AuditEvent.objects.filter(action="accounts.otp_reset", target_id=str(user.pk)).exists()


def test_account_page_shows_the_two_factor_status(client, make_user):
    user = make_user(Role.CHILD_CASEWORKER, "straxen", full_name="Sara Sagsbehandler")
    client.force_login(user)
    body = client.get("/konto/").content.decode()
    assert "Sara Sagsbehandler" in body and "Børnesagsbehandler (StraXen)" in body
    assert "Sat op den" in body and "Log ud alle steder" in body
