"""Creating, revoking and checking API tokens. Each write is audited in its own transaction.

A token reads `bk_<prefix>_<secret>`: the prefix finds the row, the whole token is compared
with its SHA-256 hash (a random 256-bit secret needs no slow hash: it cannot be guessed, only
stolen, and a stolen hash is no token).
"""

import datetime
import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beredskab.audit.services import audit_record

from . import audit_actions
from .models import ApiToken, Scope

TOKEN_PREFIX = "bk_"  # noqa: S105 - the marker every token starts with, not a secret


class TokenError(ValueError):
    """The token cannot be created as asked; the message says why (Danish)."""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_create(
    *, actor, name: str, user, scopes: list[str], days: int = 90, now: datetime.datetime | None = None
) -> tuple[ApiToken, str]:
    """Create a token for `user` (the integration's own account) with `scopes`, valid `days`
    days (1..settings.API_TOKEN_MAX_DAYS). Returns (token row, the secret: shown once, never
    stored). Raises TokenError for a superuser or inactive account, an unknown scope or a
    lifetime out of range."""
    if user.is_superuser or not user.is_active:
        raise TokenError(_("En API-nøgle kan ikke høre til en superbruger eller en deaktiveret konto."))
    unknown = sorted(set(scopes) - set(Scope.values))
    if unknown or not scopes:
        raise TokenError(_("Ukendte eller manglende tilladelser: %(scopes)s") % {"scopes": ", ".join(unknown)})
    if not 1 <= days <= settings.API_TOKEN_MAX_DAYS:
        raise TokenError(_("En API-nøgle gælder 1 til %(max)s dage.") % {"max": settings.API_TOKEN_MAX_DAYS})
    now = now or timezone.now()
    prefix = secrets.token_hex(4)
    secret = f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    with transaction.atomic():
        token = ApiToken.objects.create(
            name=name,
            user=user,
            prefix=prefix,
            secret_hash=_hash(secret),
            scopes=sorted(set(scopes)),
            created_at=now,
            created_by=actor,
            expires_at=now + datetime.timedelta(days=days),
        )
        audit_record(
            actor=actor,
            action=audit_actions.TOKEN_CREATED,
            target=token,
            new={"user": user.pk, "scopes": token.scopes, "expires_at": token.expires_at},
        )
    return token, secret


def token_revoke(*, actor, token: ApiToken) -> ApiToken:
    """Revoke the token now (idempotent: a revoked token stays revoked at its first time)."""
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.revoked_by = actor
            token.save(update_fields=["revoked_at", "revoked_by"])
            audit_record(actor=actor, action=audit_actions.TOKEN_REVOKED, target=token)
    return token


def token_find(raw: str) -> ApiToken | None:
    """The token row whose secret `raw` is (active or not), or None."""
    if not raw.startswith(TOKEN_PREFIX) or raw.count("_") < 2:
        return None
    prefix = raw[len(TOKEN_PREFIX) :].split("_", 1)[0]
    token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.secret_hash, _hash(raw)):
        return None
    return token


def token_used(*, token: ApiToken, operation: str, refused: bool = False) -> None:
    """Record a use of the token: which token, which operation (a route name, never what was
    sent or answered), and whether it was refused as expired or revoked."""
    with transaction.atomic():
        if not refused:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        audit_record(
            actor=token.user,
            action=audit_actions.TOKEN_REFUSED if refused else audit_actions.TOKEN_USED,
            target=token,
            new={"operation": operation},
        )
