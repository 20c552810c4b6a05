"""`manage.py audit_verify` and the append-only guarantees of the audit log."""

import contextlib

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from beredskab.audit import audit_actions
from beredskab.audit.chain import GENESIS_HASH, event_hash
from beredskab.audit.models import AuditChainHead, AuditEvent, AuditLogIsAppendOnly
from beredskab.audit.services import audit_record

pytestmark = pytest.mark.django_db

POSTGRES = connection.vendor == "postgresql"


@contextlib.contextmanager
def trigger_disabled():
    """Tampering as someone with full database rights would: switch off the append-only trigger."""
    if POSTGRES:
        with connection.cursor() as cursor:
            # the persons' index refers to the events: its deferred checks must run first
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_append_only")
    try:
        yield
    finally:
        if POSTGRES:
            with connection.cursor() as cursor:
                cursor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_event_append_only")


def _sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


@pytest.fixture
def five_events(make_user):
    user = make_user(full_name="Rasmus Revisor")
    start = AuditChainHead.objects.get(pk=1).last_seq
    for n in range(5):
        audit_record(actor=user, action=audit_actions.AUDIT_LOG_SEARCHED, purpose="audit", new={"n": n})
    return start


def test_untouched_chain_passes_and_the_check_is_recorded(five_events, capsys):
    count = AuditEvent.objects.count()
    call_command("audit_verify")
    out = capsys.readouterr().out
    assert f"OK: the audit chain is intact ({count} events checked)" in out
    head = AuditChainHead.objects.get(pk=1)
    assert f"hash {AuditEvent.objects.get(seq=count).hash}" in out
    last = AuditEvent.objects.get(seq=head.last_seq)
    assert last.action == "audit.chain_verified" and last.new_values["checked"] == count
    assert AuditEvent.objects.get(seq=count + 1).action == "audit.checkpoint_written"  # and the checkpoint
    call_command("audit_verify")  # the recorded check is itself part of a valid chain
    assert f"({count + 2} events checked)" in capsys.readouterr().out


def test_the_check_shows_its_progress_on_stderr_unless_quiet(five_events, capsys):
    """A long check (a year's log) draws a progress bar on stderr; stdout stays the result."""
    count = AuditEvent.objects.count()
    call_command("audit_verify")
    captured = capsys.readouterr()
    assert f"{count}/{count} events" in captured.err and "[####" in captured.err
    assert "events checked" not in captured.err and "/s" not in captured.out
    call_command("audit_verify", quiet=True)
    assert capsys.readouterr().err == ""


def test_empty_log_passes(capsys):
    call_command("audit_verify")
    assert "(0 events checked)" in capsys.readouterr().out


def test_an_edited_event_is_detected(five_events):
    with trigger_disabled():
        _sql("UPDATE audit_auditevent SET purpose = %s WHERE seq = %s", ["case_work", five_events + 3])
    with pytest.raises(CommandError, match=rf"BROKEN at event {five_events + 3}: .*has been changed"):
        call_command("audit_verify")
    finding = AuditEvent.objects.order_by("-seq").first()
    assert finding.action == "audit.chain_broken" and finding.new_values["broken_at_seq"] == five_events + 3


def test_an_edited_event_with_a_recomputed_hash_breaks_the_next_link(five_events):
    target = AuditEvent.objects.filter(seq=five_events + 2).values().get()
    target["purpose"] = "case_work"
    with trigger_disabled():
        _sql(
            "UPDATE audit_auditevent SET purpose = %s, hash = %s WHERE seq = %s",
            ["case_work", event_hash(target), five_events + 2],
        )
    with pytest.raises(CommandError, match=rf"BROKEN at event {five_events + 3}: .*does not point to the hash"):
        call_command("audit_verify")


