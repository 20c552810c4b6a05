"""Idle session timeout and 'Log ud alle steder'."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client

from beredskab.accounts.models import SessionEpoch
from beredskab.audit.models import AuditEvent
from beredskab.core.roles import Role
from config import env

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.UTC)


def test_idle_timeout_comes_from_the_environment_and_is_renewed_on_every_request():
    assert settings.SESSION_COOKIE_AGE == env.SESSION_IDLE_MINUTES * 60 == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_an_idle_session_expires_and_an_active_one_lives_on(client, make_user):
    user = make_user(Role.CHILD_CASEWORKER, "straxen")
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(user)
        assert client.get("/start/").status_code == 200
        # Active: a request every 25 minutes keeps the session alive well past 30 minutes.
        for _ in range(4):
            clock.shift(datetime.timedelta(minutes=25))
            assert client.get("/start/").status_code == 200
        # Idle for 31 minutes: the session is gone.
        clock.shift(datetime.timedelta(minutes=31))
        response = client.get("/start/")
        assert response.status_code == 302 and response["Location"].startswith("/konto/login/")


def test_logout_everywhere_ends_every_session_of_the_user_only(make_user):
    user = make_user(Role.CHILD_CASEWORKER, "straxen")
    colleague = make_user(Role.CHILD_CASEWORKER, "straxen")
    laptop, phone, other = Client(), Client(), Client()
    laptop.force_login(user)
    phone.force_login(user)
    other.force_login(colleague)

    account = laptop.get("/konto/")
    assert 'action="/konto/log-ud-alle-steder/"' in account.content.decode()
    response = laptop.post("/konto/log-ud-alle-steder/", follow=True)
    assert response.redirect_chain[-1][0] == "/konto/login/"
    assert "Du er logget ud på alle enheder." in response.content.decode()

    for ended in (laptop, phone):
        assert ended.get("/start/")["Location"].startswith("/konto/login/")
    assert other.get("/start/").status_code == 200
    assert SessionEpoch.objects.get(user=user).epoch == 1

    event = AuditEvent.objects.filter(action="accounts.sessions_revoked").get()
    assert (event.actor_id, event.target_id, event.new_values) == (user.pk, str(user.pk), {"epoch": 1})

    # A new login after that works as usual.
    phone.force_login(user)
    assert phone.get("/start/").status_code == 200


def test_ended_sessions_are_removed_from_the_store_on_their_next_request(make_user):
    user = make_user(Role.FRONTLINE, "skole-demo")
    a, b = Client(), Client()
    a.force_login(user)
    b.force_login(user)
    b_key = b.session.session_key
    a.post("/konto/log-ud-alle-steder/")
    b.get("/start/")
    assert not Session.objects.filter(session_key=b_key).exists()


def test_logout_everywhere_needs_a_post_and_a_login(client, make_user):
    assert client.post("/konto/log-ud-alle-steder/")["Location"].startswith("/konto/login/")
    client.force_login(make_user(Role.FRONTLINE, "skole-demo"))
    assert client.get("/konto/log-ud-alle-steder/").status_code == 405
    assert not AuditEvent.objects.filter(action="accounts.sessions_revoked").exists()


def test_account_page_is_in_the_menu_for_everyone(client, make_user):
    client.force_login(make_user(Role.FRONTLINE, "skole-demo"))
    assert 'href="/konto/"' in client.get("/start/").content.decode()
