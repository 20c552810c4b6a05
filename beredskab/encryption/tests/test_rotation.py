"""Key rotation and the key check (`manage.py rotate_encryption_keys`): resumable, audited,
and every value stays readable."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

from beredskab.audit.models import AuditEvent
from beredskab.core import crypto
from beredskab.core.models import KeyCheck
from beredskab.encryption.services import encryption_keys_check, encryption_keys_rotate

OLD_KEY = crypto.generate_key()
NEW_KEY = crypto.generate_key()


def _raw(pk) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT value FROM core_keycheck WHERE id = %s", [pk])
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_rotation_add_new_key_rotate_then_remove_old_key_keeps_everything_readable():
    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD_KEY]):
        rows = [KeyCheck.objects.create(name=f"r{i}", value=f"værdi {i}") for i in range(7)]
        blank = KeyCheck.objects.create(name="blank", value="")
    before = AuditEvent.objects.count()

    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY, OLD_KEY]):
        report = encryption_keys_rotate(batch_size=3)
        assert report.rotated == 7
        # the canary was created under the new key; the 7 old values are now rotated
        assert report.total.unreadable == 0
        again = encryption_keys_rotate(batch_size=3)
        assert again.rotated == 0  # idempotent

    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY]):
        assert [KeyCheck.objects.get(pk=r.pk).value for r in rows] == [f"værdi {i}" for i in range(7)]
        assert KeyCheck.objects.get(pk=blank.pk).value == ""
        assert encryption_keys_check().ok

    events = AuditEvent.objects.filter(seq__gt=before)
    batches = events.filter(action="core.encryption_batch_rotated")
    assert sorted(e.new_values["rotated"] for e in batches) == [
        1,
        3,
        3,
    ]  # batches of 3 (the last: row 7, blank, canary)
    summary = events.filter(action="core.encryption_keys_rotated").order_by("seq").first()
    assert summary.new_values["rotated"] == 7
    assert "værdi" not in str(list(events.values_list("new_values", flat=True)))  # counts only


@pytest.mark.django_db
def test_rotation_is_resumable_after_an_interruption(monkeypatch):
    from beredskab.encryption import services

    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD_KEY]):
        rows = [KeyCheck.objects.create(name=f"r{i}", value=f"v{i}") for i in range(6)]

    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY, OLD_KEY]):
        real_rotate = crypto.rotate
        calls = {"n": 0}

        def failing_rotate(token):
            calls["n"] += 1
            if calls["n"] == 4:  # fail inside the second batch
                raise RuntimeError("power cut")
            return real_rotate(token)

        monkeypatch.setattr(services.crypto, "rotate", failing_rotate)
        with pytest.raises(RuntimeError):
            encryption_keys_rotate(batch_size=2)
        statuses = [crypto.key_status(_raw(r.pk)) for r in rows]
        # the first batch committed, the failed batch rolled back as a whole
        assert statuses[:2] == [crypto.KeyStatus.PRIMARY] * 2
        assert statuses[2:] == [crypto.KeyStatus.OLDER] * 4

        monkeypatch.setattr(services.crypto, "rotate", real_rotate)
        report = encryption_keys_rotate(batch_size=2)
        assert report.rotated == 4
        assert {crypto.key_status(_raw(r.pk)) for r in rows} == {crypto.KeyStatus.PRIMARY}


@pytest.mark.django_db
def test_dry_run_writes_nothing():
    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD_KEY]):
        row = KeyCheck.objects.create(name="r", value="v")
    raw_before = _raw(row.pk)
    events_before = AuditEvent.objects.count()
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY, OLD_KEY]):
        report = encryption_keys_rotate(dry_run=True)
    assert report.total.older == 1 and report.rotated == 1
    assert _raw(row.pk) == raw_before
    assert AuditEvent.objects.count() == events_before
    assert not KeyCheck.objects.filter(name="canary").exists()


@pytest.mark.django_db
def test_unreadable_values_are_counted_and_left_alone():
    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD_KEY]):
        row = KeyCheck.objects.create(name="lost", value="v")
    raw_before = _raw(row.pk)
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY]):
        report = encryption_keys_rotate()
        assert report.total.unreadable == 1
        assert _raw(row.pk) == raw_before
        with pytest.raises(CommandError, match="cannot be decrypted"):
            call_command("rotate_encryption_keys")


@pytest.mark.django_db
def test_command_check_creates_the_canary_and_proves_the_keys(capsys):
    with override_settings(FIELD_ENCRYPTION_KEYS=[OLD_KEY]):
        call_command("rotate_encryption_keys", "--check")
        out = capsys.readouterr().out
        assert "has been created" in out and "OK: every encrypted value is under the current key" in out
        assert KeyCheck.objects.get(name="canary").value == KeyCheck.CANARY

    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY, OLD_KEY]):
        call_command("rotate_encryption_keys", "--check")
        assert "1 values are under an older key" in capsys.readouterr().out
        call_command("rotate_encryption_keys", "--dry-run")
        assert "1 values would be re-encrypted" in capsys.readouterr().out
        call_command("rotate_encryption_keys", "--batch-size", "10")
        assert "Re-encrypted 1 values" in capsys.readouterr().out

    with (
        override_settings(FIELD_ENCRYPTION_KEYS=[crypto.generate_key()]),
        pytest.raises(CommandError, match="cannot read the key check value"),
    ):
        call_command("rotate_encryption_keys", "--check")
    checked = AuditEvent.objects.filter(action="core.encryption_keys_checked").order_by("-seq").first()
    assert checked.new_values["ok"] is False