def _rewrite_from(seq: int, *, change: dict, key_id: str, keys: dict | None):
    """An insider rewrites event `seq` and recomputes every later hash and the head, as someone
    with full database rights but without the chain key would: with a key of their own, or as
    unkeyed SHA-256 events."""
    prev = AuditEvent.objects.filter(seq=seq - 1).values_list("hash", flat=True).first() or GENESIS_HASH
    rows = list(AuditEvent.objects.filter(seq__gte=seq).order_by("seq").values())
    with trigger_disabled():
        for row in rows:
            if row["seq"] == seq:
                row.update(change)
            row["prev_hash"], row["key_id"] = prev, key_id
            row["hash"] = event_hash(row, keys)
            _sql(
                "UPDATE audit_auditevent SET purpose = %s, prev_hash = %s, key_id = %s, hash = %s WHERE seq = %s",
                [row["purpose"], row["prev_hash"], row["key_id"], "x" + row["hash"][1:], row["seq"]],
            )
            prev = row["hash"]
        for row in rows:  # second pass: the real hashes (unique constraint while rewriting)
            _sql("UPDATE audit_auditevent SET hash = %s WHERE seq = %s", [row["hash"], row["seq"]])
    AuditChainHead.objects.filter(pk=1).update(last_hash=prev)


def test_rewrite_and_recompute_without_the_key_is_detected(five_events):
    """Issue 11, finding 7: a plain hash chain could be recomputed; the keyed one cannot."""
    kid = AuditEvent.objects.get(seq=five_events + 2).key_id
    _rewrite_from(five_events + 2, change={"purpose": "case_work"}, key_id=kid, keys={kid: "the insider's own key"})
    with pytest.raises(CommandError, match=rf"BROKEN at event {five_events + 2}: .*has been changed"):
        call_command("audit_verify")


def test_rewrite_as_unkeyed_events_is_detected(five_events):
    _rewrite_from(five_events + 2, change={"purpose": "case_work"}, key_id="", keys=None)
    with pytest.raises(CommandError, match=rf"BROKEN at event {five_events + 2}: .*has no key"):
        call_command("audit_verify")


def test_a_whole_log_rewritten_from_the_start_is_caught_by_the_checkpoint(five_events, settings):
    settings.AUDIT_CHAIN_KEYED_FROM = 10**9  # a log older than the keyed chain: the checkpoint catches it
    call_command("audit_checkpoint")
    _rewrite_from(1, change={}, key_id="", keys=None)
    with pytest.raises(CommandError, match=r"holds with another hash \(rewritten\)"):
        call_command("audit_verify")


def test_tail_deletion_with_the_head_moved_back_is_caught_by_the_checkpoint(five_events):
    last = AuditChainHead.objects.get(pk=1).last_seq
    call_command("audit_checkpoint")
    with trigger_disabled():
        _sql("DELETE FROM audit_auditevent WHERE seq > %s", [last - 2])
    kept = AuditEvent.objects.get(seq=last - 2)
    AuditChainHead.objects.filter(pk=1).update(last_seq=kept.seq, last_hash=kept.hash)
    with pytest.raises(CommandError, match=rf"names event {last}, which the log does not contain"):
        call_command("audit_verify")


def test_an_emptied_log_is_caught_by_the_checkpoint(five_events):
    call_command("audit_checkpoint")
    with trigger_disabled():
        _sql("DELETE FROM audit_auditevent")
    AuditChainHead.objects.filter(pk=1).update(last_seq=0, last_hash=GENESIS_HASH)
    with pytest.raises(CommandError, match="does not contain"):
        call_command("audit_verify")


def test_a_forged_checkpoint_line_is_reported(five_events, settings):
    call_command("audit_checkpoint")
    with open(settings.AUDIT_CHECKPOINT_FILE, "a") as handle:
        handle.write('{"seq": 1, "hash": "00", "at": "2026-01-01", "key": "abc", "sig": "00"}\n')
    with pytest.raises(CommandError, match="not checkpoints signed"):
        call_command("audit_verify")


