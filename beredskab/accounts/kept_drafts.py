"""What a worker typed is never thrown away by the idle timeout.

A form that reaches the server after the worker's login has ended (30 idle minutes, 'Log af'
in another tab, 'Log ud alle steder') would be answered with the login page, and the text
would be gone. Instead its fields are kept here, and given back in the same form after the
worker has logged in again. They are never saved in the case by this module: the worker reads
them and sends the form themselves.

Who gets the text back: only the same user, logging in again in the same browser.
- The user is the one whose login just ended: read from the ended session itself (Django keeps
  an expired session's row until `clearsessions`), from the session that 'Log ud alle steder'
  ended in this request, or, after 'Log af', from this browser's ticket (below). A different
  person logging in on the same (shared) browser gets nothing.
- The browser is named by a random key in an HttpOnly cookie (the "ticket", encrypted with the
  field keys, holding the key, and after 'Log af' the user's id); the database stores only the
  key's SHA-256. The text is not given to that user in another browser.

Kept: encrypted (`EncryptedTextField`), for `KEPT_DRAFT_SECONDS` (2 hours), at most
`MAX_DRAFTS_PER_USER` per user (the newest); expired rows are deleted whenever drafts are
read or written and at every login. Never kept: files (the message says so), the CSRF token,
fields whose name mentions a password, and anything posted to the login, password and code
pages. The text never goes into the audit log, the logs, a URL or an e-mail: audit events
name the draft's id, its owner and how many files were left out.
"""

import hashlib
import json
import secrets
import time
from dataclasses import dataclass
from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from beredskab.audit.services import audit_record
from beredskab.core import crypto

from . import audit_actions
from .models import KeptDraft, User

TICKET_COOKIE = "beredskab_kept"
KEEP_ONLY_FIELD = "beredskab_keep_draft"  # added by idle-timeout.js: keep the text, do not send it
PAGE_USER_FIELD = "beredskab_page_user"  # added by idle-timeout.js: whose page the form was on
NEVER_KEPT_FIELDS = frozenset({"csrfmiddlewaretoken", KEEP_ONLY_FIELD, PAGE_USER_FIELD})
PAGE_USER_MAX_AGE = 7 * 24 * 60 * 60  # seconds: a page left open for a week still counts
MAX_DRAFTS_PER_USER = 10  # the oldest go first


def lifetime() -> timedelta:
    return timedelta(seconds=getattr(settings, "KEPT_DRAFT_SECONDS", 2 * 60 * 60))


# --- the browser's ticket --------------------------------------------------------------------


@dataclass(frozen=True)
class Ticket:
    """This browser's key (random, url-safe text) and, after 'Log af', the user who logged out."""

    key: str
    owner_id: int | None = None
    issued: float = 0.0  # Unix seconds


def ticket_read(request) -> Ticket | None:
    """The ticket the browser sent, or None (missing, tampered with, or older than the lifetime)."""
    raw = request.COOKIES.get(TICKET_COOKIE, "")
    if not raw:
        return None
    try:
        data = json.loads(crypto.decrypt(raw))
        ticket = Ticket(key=str(data["k"]), owner_id=data.get("u"), issued=float(data["t"]))
    except (crypto.DecryptionError, ValueError, KeyError, TypeError):
        return None
    if len(ticket.key) < 32 or time.time() - ticket.issued > lifetime().total_seconds():
        return None
    return ticket


def new_browser_key() -> str:
    """A new random browser key (256 bits, url-safe text)."""
    return secrets.token_urlsafe(32)


def ticket_write(response, *, key: str, owner_id: int | None = None) -> None:
    """Give the browser a (renewed) ticket with `key` and, when known, the user it last served."""
    value = crypto.encrypt(json.dumps({"k": key, "u": owner_id, "t": time.time()}))
    response.set_cookie(
        TICKET_COOKIE,
        value,
        max_age=int(lifetime().total_seconds()),
        secure=settings.SESSION_COOKIE_SECURE or None,
        httponly=True,
        samesite="Lax",
    )


def _key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("ascii")).hexdigest()


