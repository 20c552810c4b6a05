"""Signed checkpoints of the audit chain's head, kept outside the database.

A checkpoint is one line of JSON: the newest event's number and hash, the time, and an
HMAC-SHA256 over them with the chain's signing key. It is appended to
`settings.AUDIT_CHECKPOINT_FILE` (flushed and fsynced) and, when `AUDIT_CHECKPOINT_SYSLOG` is
set, sent to syslog, from where the municipality ships it to a write-once store. Checkpoints
are written after every `AUDIT_CHECKPOINT_EVERY` events, by `manage.py audit_checkpoint`
(cron) and after each successful `audit_verify`.

`audit_verify` then requires the event every checkpoint names to be in the log with that hash:
a log emptied with TRUNCATE, cut at the end with the head moved back, or rewritten from the
start no longer passes. Each checkpoint written is itself an audit event
(`audit.checkpoint_written`), and every such event must find its line in the file: lines taken
out of the file are found too. A checkpoint is only written when the newest one still holds
(`extends_latest`): once the log is rewritten, no new checkpoint vouches for it.
"""

import fcntl
import hmac
import json
import logging
import logging.handlers
import os
import socket
from dataclasses import dataclass, field
from hashlib import sha256
from urllib.parse import urlparse

from django.conf import settings
from django.utils import timezone

from .chain import chain_keys, signing_key

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    hash: str
    at: str
    key_id: str
    signature: str


def _signature(key: str, seq: int, event_hash: str, at: str) -> str:
    message = f"beredskab-audit-checkpoint\x00{seq}\x00{event_hash}\x00{at}".encode()
    return hmac.new(key.encode("utf-8"), message, sha256).hexdigest()


def make_checkpoint(seq: int, event_hash: str) -> Checkpoint:
    kid, key = signing_key()
    at = timezone.now().isoformat()
    return Checkpoint(seq, event_hash, at, kid, _signature(key, seq, event_hash, at))


def _line(checkpoint: Checkpoint) -> str:
    return json.dumps(
        {
            "seq": checkpoint.seq,
            "hash": checkpoint.hash,
            "at": checkpoint.at,
            "key": checkpoint.key_id,
            "sig": checkpoint.signature,
        },
        separators=(",", ":"),
    )


def _syslog_handler(target: str) -> logging.Handler:
    parsed = urlparse(target)
    if parsed.scheme in ("udp", "tcp"):
        kind = socket.SOCK_DGRAM if parsed.scheme == "udp" else socket.SOCK_STREAM
        return logging.handlers.SysLogHandler(address=(parsed.hostname, parsed.port or 514), socktype=kind)
    return logging.handlers.SysLogHandler(address=target)


def write_checkpoint(seq: int, event_hash: str) -> Checkpoint:
    """Append a signed checkpoint of the head (seq, hash) outside the database. Call it through
    `services.checkpoint_write`, which checks it extends the last one and records it."""
    checkpoint = make_checkpoint(seq, event_hash)
    line = _line(checkpoint)
    path = settings.AUDIT_CHECKPOINT_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        # A line cut off by a crash is closed first, so it cannot swallow this one.
        handle.seek(0, os.SEEK_END)
        if handle.tell():
            handle.seek(handle.tell() - 1)
            if handle.read(1) != "\n":
                line = "\n" + line
        handle.write(line + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    if settings.AUDIT_CHECKPOINT_SYSLOG:
        try:
            handler = _syslog_handler(settings.AUDIT_CHECKPOINT_SYSLOG)
            handler.emit(
                logging.LogRecord("beredskab.audit", logging.INFO, "", 0, f"audit-checkpoint {line}", (), None)
            )
            handler.close()
        except OSError:
            logger.exception("The audit checkpoint could not be sent to syslog (the file has it).")
    return checkpoint


@dataclass(frozen=True)
class CheckpointLog:
    latest: Checkpoint | None
    lines: int
    forged: int  # checkpoints whose signature does not match (or that name an unknown key)
    torn: int  # lines that are not JSON at all (a write cut off by a crash)
    valid: list[Checkpoint] = field(default_factory=list)  # every correctly signed line


def read_checkpoints(path=None) -> CheckpointLog:
    """Every correctly signed checkpoint in the file (the newest apart), with counts of bad
    lines. `path`: another copy (from the write-once store) instead of AUDIT_CHECKPOINT_FILE."""
    keys = chain_keys()
    latest, lines, forged, torn = None, 0, 0, 0
    valid: list[Checkpoint] = []
    path = path or settings.AUDIT_CHECKPOINT_FILE
    if not path.exists():
        return CheckpointLog(None, 0, 0, 0)
    with open(path, encoding="utf-8") as handle:
        for raw in handle:
            if not raw.strip():
                continue
            lines += 1
            try:
                data = json.loads(raw)
            except ValueError:
                torn += 1
                continue
            try:
                checkpoint = Checkpoint(int(data["seq"]), data["hash"], data["at"], data["key"], data["sig"])
                key = keys[checkpoint.key_id]
            except (ValueError, KeyError, TypeError):
                forged += 1
                continue
            expected = _signature(key, checkpoint.seq, checkpoint.hash, checkpoint.at)
            if not hmac.compare_digest(expected, checkpoint.signature):
                forged += 1
                continue
            valid.append(checkpoint)
            if latest is None or checkpoint.seq >= latest.seq:
                latest = checkpoint
    return CheckpointLog(latest, lines, forged, torn, valid)


class CheckpointRefused(Exception):
    """The newest checkpoint no longer holds: the log was rewritten or cut since."""


def extends_latest(seq: int) -> bool:
    """Whether a checkpoint of event `seq` is needed: False when the newest one already names
    `seq` or a later event (another process got there first). Raises CheckpointRefused when the
    newest one no longer holds: the log lacks its event, or holds it with another hash."""
    from .models import AuditEvent

    latest = read_checkpoints().latest
    if latest is None:
        return True
    stored = AuditEvent.objects.filter(seq=latest.seq).values_list("hash", flat=True).first()
    if stored != latest.hash:
        raise CheckpointRefused(f"the checkpoint of {latest.at} (event {latest.seq}) no longer holds")
    return latest.seq < seq
