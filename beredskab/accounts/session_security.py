"""'Log ud alle steder': end every session a user has open, on every device.

Each session remembers the user's session epoch from when it was opened (at login). Raising the
epoch makes every older session invalid; SessionEpochMiddleware ends such sessions on their next
request. The current epoch is one indexed primary-key read per authenticated request.
"""

from django.db import transaction

from beredskab.audit.services import audit_record

from . import audit_actions
from .models import SessionEpoch

EPOCH_SESSION_KEY = "beredskab_session_epoch"


def current_epoch(user_id: int) -> int:
    return SessionEpoch.objects.filter(user_id=user_id).values_list("epoch", flat=True).first() or 0


def remember_epoch(session, user) -> None:
    """Called at login: the new session belongs to the user's current epoch."""
    session[EPOCH_SESSION_KEY] = current_epoch(user.pk)


def session_is_current(session, user) -> bool:
    return session.get(EPOCH_SESSION_KEY, 0) >= current_epoch(user.pk)


@transaction.atomic
def sessions_revoke_all(*, actor, user) -> int:
    """End all of the user's sessions; returns the new epoch."""
    record, _ = SessionEpoch.objects.select_for_update().get_or_create(user=user)
    record.epoch += 1
    record.save(update_fields=["epoch", "changed_at"])
    audit_record(actor=actor, action=audit_actions.SESSIONS_REVOKED, target=user, new={"epoch": record.epoch})
    return record.epoch