# --- whose text is it --------------------------------------------------------------------------


def page_user_token(user) -> str:
    """An opaque, unforgeable mark of the user a page was made for (encrypted with the field
    keys). idle-timeout.js adds it to the page's forms as PAGE_USER_FIELD."""
    return crypto.encrypt(json.dumps({"u": user.pk, "t": time.time()}))


def page_user_id(post) -> int | None:
    """The user the posted form's page was made for, from PAGE_USER_FIELD, or None."""
    raw = post.get(PAGE_USER_FIELD, "")
    if not raw:
        return None
    try:
        data = json.loads(crypto.decrypt(raw))
        user_id, made = int(data["u"]), float(data["t"])
    except (crypto.DecryptionError, ValueError, KeyError, TypeError):
        return None
    return user_id if time.time() - made <= PAGE_USER_MAX_AGE else None


def former_owner(request) -> tuple[User | None, str]:
    """The user whose login this browser's request belongs to, and how we know it.

    Returns (user, source): the user the form's page was made for ("page", when the page's
    script marked the form: this settles a stale page sent after someone else logged in on the
    same browser); the logged-in user ("current"); the user whose session 'Log ud alle steder'
    ended in this request ("revoked"); the user of the ended session the browser still names
    ("ended_session"); the user who logged out in this browser ("logged_out"); or (None, "")
    when nobody can be named. Inactive users are never named.
    """
    marked = page_user_id(request.POST) if request.method == "POST" else None
    if marked:
        found = User.objects.filter(pk=marked, is_active=True).first()
        if found is not None:
            return found, "page"
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user, "current"
    for source, user_id in (
        ("revoked", getattr(request, "ended_session_user_id", None)),
        ("ended_session", _ended_session_user_id(request)),
        ("logged_out", (ticket_read(request) or Ticket(key="")).owner_id),
    ):
        if user_id:
            found = User.objects.filter(pk=user_id, is_active=True).first()
            if found is not None:
                return found, source
    return None, ""


def _ended_session_user_id(request) -> int | None:
    """The user id stored in the session the browser's cookie names, expired or not. Only
    session stores with a database table keep expired sessions; others give None."""
    session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not session_key:
        return None
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    model = getattr(store_class, "get_model_class", None)
    if model is None:
        return None
    row = model().objects.filter(session_key=session_key).only("session_data").first()
    if row is None:
        return None
    data = store_class().decode(row.session_data)
    try:
        return int(data.get("_auth_user_id") or 0) or None
    except (TypeError, ValueError):
        return None


# --- what was typed ------------------------------------------------------------------------------


def typed_fields(post) -> list[tuple[str, str]]:
    """The posted fields worth keeping, in order: (name, value) pairs, multi-valued names
    repeated. The CSRF token, our marker and anything named like a password are left out."""
    return [
        (name, value)
        for name, values in post.lists()
        if name not in NEVER_KEPT_FIELDS and "password" not in name.lower()
        for value in values
    ]


def has_typed_text(fields: list[tuple[str, str]]) -> bool:
    return any(value.strip() for _name, value in fields)


@dataclass(frozen=True)
class Draft:
    """A kept draft, decrypted. `post_path` is where the form posts (a path), `page_path` the
    page that shows the form (path and query), `fields` the (name, value) pairs."""

    pk: int
    post_path: str
    page_path: str
    fields: list
    files_left_out: int
    expires_at: object

    def as_json(self) -> dict:
        """What the page's script needs to fill the form in (see static/js/idle-timeout.js)."""
        return {"action": self.post_path, "fields": self.fields}


def _decoded(row: KeptDraft) -> Draft | None:
    try:
        data = json.loads(row.payload)
        return Draft(
            pk=row.pk,
            post_path=str(data["post_path"]),
            page_path=str(data["page_path"]),
            fields=[(str(n), str(v)) for n, v in data["fields"]],
            files_left_out=int(data.get("files_left_out", 0)),
            expires_at=row.expires_at,
        )
    except (ValueError, KeyError, TypeError):
        return None


