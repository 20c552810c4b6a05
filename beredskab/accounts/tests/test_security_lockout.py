"""Lockout after repeated failed logins (django-axes), per e-mail address and IP address."""

import datetime

import pytest
import time_machine
from django.conf import settings

from beredskab.audit.models import AuditEvent
from beredskab.core.roles import Role
from conftest import TEST_PASSWORD

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.UTC)


WRONG_PASSWORD = "forkert-adgangskode"


def attempt(client, email, password=WRONG_PASSWORD, ip="10.0.0.1"):
    return client.post("/konto/login/", {"username": email, "password": password}, REMOTE_ADDR=ip)


def test_settings_lock_after_five_failures_for_one_hour():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME == 1


def test_five_failures_lock_the_account_with_a_danish_page(client, make_user):
    user = make_user(Role.FRONTLINE, "skole-demo")
    with time_machine.travel(START, tick=False):
        for _ in range(4):
            response = attempt(client, user.email)
            assert response.status_code == 200
            assert "E-mail eller adgangskode er forkert" in response.content.decode()
        locked = attempt(client, user.email)
        assert locked.status_code == 429
        body = locked.content.decode()
        assert "Kontoen er midlertidigt spærret" in body
        assert "for mange mislykkede forsøg" in body
        assert '<html lang="da">' in body

        # Even the right password is refused while locked.
        right = attempt(client, user.email, TEST_PASSWORD)
        assert right.status_code == 429 and "midlertidigt spærret" in right.content.decode()
        assert "_auth_user_id" not in client.session

    assert AuditEvent.objects.filter(action="accounts.login_failed").count() >= 5


def test_the_lock_is_per_address_and_ends_after_the_cool_off(client, make_user):
    user = make_user(Role.FRONTLINE, "skole-demo")
    colleague = make_user(Role.FRONTLINE, "skole-demo")
    with time_machine.travel(START, tick=False):
        for _ in range(5):
            attempt(client, user.email)
        # Another user from the same address, and the same user from another address, get in.
        assert attempt(client, colleague.email, TEST_PASSWORD).status_code == 302
        client.logout()
        assert attempt(client, user.email, TEST_PASSWORD, ip="10.0.0.2").status_code == 302
        client.logout()
    with time_machine.travel(START + datetime.timedelta(minutes=61), tick=False):
        assert attempt(client, user.email, TEST_PASSWORD).status_code == 302