def test_checkpoints_are_written_every_n_events_and_signed(make_user, settings, django_capture_on_commit_callbacks):
    from beredskab.audit.checkpoints import read_checkpoints

    settings.AUDIT_CHECKPOINT_EVERY = 3
    user = make_user()
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(7):
            audit_record(actor=user, action=audit_actions.AUDIT_LOG_SEARCHED, purpose="audit", new={"n": n})
    log = read_checkpoints()
    assert log.lines >= 2 and log.forged == 0
    assert log.latest.seq % 3 == 0
    assert AuditEvent.objects.get(seq=log.latest.seq).hash == log.latest.hash


def test_a_deleted_event_is_detected(five_events):
    with trigger_disabled():
        _sql("DELETE FROM audit_auditevent WHERE seq = %s", [five_events + 2])
    with pytest.raises(CommandError, match=rf"BROKEN at event {five_events + 3}: event {five_events + 2} is missing"):
        call_command("audit_verify")


def test_a_deleted_last_event_is_detected_through_the_chain_head(five_events):
    last = five_events + 5
    with trigger_disabled():
        _sql("DELETE FROM audit_auditevent WHERE seq = %s", [last])
    with pytest.raises(CommandError, match=f"the chain head names event {last}"):
        call_command("audit_verify")


def test_an_inserted_event_is_detected(five_events):
    """A forged event appended with a correct hash and link, without the chain head."""
    last = AuditEvent.objects.get(seq=five_events + 5)
    forged = {
        "seq": last.seq + 1,
        "occurred_at": last.occurred_at,
        "actor_id": None,
        "actor_name": "",
        "action": "audit.log_searched",
        "target_type": "",
        "target_id": "",
        "person_ref": "",
        "purpose": "audit",
        "old_values": None,
        "new_values": None,
        "request_id": "",
        "prev_hash": last.hash,
    }
    forged["key_id"] = last.key_id
    forged_hash = event_hash(forged)  # as if the key had leaked: the head still tells
    _sql(
        "INSERT INTO audit_auditevent (seq, occurred_at, actor_id, actor_name, action, target_type, target_id,"
        " person_ref, purpose, old_values, new_values, request_id, prev_hash, key_id, hash)"
        " VALUES (%s, %s, NULL, '', 'audit.log_searched', '', '', '', 'audit', NULL, NULL, '', %s, %s, %s)",
        [forged["seq"], forged["occurred_at"], forged["prev_hash"], forged["key_id"], forged_hash],
    )
    with pytest.raises(CommandError, match=f"the chain head names event {last.seq}"):
        call_command("audit_verify")


def test_an_event_inserted_in_the_middle_is_detected(five_events):
    """Renumbering the later events to make room for a forged one breaks the links after it."""
    middle = five_events + 3
    with trigger_disabled():
        # Two steps, so the unique seq never collides while renumbering.
        _sql("UPDATE audit_auditevent SET seq = seq + 1000 WHERE seq >= %s", [middle])
        _sql("UPDATE audit_auditevent SET seq = seq - 999 WHERE seq >= %s", [middle + 1000])
        prev = AuditEvent.objects.get(seq=middle - 1)
        _sql(
            "INSERT INTO audit_auditevent (seq, occurred_at, actor_id, actor_name, action, target_type, target_id,"
            " person_ref, purpose, old_values, new_values, request_id, prev_hash, key_id, hash)"
            " VALUES (%s, %s, NULL, '', 'audit.log_searched', '', '', '', 'audit', NULL, NULL, '', %s, %s, %s)",
            [middle, prev.occurred_at, prev.hash, prev.key_id, "f" * 64],
        )
    with pytest.raises(CommandError, match=f"BROKEN at event {middle}"):
        call_command("audit_verify")


# --- append-only ----------------------------------------------------------------------------