# --- services ----------------------------------------------------------------------------------


@transaction.atomic
def draft_keep(
    *,
    owner: User,
    browser_key: str,
    post_path: str,
    page_path: str,
    fields: list[tuple[str, str]],
    files_left_out: int = 0,
    source: str = "",
) -> KeptDraft:
    """Keep what `owner` typed, for this browser only, for `lifetime()`. The payload (addresses
    and fields) is encrypted; the audit event holds ids and counts, never the text."""
    drafts_purge_expired()
    now = timezone.now()
    payload = {"post_path": post_path, "page_path": page_path, "fields": fields, "files_left_out": files_left_out}
    draft = KeptDraft.objects.create(
        owner=owner,
        browser_key_hash=_key_hash(browser_key),
        payload=json.dumps(payload, ensure_ascii=False),
        created_at=now,
        expires_at=now + lifetime(),
    )
    audit_record(
        actor=None,
        action=audit_actions.DRAFT_KEPT,
        target=draft,
        new={"owner": owner.pk, "source": source, "fields": len(fields), "files_left_out": files_left_out},
    )
    older = KeptDraft.objects.filter(owner=owner).values_list("pk", flat=True)  # newest first
    for pk in list(older)[MAX_DRAFTS_PER_USER:]:
        _delete(actor=None, pk=pk, reason="too_many")
    return draft


def _delete(*, actor, pk: int, reason: str) -> None:
    deleted, _ = KeptDraft.objects.filter(pk=pk).delete()
    if deleted:
        audit_record(
            actor=actor,
            action=audit_actions.DRAFT_DELETED,
            target_type="accounts.keptdraft",
            target_id=pk,
            new={"reason": reason},
        )


@transaction.atomic
def draft_delete(*, actor: User, browser_key: str, draft_id: int, reason: str) -> bool:
    """Delete one of the actor's drafts in this browser ('used' when the form was sent,
    'discarded' when the worker threw it away). False if there was no such draft."""
    owned = KeptDraft.objects.filter(pk=draft_id, owner=actor, browser_key_hash=_key_hash(browser_key)).exists()
    if owned:
        _delete(actor=actor, pk=draft_id, reason=reason)
    return owned


def drafts_used(*, actor: User, browser_key: str, post_path: str) -> int:
    """The actor sent a form to `post_path` from this browser: drafts for it are used up."""
    used = [d.pk for d in drafts_for(user=actor, browser_key=browser_key) if d.post_path == post_path]
    for pk in used:
        draft_delete(actor=actor, browser_key=browser_key, draft_id=pk, reason="used")
    return len(used)


def drafts_purge_expired(*, now=None) -> int:
    """Delete every draft past its lifetime; one audit event with the count (none, and no write
    transaction, if nothing has expired). Returns how many were deleted."""
    expired = KeptDraft.objects.filter(expires_at__lte=now or timezone.now())
    if not expired.exists():
        return 0
    with transaction.atomic():
        deleted, _ = expired.delete()
        if deleted:
            audit_record(actor=None, action=audit_actions.DRAFTS_EXPIRED, new={"count": deleted})
    return deleted


# --- selectors -----------------------------------------------------------------------------------


def drafts_for(*, user: User, browser_key: str) -> list[Draft]:
    """The user's live drafts in this browser, newest first (expired ones are deleted first)."""
    drafts_purge_expired()
    rows = KeptDraft.objects.filter(owner=user, browser_key_hash=_key_hash(browser_key))
    return [d for d in (_decoded(row) for row in rows) if d is not None]


def draft_for_page(*, user: User, browser_key: str, page_path: str) -> Draft | None:
    """The newest of the user's drafts in this browser whose form is on `page_path`."""
    return next((d for d in drafts_for(user=user, browser_key=browser_key) if d.page_path == page_path), None)


def draft_restored(*, user: User, draft: Draft) -> None:
    """Record that the user was shown their kept text again."""
    audit_record(actor=user, action=audit_actions.DRAFT_RESTORED, target_type="accounts.keptdraft", target_id=draft.pk)
