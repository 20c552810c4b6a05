"""Two-factor login with a time-based one-time code (TOTP, RFC 6238) through django-otp.

Who must use it: every holder of a role that can read personal data, change what the public is
told, or change who may do what (derived from the role's capabilities:
`roles.role_needs_second_factor`, so a new role or capability cannot be missed), and staff users.
A user who has set up a device is always asked for a code, required or not. The setting
DEMO_RELAX_2FA (local demo only; production refuses it) lifts the requirement.

Enrolment keeps the new secret in the session until the user proves, with a code, that their
app has it; only then is a confirmed device stored. Wrong codes are throttled by django-otp
(exponential waits) and every success and failure is audited.
"""

import base64
import time
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote, urlencode

import segno
from django.conf import settings
from django.db import transaction
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from beredskab.audit.services import audit_record
from beredskab.core.roles import role_needs_second_factor

from . import audit_actions, notices

PENDING_KEY_SESSION_KEY = "beredskab_totp_pending_key"
DEVICE_NAME = "Godkendelsesapp"
KEY_BYTES = 20
TOLERANCE = 1  # accept the previous and the next 30-second code too (clock skew)


def two_factor_required(user) -> bool:
    """True if the user may not use the system without a verified second factor."""
    if settings.DEMO_RELAX_2FA or not user.is_authenticated:
        return False
    return bool(user.is_staff or user.is_superuser or any(role_needs_second_factor(r) for r in user.roles))


def confirmed_device(user) -> TOTPDevice | None:
    if not user.is_authenticated:
        return None
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("pk").first()


def needs_verification(user) -> bool:
    """The session must be verified with a code: the role requires it, or the user set up a device."""
    if settings.DEMO_RELAX_2FA or not user.is_authenticated:
        return False
    return two_factor_required(user) or confirmed_device(user) is not None


def is_verified(user) -> bool:
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def safe_next(request, url: str | None) -> str:
    """`url` if it is a local address, else the start page."""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}" if next_url else reverse(url_name)


def second_step_url(user, next_url: str) -> str:
    """Where a user goes after the password (or SSO) step: the code, enrolment, or straight on."""
    if confirmed_device(user) is not None:
        return _with_next("accounts:two_factor_verify", next_url)
    if two_factor_required(user):
        return _with_next("accounts:two_factor_setup", next_url)
    return next_url


# --- enrolment ---------------------------------------------------------------------------------


def pending_key(session) -> str:
    """The secret being set up (hex), kept in the session until confirmed with a code."""
    key = session.get(PENDING_KEY_SESSION_KEY)
    if not key:
        key = random_hex(KEY_BYTES)
        session[PENDING_KEY_SESSION_KEY] = key
    return key


def secret_for_display(key_hex: str) -> str:
    """The secret in base32, as authenticator apps want it typed, in groups of four."""
    secret = base64.b32encode(bytes.fromhex(key_hex)).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def provisioning_uri(user, key_hex: str) -> str:
    issuer = settings.OTP_TOTP_ISSUER.replace(":", "")
    label = quote(f"{issuer}:{user.get_username()}")
    secret = base64.b32encode(bytes.fromhex(key_hex)).decode("ascii").rstrip("=")
    params = urlencode({"secret": secret, "issuer": issuer, "algorithm": "SHA1", "digits": 6, "period": 30})
    return f"otpauth://totp/{label}?{params}"


def qr_code_data_uri(uri: str) -> str:
    """The QR code as an SVG data URI, drawn on the server (no external service sees the secret)."""
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=4, dark="#000", light="#fff")


def _totp_at_now(key_hex: str) -> TOTP:
    totp = TOTP(bytes.fromhex(key_hex), step=30, t0=0, digits=6, drift=0)
    totp.time = time.time()
    return totp


@transaction.atomic
def totp_enrol(*, user, key_hex: str, token: str) -> TOTPDevice | None:
    """Store a confirmed device if `token` is a current code for `key_hex`; audit either way."""
    if confirmed_device(user) is not None:
        raise ValueError("The user already has a confirmed two-factor device.")
    totp = _totp_at_now(key_hex)
    if not (token.isdigit() and totp.verify(int(token), tolerance=TOLERANCE)):
        audit_record(actor=user, action=audit_actions.OTP_FAILED, target=user, new={"step": "enrolment"})
        return None
    device = TOTPDevice.objects.create(
        user=user, name=DEVICE_NAME, key=key_hex, confirmed=True, last_t=totp.t(), tolerance=TOLERANCE
    )
    audit_record(actor=user, action=audit_actions.OTP_ENROLLED, target=user, new={"device_id": device.pk})
    return device


# --- verification ------------------------------------------------------------------------------


@dataclass(frozen=True)
class VerifyResult:
    device: TOTPDevice | None
    locked_until: datetime | None = None

    @property
    def ok(self) -> bool:
        return self.device is not None


@transaction.atomic
def totp_verify(*, user, token: str) -> VerifyResult:
    """Check a code against the user's device (row locked, so a code is accepted only once)."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).order_by("pk").first()
    if device is None:
        return VerifyResult(None)
    allowed, info = device.verify_is_allowed()
    if not allowed:
        audit_record(actor=user, action=audit_actions.OTP_FAILED, target=user, new={"step": "login", "throttled": True})
        return VerifyResult(None, (info or {}).get("locked_until"))
    if device.verify_token(token):
        audit_record(actor=user, action=audit_actions.OTP_VERIFIED, target=user, new={"device_id": device.pk})
        return VerifyResult(device)
    audit_record(
        actor=user,
        action=audit_actions.OTP_FAILED,
        target=user,
        new={"step": "login", "failures": device.throttling_failure_count},
    )
    return VerifyResult(None)


def mark_session_verified(request, device: TOTPDevice) -> None:
    """Tie the verified device to the session, under a new session key (no fixation)."""
    request.session.pop(PENDING_KEY_SESSION_KEY, None)
    request.session.cycle_key()
    otp_login(request, device)


def session_is_verified(session) -> bool:
    return bool(session.get(DEVICE_ID_SESSION_KEY))


@transaction.atomic
def totp_devices_reset(*, actor, user) -> int:
    """Remove the user's devices (a lost phone). Their sessions lose the verified state at once
    and the next login asks them to set up a new device."""
    deleted, _ = TOTPDevice.objects.filter(user=user).delete()
    audit_record(actor=actor, action=audit_actions.OTP_RESET, target=user, old={"devices": deleted})
    if actor is not None and actor.pk != user.pk:
        user_pk = user.pk
        transaction.on_commit(lambda: notices.account_change_alert(user_id=user_pk, changes=["otp_reset"]))
    return deleted