def test_model_api_refuses_every_change_and_delete(five_events):
    event = AuditEvent.objects.get(seq=five_events + 1)
    event.purpose = "changed"
    for attempt in (
        event.save,
        event.delete,
        lambda: AuditEvent.objects.filter(pk=event.pk).update(purpose="changed"),
        lambda: AuditEvent.objects.all().delete(),
        lambda: AuditEvent.objects.bulk_update([event], ["purpose"]),
        lambda: AuditEvent.objects.update_or_create(pk=event.pk, defaults={"purpose": "x"}),
        lambda: AuditEvent.objects.bulk_create([AuditEvent(seq=999, prev_hash="", hash="x")]),
    ):
        with pytest.raises(AuditLogIsAppendOnly):
            attempt()
    assert AuditEvent.objects.get(pk=event.pk).purpose == "audit"
    call_command("audit_verify")


@pytest.mark.skipif(not POSTGRES, reason="the append-only trigger exists on PostgreSQL only")
def test_database_trigger_refuses_raw_update_and_delete(five_events):
    for statement in (
        "UPDATE audit_auditevent SET purpose = 'changed'",
        "DELETE FROM audit_auditevent",
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            _sql(statement)
    assert AuditEvent.objects.filter(purpose="changed").count() == 0
    assert AuditEvent.objects.count() >= 5


@pytest.mark.skipif(not POSTGRES, reason="the TRUNCATE trigger exists on PostgreSQL only")
def test_database_trigger_refuses_truncate_and_the_checkpoint_catches_a_truncate_anyway(five_events):
    call_command("audit_checkpoint")
    # the events together with the persons' index that refers to them (else the foreign key refuses)
    for table in ("audit_auditevent, audit_auditeventperson", "audit_auditeventperson", "audit_auditchainhead"):
        with pytest.raises(DatabaseError, match="cannot be truncated"), transaction.atomic():
            _sql("SET LOCAL beredskab.allow_audit_truncate = 'off'")
            _sql(f"TRUNCATE {table}")
    assert AuditEvent.objects.count() >= 5
    # Whoever can switch the trigger off (a superuser) can empty the log: the checkpoint tells.
    _sql("TRUNCATE audit_auditevent, audit_auditeventperson, audit_auditchainhead")
    with pytest.raises(CommandError, match="does not contain"):
        call_command("audit_verify")


@pytest.mark.django_db(transaction=True)
def test_verification_outside_a_transaction_reads_one_snapshot(make_user, capsys):
    """As run from cron: its own transaction (REPEATABLE READ READ ONLY on PostgreSQL)."""
    audit_record(actor=make_user(), action=audit_actions.AUDIT_LOG_SEARCHED, purpose="audit")
    call_command("audit_verify")
    assert "OK: the audit chain is intact" in capsys.readouterr().out


# --- every checkpoint, and the file against the log (helper-6, third attack) --------------------


def test_an_older_checkpoint_contradicted_by_a_rewrite_is_caught_even_when_the_newest_agrees(five_events, settings):
    """An insider with the key rewrites the log from event 3 and signs a new checkpoint of the
    rewritten head: the older checkpoints still name the old hashes."""
    from beredskab.audit.chain import chain_keys
    from beredskab.audit.checkpoints import write_checkpoint

    old_head = AuditChainHead.objects.get(pk=1).last_seq
    call_command("audit_checkpoint")
    kid = AuditEvent.objects.get(seq=old_head).key_id
    _rewrite_from(1, change={"purpose": "case_work"}, key_id=kid, keys=chain_keys())
    head = AuditChainHead.objects.get(pk=1)
    write_checkpoint(head.last_seq, head.last_hash)  # the file by hand, as the insider would
    with pytest.raises(CommandError, match=rf"names event {old_head}, which the log holds with another hash"):
        call_command("audit_verify")


def test_lines_taken_out_of_the_checkpoint_file_are_caught_by_the_logs_own_record(five_events, settings):
    call_command("audit_checkpoint")
    call_command("audit_checkpoint")
    lines = settings.AUDIT_CHECKPOINT_FILE.read_text().splitlines()
    settings.AUDIT_CHECKPOINT_FILE.write_text(lines[-1] + "\n")  # keep only the newest
    with pytest.raises(CommandError, match="that the checkpoint file lacks"):
        call_command("audit_verify")


def test_no_checkpoint_vouches_for_a_log_rewritten_after_the_last_one(five_events, settings):
    from beredskab.audit.checkpoints import CheckpointRefused
    from beredskab.audit.services import checkpoint_write

    call_command("audit_checkpoint")
    lines_before = settings.AUDIT_CHECKPOINT_FILE.read_text()
    _rewrite_from(1, change={}, key_id="", keys=None)
    head = AuditChainHead.objects.get(pk=1)
    with pytest.raises(CheckpointRefused):
        checkpoint_write(head.last_seq, head.last_hash)
    with pytest.raises(CommandError, match="No checkpoint written"):
        call_command("audit_checkpoint")
    assert settings.AUDIT_CHECKPOINT_FILE.read_text() == lines_before
    assert AuditEvent.objects.filter(action="audit.chain_broken").exists()


# --- helper-8, fourth attack --------------------------------------------------------------------


def test_a_log_rewritten_as_unkeyed_events_fails_before_any_checkpoint_exists(five_events, settings):
    _rewrite_from(1, change={"purpose": "case_work"}, key_id="", keys=None)
    assert not settings.AUDIT_CHECKPOINT_FILE.exists() or not settings.AUDIT_CHECKPOINT_FILE.read_text().strip()
    with pytest.raises(CommandError, match="event 1 has no key"):
        call_command("audit_verify")


def test_a_checkpoint_written_meanwhile_by_another_process_is_no_alarm(five_events):
    from beredskab.audit.services import checkpoint_write

    head = AuditChainHead.objects.get(pk=1)
    old_seq, old_hash = head.last_seq, head.last_hash
    audit_record(actor=None, action=audit_actions.AUDIT_LOG_SEARCHED, purpose="audit", new={})
    new = AuditChainHead.objects.get(pk=1)
    assert checkpoint_write(new.last_seq, new.last_hash) is not None
    assert checkpoint_write(old_seq, old_hash) is None  # a newer one is there: nothing to do
    assert not AuditEvent.objects.filter(action="audit.chain_broken").exists()
    call_command("audit_verify")
    call_command("audit_checkpoint")


def test_a_line_cut_off_by_a_crash_does_not_swallow_the_next_checkpoint(five_events, settings):
    call_command("audit_checkpoint")
    with open(settings.AUDIT_CHECKPOINT_FILE, "a") as handle:
        handle.write('{"seq":3,"hash":"ab')  # the process died mid-line
    audit_record(actor=None, action=audit_actions.AUDIT_LOG_SEARCHED, purpose="audit", new={})
    call_command("audit_checkpoint")
    call_command("audit_verify")


def test_the_log_is_checked_against_a_copy_from_the_write_once_store(five_events, settings, tmp_path):
    """An insider who can write both the database and the local file empties both: the copy
    kept where they cannot write still tells."""
    call_command("audit_checkpoint")
    copy = tmp_path / "worm-copy.log"
    copy.write_text(settings.AUDIT_CHECKPOINT_FILE.read_text())
    with trigger_disabled():
        _sql("DELETE FROM audit_auditevent")
    AuditChainHead.objects.filter(pk=1).update(last_seq=0, last_hash=GENESIS_HASH)
    settings.AUDIT_CHECKPOINT_FILE.write_text("")
    call_command("audit_verify")  # the local file is no help any more
    with pytest.raises(CommandError, match="does not contain"):
        call_command("audit_verify", checkpoints=copy)
    with pytest.raises(CommandError, match="No checkpoint file"):
        call_command("audit_verify", checkpoints=tmp_path / "missing.log")
