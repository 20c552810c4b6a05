"""Hashing and verification of the audit chain.

Each event's hash is an HMAC-SHA256, keyed with a key kept outside the database
(`settings.AUDIT_CHAIN_KEYS`), over a canonical form of its fields and the previous event's
hash. Whoever can write the database, but does not hold the key, cannot rewrite an event and
recompute the chain after it: the first recomputed hash fails. Deleting the newest events and
moving the chain head back leaves a consistent chain, so signed checkpoints of the head are
also written outside the database (`beredskab.audit.checkpoints`) and verification checks the
log against the latest of them.

Each event names the key that signed it (`key_id`, a short fingerprint of the key): rotation
puts a new key first, and the old keys stay in the list to verify the events they signed.
Events from before the chain was keyed have no `key_id` and a plain SHA-256; none may follow a
keyed event.
"""

import hashlib
import hmac
import json
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

GENESIS_HASH = "0" * 64
_HASHED_FIELDS = (
    "seq",
    "occurred_at",
    "actor_id",
    "actor_name",
    "action",
    "target_type",
    "target_id",
    "person_ref",
    "purpose",
    "old_values",
    "new_values",
    "request_id",
    "prev_hash",
)


def key_id(key: str) -> str:
    """A short public fingerprint of a key, stored with each event it signs."""
    return hashlib.sha256(b"beredskab-audit-key\x00" + key.encode("utf-8")).hexdigest()[:12]


def chain_keys() -> dict[str, str]:
    """{key_id: key} of every configured key, the signing key (the first) first."""
    keys = list(settings.AUDIT_CHAIN_KEYS)
    if not keys:
        raise ImproperlyConfigured("AUDIT_CHAIN_KEYS is empty: the audit chain needs a key.")
    return {key_id(key): key for key in keys}


def signing_key() -> tuple[str, str]:
    """(key_id, key) of the key that signs new events."""
    return next(iter(chain_keys().items()))


def _canonical(values: dict, *, keyed: bool) -> bytes:
    payload = {name: values[name] for name in _HASHED_FIELDS}
    payload["occurred_at"] = payload["occurred_at"].isoformat()
    if keyed:
        payload["key_id"] = values["key_id"]
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str).encode()


def event_hash(values: dict, keys: dict[str, str] | None = None) -> str:
    """The event's hash: HMAC-SHA256 with the key its `key_id` names, or plain SHA-256 for an
    event from before the chain was keyed (no `key_id`). Raises KeyError for an unknown key."""
    kid = values.get("key_id") or ""
    if not kid:
        return hashlib.sha256(_canonical(values, keyed=False)).hexdigest()
    key = (keys if keys is not None else chain_keys())[kid]
    return hmac.new(key.encode("utf-8"), _canonical(values, keyed=True), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    broken_at_seq: int | None = None
    problem: str = ""


def verify_chain(events, head=None, keys: dict[str, str] | None = None) -> ChainReport:
    """Walk events in order of `seq` and report the first broken link.

    `events` yields dicts of the hashed fields plus `key_id` and `hash`; `head` is the chain
    head row, whose stored last number and hash reveal events removed from the end (unless the
    head was moved back too: the checkpoints catch that). Every event from
    `settings.AUDIT_CHAIN_KEYED_FROM` on must carry a key, so a log rewritten as unkeyed
    events is caught without any checkpoint."""
    keys = keys if keys is not None else chain_keys()
    keyed_from = settings.AUDIT_CHAIN_KEYED_FROM
    expected_prev = GENESIS_HASH
    expected_seq = 1
    checked = 0
    keyed_seen = False
    for event in events:
        seq = event["seq"]
        if seq != expected_seq:
            kind = "missing" if seq > expected_seq else "duplicated or out of order"
            return ChainReport(False, checked, seq, f"event {expected_seq} is {kind} (found {seq})")
        if event["prev_hash"] != expected_prev:
            return ChainReport(False, checked, seq, f"event {seq} does not point to the hash of event {seq - 1}")
        kid = event.get("key_id") or ""
        if kid and kid not in keys:
            return ChainReport(False, checked, seq, f"event {seq} is signed with a key that is not configured")
        if not kid and seq >= keyed_from:
            problem = f"event {seq} has no key (every event from {keyed_from} on has one)"
            return ChainReport(False, checked, seq, problem)
        if not kid and keyed_seen:
            return ChainReport(False, checked, seq, f"event {seq} has no key although earlier events have one")
        keyed_seen = keyed_seen or bool(kid)
        if not hmac.compare_digest(event_hash(event, keys), event["hash"]):
            return ChainReport(False, checked, seq, f"event {seq} has been changed (its hash does not match)")
        expected_prev = event["hash"]
        expected_seq += 1
        checked += 1
    if head is not None and (head.last_seq != checked or head.last_hash != expected_prev):
        return ChainReport(
            False, checked, checked + 1, f"the chain head names event {head.last_seq}, the log ends at {checked}"
        )
    return ChainReport(True, checked)
