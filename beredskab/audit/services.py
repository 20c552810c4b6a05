"""Writing audit events. Every write of the system and every read of personal data calls
`audit_record`, inside the same transaction as the thing it records."""

import json
import logging
from typing import Any

from django.conf import settings
from django.contrib.admin.models import ADDITION, CHANGE, DELETION
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from beredskab.core.request_context import current_request_id

from . import audit_actions
from .chain import event_hash, signing_key
from .checkpoints import CheckpointRefused, extends_latest, write_checkpoint
from .models import AuditChainHead, AuditEvent, AuditEventPerson
from .registry import AuditAction, get_action

logger = logging.getLogger(__name__)


def _json_safe(values: dict | None) -> dict | None:
    """Dates, decimals and the like become the strings they are stored as, before hashing."""
    return None if values is None else json.loads(json.dumps(values, cls=DjangoJSONEncoder))


def _target_type(target) -> str:
    meta = target._meta
    return f"{meta.app_label}.{meta.model_name}"


def _locked_head() -> AuditChainHead:
    head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        # Created by a migration; recreated only for an empty log (e.g. after a test database
        # flush). If events exist, the next insert collides on `seq` and fails loudly.
        AuditChainHead.objects.get_or_create(pk=1)
        head = AuditChainHead.objects.select_for_update().get(pk=1)
    return head


def audit_record(
    *,
    actor,
    action: AuditAction | str,
    target=None,
    target_type: str = "",
    target_id: Any = "",
    person_ref: str = "",
    purpose: str = "",
    old: dict | None = None,
    new: dict | None = None,
    persons=(),
) -> AuditEvent:
    """Append one event to the audit chain.

    `actor` is a user (or None for the public and the system). `target` is the model instance
    concerned, or give `target_type` and `target_id`. `person_ref` is a pseudonymous reference
    to the person concerned; `purpose` says why personal data was used. `old`/`new` hold the
    changed values of a write (JSON-serialisable, no secrets).

    `persons`: the pseudonymous references of everyone a list page shows. One event names them
    all (in its hashed `new_values["persons"]`, and indexed per person in `AuditEventPerson`),
    so a list costs one append under one lock, and each person's access log still finds it.
    """
    registered = get_action(str(action))
    if target is not None:
        target_type = _target_type(target)
        target_id = target.pk
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    persons = sorted({ref for ref in persons if ref})
    if persons:
        new = {**(new or {}), "persons": persons}
    with transaction.atomic():
        # The head row serialises appends, so each event links to exactly one predecessor.
        head = _locked_head()
        values = {
            "seq": head.last_seq + 1,
            "occurred_at": timezone.now(),
            "actor_id": actor.pk if is_user else None,
            "actor_name": (actor.get_full_name() or actor.get_username()) if is_user else "",
            "action": registered.name,
            "target_type": target_type,
            "target_id": "" if target_id in (None, "") else str(target_id),
            "person_ref": person_ref,
            "purpose": str(purpose),
            "old_values": _json_safe(old),
            "new_values": _json_safe(new),
            "request_id": current_request_id(),
            "prev_hash": head.last_hash,
            "key_id": signing_key()[0],
        }
        event = AuditEvent(**values, hash=event_hash(values))
        event.save(force_insert=True)
        AuditChainHead.objects.filter(pk=1).update(last_seq=event.seq, last_hash=event.hash)
        if persons:
            AuditEventPerson.objects.bulk_create([AuditEventPerson(event=event, person_ref=ref) for ref in persons])
        if event.seq % settings.AUDIT_CHECKPOINT_EVERY == 0 and event.action != audit_actions.CHECKPOINT_WRITTEN.name:
            transaction.on_commit(lambda: checkpoint_write(event.seq, event.hash), robust=True)
    return event


def audit_person_unlink(*, person_ref: str) -> int:
    """Remove `person_ref` from the persons index of list events (`AuditEventPerson`): the one
    sanctioned change to the log, for a person whose data is erased at the end of retention
    (beredskab.cases.retention), so the index no longer ties those events to the person's CPR
    blind index. The index is outside the events' hashed content (beredskab.audit.chain), so
    the chain still verifies; the events themselves stay, with what their own hashed fields
    say. On PostgreSQL the append-only trigger lets this statement's DELETE through (audit
    migration 0005). Returns how many index rows were removed."""
    if not person_ref:
        return 0
    with transaction.atomic():
        connection = transaction.get_connection()
        postgres = connection.vendor == "postgresql"
        with connection.cursor() as cursor:
            if postgres:
                cursor.execute("SELECT set_config('beredskab.audit_person_unlink', 'on', true)")
            removed, _ = models.QuerySet(AuditEventPerson).filter(person_ref=person_ref).delete()
            if postgres:
                cursor.execute("SELECT set_config('beredskab.audit_person_unlink', 'off', true)")
    return removed


def checkpoint_write(seq: int, event_hash: str):
    """Write a signed checkpoint of event `seq` outside the database and record it in the log
    (`audit_verify` then requires its line in the file); None when a newer checkpoint is there
    already. Raises CheckpointRefused, after recording the refusal, when the newest checkpoint
    no longer holds (the log was rewritten or cut)."""
    try:
        needed = extends_latest(seq)
    except CheckpointRefused as refusal:
        logger.critical("Audit checkpoint refused: %s", refusal)
        audit_record(actor=None, action=audit_actions.AUDIT_CHAIN_BROKEN, new={"problem": str(refusal)})
        raise
    if not needed:
        return None
    checkpoint = write_checkpoint(seq, event_hash)
    audit_record(actor=None, action=audit_actions.CHECKPOINT_WRITTEN, new={"seq": seq, "hash": event_hash})
    return checkpoint


def admin_change_record(entry) -> None:
    """Write a change made in Django's admin (its own, editable log entry `entry`) to the
    hash-chained log, in the same transaction: who, what kind of object, which one, and the
    names of the changed fields (never their values)."""
    fields: list[str] = []
    try:
        for part in json.loads(entry.change_message or "[]"):
            for item in part.values():
                fields.extend(item.get("fields", []) if isinstance(item, dict) else [])
    except (ValueError, AttributeError):
        fields = []
    content_type = entry.content_type
    audit_record(
        actor=entry.user,
        action=audit_actions.ADMIN_CHANGED,
        target_type=f"{content_type.app_label}.{content_type.model}" if content_type else "",
        target_id=entry.object_id or "",
        new={
            "change": {ADDITION: "added", CHANGE: "changed", DELETION: "deleted"}.get(entry.action_flag, "other"),
            "fields": sorted(set(fields)),
        },
    )
