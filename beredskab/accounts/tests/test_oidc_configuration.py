"""Single sign-on is either fully configured or not at all, and in production only with signed
tokens and TLS; an address is trusted only when the provider says it is verified (issue 12,
item 13f).

A half-set configuration used to leave single sign-on silently off (users then found no
municipal login and nobody knew why); a missing `email_verified` claim used to count as yes."""

import pytest
from django.core.exceptions import SuspiciousOperation

from beredskab.core.roles import Role

from .test_security_headers import _manage
from .test_security_oidc import OIDC_ENV, _settings_in_subprocess, _sign_on, backend

__all__ = ["backend"]  # the fixture, shared with test_security_oidc

REQUIRED = [
    "OIDC_RP_CLIENT_ID",
    "OIDC_RP_CLIENT_SECRET",
    "OIDC_OP_AUTHORIZATION_ENDPOINT",
    "OIDC_OP_TOKEN_ENDPOINT",
    "OIDC_OP_USER_ENDPOINT",
]
# Production with a virus scanner named, so that only the single sign-on settings decide.
SCANNED = {"CLAMD_SOCKET": "/run/clamav/clamd.ctl", "CLAMD_DISABLED": None}


@pytest.mark.parametrize("missing", REQUIRED)
def test_a_half_set_configuration_refuses_to_start(missing):
    result = _settings_in_subprocess({**OIDC_ENV, missing: ""})
    assert result.returncode != 0
    assert "Single sign-on is only half configured" in result.stderr and missing in result.stderr


def test_a_key_endpoint_alone_is_a_half_set_configuration():
    result = _settings_in_subprocess({"OIDC_OP_JWKS_ENDPOINT": OIDC_ENV["OIDC_OP_JWKS_ENDPOINT"]})
    assert result.returncode != 0 and "only half configured" in result.stderr


def test_production_starts_with_a_complete_signed_configuration_over_tls():
    result = _manage(["check"], **OIDC_ENV, OIDC_RP_SIGN_ALGO="RS256", **SCANNED)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("algorithm", ["HS256", "HS512", "none"])
def test_production_refuses_a_symmetric_or_no_signature(algorithm):
    result = _manage(["check"], **OIDC_ENV, OIDC_RP_SIGN_ALGO=algorithm, **SCANNED)
    assert result.returncode != 0
    assert f"OIDC_RP_SIGN_ALGO={algorithm} is refused in production" in result.stderr


@pytest.mark.parametrize("endpoint", [*REQUIRED[2:], "OIDC_OP_JWKS_ENDPOINT"])
def test_production_refuses_endpoints_without_tls(endpoint):
    plain = OIDC_ENV[endpoint].replace("https://", "http://")
    result = _manage(["check"], **{**OIDC_ENV, endpoint: plain}, **SCANNED)
    assert result.returncode != 0
    assert f"{endpoint} must be an https:// address in production" in result.stderr


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("verified", "signed_in"),
    [(True, True), ("true", True), (None, False), (False, False), ("false", False), ("yes", False), (1, False)],
)
def test_only_an_address_the_provider_verified_signs_in(backend, monkeypatch, make_user, verified, signed_in):
    user = make_user(Role.CHILD_CASEWORKER, "straxen", email="sara@kommune.example")
    claims = {"email": "sara@kommune.example"}
    if verified is not None:
        claims["email_verified"] = verified
    if signed_in:
        assert _sign_on(backend, monkeypatch, claims) == user
    else:
        with pytest.raises(SuspiciousOperation):
            _sign_on(backend, monkeypatch, claims)
