"""Optional municipal single sign-on (OpenID Connect): off without configuration; when on,
existing users are matched by e-mail and unknown users are refused, never created."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.test import override_settings
from django.urls import NoReverseMatch, reverse

from beredskab.accounts.models import User
from beredskab.accounts.oidc import REFUSED_ATTRIBUTE, MunicipalOIDCBackend, MunicipalOIDCCallbackView
from beredskab.audit.models import AuditEvent
from beredskab.core.roles import Role

ROOT = Path(__file__).resolve().parents[3]
BACKEND = "beredskab.accounts.oidc.MunicipalOIDCBackend"
OIDC_ENV = {
    "OIDC_RP_CLIENT_ID": "beredskab",
    "OIDC_RP_CLIENT_SECRET": "hemmelig",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://login.kommune.example/authorize",
    "OIDC_OP_TOKEN_ENDPOINT": "https://login.kommune.example/token",
    "OIDC_OP_USER_ENDPOINT": "https://login.kommune.example/userinfo",
    "OIDC_OP_JWKS_ENDPOINT": "https://login.kommune.example/jwks",
}
OIDC_SETTINGS = {**OIDC_ENV, "OIDC_RP_SIGN_ALGO": "RS256", "OIDC_CREATE_USER": False, "OIDC_ENABLED": True}


def _settings_in_subprocess(extra_env: dict) -> subprocess.CompletedProcess:
    script = (
        "import django, json; django.setup();"
        "from django.conf import settings; from django.urls import reverse;"
        "print(json.dumps({'backends': settings.AUTHENTICATION_BACKENDS, 'enabled': settings.OIDC_ENABLED,"
        " 'create': settings.OIDC_CREATE_USER, 'url': reverse('oidc_authentication_init'),"
        " 'callback': settings.OIDC_CALLBACK_CLASS}))"
    )
    environment = {k: v for k, v in os.environ.items() if not k.startswith("OIDC_")}
    environment.update({"DJANGO_SETTINGS_MODULE": "config.settings.test", **extra_env})
    return subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_without_configuration_nothing_of_oidc_is_active(client, db):
    assert settings.OIDC_ENABLED is False
    assert BACKEND not in settings.AUTHENTICATION_BACKENDS
    assert "mozilla_django_oidc" not in settings.INSTALLED_APPS
    with pytest.raises(NoReverseMatch):
        reverse("oidc_authentication_init")
    assert client.get("/oidc/authenticate/").status_code == 404
    assert "kommunens login" not in client.get("/konto/login/").content.decode()


def test_with_the_environment_set_the_backend_and_urls_are_configured():
    result = _settings_in_subprocess(OIDC_ENV)
    assert result.returncode == 0, result.stderr
    configured = json.loads(result.stdout.strip().splitlines()[-1])
    assert configured["enabled"] is True and configured["create"] is False
    assert BACKEND in configured["backends"]
    assert configured["backends"][0] == "axes.backends.AxesStandaloneBackend"  # lockout still checked first
    assert configured["url"] == "/oidc/authenticate/"
    assert configured["callback"] == "beredskab.accounts.oidc.MunicipalOIDCCallbackView"


def test_an_asymmetric_algorithm_without_a_key_endpoint_refuses_to_start():
    result = _settings_in_subprocess({**OIDC_ENV, "OIDC_OP_JWKS_ENDPOINT": ""})
    assert result.returncode != 0 and "needs OIDC_OP_JWKS_ENDPOINT" in result.stderr


@pytest.fixture
def backend(rf):
    with override_settings(**OIDC_SETTINGS):
        oidc = MunicipalOIDCBackend()
        oidc.request = rf.get("/oidc/callback/")
        yield oidc


def _sign_on(backend, monkeypatch, claims):
    monkeypatch.setattr(backend, "get_userinfo", lambda access_token, id_token, payload: claims)
    return backend.get_or_create_user("access", "id", {})


@pytest.mark.django_db
def test_existing_users_are_matched_by_email(backend, monkeypatch, make_user):
    user = make_user(Role.CHILD_CASEWORKER, "straxen", email="sara@kommune.example")
    assert _sign_on(backend, monkeypatch, {"email": "Sara@Kommune.example", "email_verified": True}) == user


@pytest.mark.django_db
@pytest.mark.parametrize(
    "claims",
    [
        {"email": "ukendt@kommune.example", "email_verified": True},
        {"email": "inaktiv@kommune.example", "email_verified": True},
    ],
)
def test_unknown_or_inactive_users_are_refused_never_created(backend, monkeypatch, make_user, claims):
    make_user(Role.CHILD_CASEWORKER, "straxen", email="inaktiv@kommune.example", is_active=False)
    users = User.objects.count()
    assert _sign_on(backend, monkeypatch, claims) is None
    assert User.objects.count() == users
    assert getattr(backend.request, REFUSED_ATTRIBUTE) is True
    event = AuditEvent.objects.filter(action="accounts.sso_refused").get()
    assert "kommune.example" not in json.dumps(event.new_values)  # the claimed address is not kept


@pytest.mark.django_db
def test_unverified_addresses_are_refused(backend, monkeypatch, make_user):
    from django.core.exceptions import SuspiciousOperation

    make_user(Role.CHILD_CASEWORKER, "straxen", email="sara@kommune.example")
    with pytest.raises(SuspiciousOperation):
        _sign_on(backend, monkeypatch, {"email": "sara@kommune.example", "email_verified": False})


def _callback_request(rf, user=None):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/oidc/callback/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    request.user = user or AnonymousUser()
    return request


@pytest.mark.django_db
def test_a_refused_sign_on_returns_to_the_login_page_with_a_clear_message(rf):
    with override_settings(**OIDC_SETTINGS):
        request = _callback_request(rf)
        setattr(request, REFUSED_ATTRIBUTE, True)
        view = MunicipalOIDCCallbackView()
        view.request = request
        response = view.login_failure()
    assert response["Location"] == "/konto/login/"
    [message] = [str(m) for m in get_messages(request)]
    assert "ikke knyttet til en bruger i Beredskab" in message and "systemadministrator" in message


@pytest.mark.django_db
def test_a_successful_sign_on_still_asks_for_the_second_factor(rf, make_user):
    user = make_user(Role.CHILD_CASEWORKER, "straxen")
    user.backend = BACKEND
    backends = [*settings.AUTHENTICATION_BACKENDS, BACKEND]
    with override_settings(**OIDC_SETTINGS, AUTHENTICATION_BACKENDS=backends):
        request = _callback_request(rf)
        request.session["oidc_login_next"] = "/revision/"
        view = MunicipalOIDCCallbackView()
        view.request = request
        view.user = user
        response = view.login_success()
    assert response["Location"] == "/konto/to-faktor/opsaet/?next=%2Frevision%2F"
    login = AuditEvent.objects.filter(action="accounts.login_succeeded", actor_id=user.pk).latest("seq")
    assert login.new_values == {"method": "sso"}


@pytest.mark.django_db
def test_login_page_offers_the_municipal_login_when_configured(client, monkeypatch):
    from beredskab.accounts import views

    with override_settings(OIDC_ENABLED=True):
        monkeypatch.setattr(views, "reverse", lambda name: "/oidc/authenticate/")
        body = client.get("/konto/login/?next=/revision/").content.decode()
    assert "Log ind med kommunens login" in body
    assert 'href="/oidc/authenticate/?next=%2Frevision%2F"' in body
