"""Hashing and verification of the audit chain."""

import hashlib
import json
from dataclasses import dataclass

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


def event_hash(values: dict) -> str:
    """SHA-256 over a canonical JSON form of the event's fields, including the previous hash."""
    payload = {name: values[name] for name in _HASHED_FIELDS}
    payload["occurred_at"] = payload["occurred_at"].isoformat()
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    broken_at_seq: int | None = None
    problem: str = ""


def verify_chain(events, head=None) -> ChainReport:
    """Walk events in order of `seq` and report the first broken link.

    `events` yields dicts of the hashed fields plus `hash`; `head` is the chain head row, whose
    stored last number and hash reveal events removed from the end.
    """
    expected_prev = GENESIS_HASH
    expected_seq = 1
    checked = 0
    for event in events:
        seq = event["seq"]
        if seq != expected_seq:
            kind = "missing" if seq > expected_seq else "duplicated or out of order"
            return ChainReport(False, checked, seq, f"event {expected_seq} is {kind} (found {seq})")
        if event["prev_hash"] != expected_prev:
            return ChainReport(False, checked, seq, f"event {seq} does not point to the hash of event {seq - 1}")
        if event_hash(event) != event["hash"]:
            return ChainReport(False, checked, seq, f"event {seq} has been changed (its hash does not match)")
        expected_prev = event["hash"]
        expected_seq += 1
        checked += 1
    if head is not None and (head.last_seq != checked or head.last_hash != expected_prev):
        return ChainReport(
            False, checked, checked + 1, f"the chain head names event {head.last_seq}, the log ends at {checked}"
        )
    return ChainReport(True, checked)
