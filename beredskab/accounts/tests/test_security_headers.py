"""Security headers on responses, cookie flags, and a clean `check --deploy` for production."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from beredskab.core import crypto
from beredskab.core.roles import Role
from conftest import TEST_PASSWORD

ROOT = Path(__file__).resolve().parents[3]
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "SECRET_KEY": "k" * 20 + "-not-a-real-secret-but-long-enough-for-the-check-" + "q" * 20,
    "FIELD_ENCRYPTION_KEYS": f"{crypto.generate_key()},{crypto.generate_key()}",
    "BLIND_INDEX_KEY": "b" * 48,
    "AUDIT_CHAIN_KEYS": "a" * 48,
    "ALLOWED_HOSTS": "beredskab.kommune.example",
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "DEMO_RELAX_2FA": "false",
    "DEBUG": "false",
    "CLAMD_SOCKET": "/run/clamav/clamd.ctl",  # production refuses to run without a virus scan of uploads
}


def _manage(args, **env_changes):
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in PRODUCTION_ENV and not k.startswith("OIDC_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"  # tests only
    }
    environment.update(PRODUCTION_ENV)
    environment["DATA_DIR"] = environment.get("DATA_DIR", str(ROOT / "var"))
    for key, value in env_changes.items():
        if value is None:
            environment.pop(key, None)
        else:
            environment[key] = value
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=180
    )


@pytest.mark.django_db
def test_pages_carry_the_security_headers(client):
    response = client.get("/konto/login/")
    csp = response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp and "base-uri 'none'" in csp
    assert "script-src 'self'" in csp and "style-src 'self';" in csp  # a nonce is added where a page uses one
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_http_only_and_same_site(client, make_user):
    user = make_user(Role.FRONTLINE, "skole-demo")
    client.get("/konto/login/")
    response = client.post("/konto/login/", {"username": user.email, "password": TEST_PASSWORD})
    session = response.cookies["sessionid"]
    assert session["httponly"] is True and session["samesite"] == "Lax"
    assert client.cookies["csrftoken"]["httponly"] is True


def test_check_deploy_passes_with_production_settings():
    result = _manage(["check", "--deploy", "--fail-level", "WARNING"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_sets_hsts_and_secure_cookies():
    script = (
        "from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.DEBUG)"
    )
    result = _manage(["shell", "-c", script])
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == ["63072000", "True", "True", "True", "False"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"FIELD_ENCRYPTION_KEYS": None}, "Set FIELD_ENCRYPTION_KEYS"),
        ({"FIELD_ENCRYPTION_KEYS": "not-a-key"}, "not a Fernet key"),
        ({"FIELD_ENCRYPTION_KEYS": "SU5TRUNVUkUtZGV2LW9ubHkta2V5LWJlcmVkc2thYiE="}, "public development key"),
        ({"BLIND_INDEX_KEY": None}, "Set BLIND_INDEX_KEY"),
        ({"BLIND_INDEX_KEY": "short"}, "Set BLIND_INDEX_KEY"),
        ({"AUDIT_CHAIN_KEYS": None}, "Set AUDIT_CHAIN_KEYS"),
        ({"AUDIT_CHAIN_KEYS": "short"}, "Set AUDIT_CHAIN_KEYS"),
        ({"AUDIT_CHAIN_KEYS": "INSECURE-development-only-audit-chain-key"}, "Set AUDIT_CHAIN_KEYS"),
        ({"DEMO_RELAX_2FA": "true"}, "DEMO_RELAX_2FA"),
    ],
)
def test_production_refuses_to_start_without_real_keys(changes, message):
    result = _manage(["check"], **changes)
    assert result.returncode != 0
    assert message in result.stderr


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        # Plain HTTP left unredirected is only for a TLS proxy that redirects itself: one the app
        # knows (TRUSTED_PROXIES). Without one, a typo or a copied benchmark setting would serve
        # the public form and the logins over plain HTTP.
        ({"SECURE_SSL_REDIRECT": "false", "TRUSTED_PROXIES": None}, "SECURE_SSL_REDIRECT"),
        # An allowance of 0 (meant as "no limit"?) or less would refuse every report from an
        # address after the first of the hour: refused at start, not quietly made 1.
        ({"INTAKE_REPORTS_PER_HOUR": "0"}, "INTAKE_REPORTS_PER_HOUR"),
        ({"INTAKE_INVALID_POSTS_PER_HOUR": "-5"}, "INTAKE_INVALID_POSTS_PER_HOUR"),
    ],
)
def test_production_refuses_settings_from_the_environment_that_weaken_it(changes, message):
    result = _manage(["check"], **changes)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_behind_a_redirecting_proxy_may_leave_the_redirect_to_it():
    script = "from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, s.INTAKE_REPORTS_PER_HOUR)"
    result = _manage(
        ["shell", "-c", script], SECURE_SSL_REDIRECT="false", TRUSTED_PROXIES="10.0.0.5", INTAKE_REPORTS_PER_HOUR="120"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].split() == ["False", "120"]


def test_production_refuses_to_seed_a_synthetic_history(tmp_path):
    """`seed_scale` credits synthetic case reads and journal entries to the units' active staff in
    the append-only audit chain: never with production settings (the benchmark has its own)."""
    result = _manage(["seed_scale", "--reports", "1", "--quiet"], DATA_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "refused with config.settings.production" in result.stderr


def test_a_settings_module_built_on_productions_refuses_to_seed_too(tmp_path):
    """A municipality's own settings module importing production's is refused as production is:
    seeding is allowed only where a module says so (`SEED_SCALE_ALLOWED`)."""
    (tmp_path / "site_settings.py").write_text("from config.settings.production import *  # noqa: F403\n")
    result = _manage(
        ["seed_scale", "--reports", "1", "--quiet"],
        DATA_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="site_settings",
        PYTHONPATH=str(tmp_path),
    )
    assert result.returncode != 0
    assert "refused with site_settings" in result.stderr
