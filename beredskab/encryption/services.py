"""The encryption keys: the key canary (core.KeyCheck) and key rotation of every encrypted field and file.

Every batch of re-encrypted values is written in its own transaction together with its audit
event (counts only, never values), so a rotation can be interrupted at any point and simply
run again: values already under the current key are skipped.
"""

from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field

from django.apps import apps
from django.db import models, transaction
from django.db.models.functions import Cast

from beredskab.audit.services import audit_record
from beredskab.core import crypto
from beredskab.core.fields import EncryptedTextField
from beredskab.core.models import KeyCheck
from beredskab.core.storage import EncryptedFileSystemStorage

from . import audit_actions

DEFAULT_BATCH_SIZE = 500


@dataclass
class KeyCounts:
    """How many stored values each configured key opens."""

    primary: int = 0
    older: int = 0
    unreadable: int = 0

    def add(self, status: crypto.KeyStatus) -> None:
        setattr(self, status.value, getattr(self, status.value) + 1)

    def merge(self, other: "KeyCounts") -> None:
        self.primary += other.primary
        self.older += other.older
        self.unreadable += other.unreadable


@dataclass
class EncryptionReport:
    by_model: dict[str, KeyCounts] = field(default_factory=dict)
    rotated: int = 0
    batches: int = 0

    @property
    def total(self) -> KeyCounts:
        total = KeyCounts()
        for counts in self.by_model.values():
            total.merge(counts)
        return total

    def as_audit_values(self) -> dict:
        return {
            "models": {label: asdict(counts) for label, counts in sorted(self.by_model.items())},
            "rotated": self.rotated,
            "batches": self.batches,
        }


def encrypted_fields() -> list[tuple[type[models.Model], list[str]]]:
    """Every concrete model with EncryptedTextFields on its own table, and those fields' columns."""
    found = []
    for model in apps.get_models():
        opts = model._meta
        if opts.proxy or not opts.managed:
            continue
        names = [f.attname for f in opts.local_concrete_fields if isinstance(f, EncryptedTextField)]
        if names:
            found.append((model, names))
    return sorted(found, key=lambda item: item[0]._meta.label)


def encrypted_files() -> list[tuple[type[models.Model], str]]:
    """Every concrete model with a file field stored encrypted (core.storage), and the field."""
    found = []
    for model in apps.get_models():
        for f in model._meta.local_concrete_fields:
            if isinstance(f, models.FileField) and isinstance(f.storage, EncryptedFileSystemStorage):
                found.append((model, f.name))
    return sorted(found, key=lambda item: (item[0]._meta.label, item[1]))


def _stored_files(model, field_name: str):
    storage = model._meta.get_field(field_name).storage
    for name in model.objects.exclude(**{field_name: ""}).values_list(field_name, flat=True).iterator():
        if storage.exists(name):
            yield storage, name


def _rotate_files(model, field_name: str, *, dry_run: bool) -> tuple["KeyCounts", int]:
    counts, rotated = KeyCounts(), 0
    for storage, name in _stored_files(model, field_name):
        token = storage.raw(name)
        status = crypto.key_status(token)
        counts.add(status)
        if status == crypto.KeyStatus.OLDER and not dry_run:
            storage.replace_raw(name, crypto.rotate_bytes(token))
            rotated += 1
    return counts, rotated


def _raw_batches(model, names: list[str], batch_size: int, *, lock: bool) -> Iterator[list[tuple]]:
    """Batches of (pk, token, token, ...) read as stored, i.e. without decrypting. With `lock`
    each batch is read and yielded inside its own transaction, its rows locked for update."""
    # Casting to a plain TextField skips the encrypted field's from_db_value.
    raw = {f"raw_{name}": Cast(name, output_field=models.TextField()) for name in names}
    last_pk = None
    while True:
        queryset = model._base_manager.order_by("pk")
        if last_pk is not None:
            queryset = queryset.filter(pk__gt=last_pk)
        queryset = queryset.annotate(**raw).values_list("pk", *raw)
        with transaction.atomic():
            if lock:
                queryset = queryset.select_for_update()
            rows = list(queryset[:batch_size])
            if not rows:
                return
            yield rows
        last_pk = rows[-1][0]


def _rotate_model(model, names, *, batch_size: int, dry_run: bool, progress) -> tuple[KeyCounts, int, int]:
    label = model._meta.label_lower
    counts = KeyCounts()
    rotated = batches = 0
    for rows in _raw_batches(model, names, batch_size, lock=not dry_run):
        batch = KeyCounts()
        batch_rotated = 0
        for pk, *tokens in rows:
            updates = {}
            for name, token in zip(names, tokens, strict=True):
                if token in (None, ""):
                    continue
                status = crypto.key_status(token)
                batch.add(status)
                if status is crypto.KeyStatus.OLDER:
                    updates[name] = models.Value(crypto.rotate(token), output_field=models.TextField())
            if updates:
                batch_rotated += len(updates)
                if not dry_run:
                    # A Value with a plain TextField is written as given (already encrypted).
                    model._base_manager.filter(pk=pk).update(**updates)
        if batch_rotated and not dry_run:
            # Still inside the batch's transaction (see _raw_batches): the event commits with it.
            audit_record(
                actor=None,
                action=audit_actions.ENCRYPTION_BATCH_ROTATED,
                target_type=label,
                new={"rotated": batch_rotated, "first_pk": str(rows[0][0]), "last_pk": str(rows[-1][0])},
            )
            batches += 1
        rotated += batch_rotated
        counts.merge(batch)
        if progress:
            progress(label, batch, batch_rotated)
    return counts, rotated, batches


def encryption_keys_rotate(
    *, batch_size: int = DEFAULT_BATCH_SIZE, dry_run: bool = False, progress: Callable | None = None
) -> EncryptionReport:
    """Re-encrypt every value stored under an older key with the first key.

    Idempotent and resumable: each batch commits on its own, and values already under the first
    key are left alone. Unreadable values are counted, never changed. With `dry_run` nothing is
    written and nothing is locked; the report says what a real run would do.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    crypto.encrypt("")  # fail early, before any batch, if the keys are missing or malformed
    if not dry_run:
        key_check_ensure()
    report = EncryptionReport()
    for model, names in encrypted_fields():
        counts, rotated, batches = _rotate_model(
            model, names, batch_size=batch_size, dry_run=dry_run, progress=progress
        )
        report.by_model[model._meta.label_lower] = counts
        report.rotated += rotated
        report.batches += batches
    for model, field_name in encrypted_files():
        counts, rotated = _rotate_files(model, field_name, dry_run=dry_run)
        report.by_model[f"{model._meta.label_lower}.{field_name}"] = counts
        report.rotated += rotated
    if not dry_run:
        audit_record(actor=None, action=audit_actions.ENCRYPTION_KEYS_ROTATED, new=report.as_audit_values())
    return report


@transaction.atomic
def key_check_ensure() -> tuple[KeyCheck, bool]:
    """The canary row, created (encrypted with the current first key) if missing."""
    check = KeyCheck.objects.filter(name="canary").first()
    if check is not None:
        return check, False
    check = KeyCheck.objects.create(name="canary", value=KeyCheck.CANARY)
    audit_record(actor=None, action=audit_actions.KEY_CHECK_CREATED, target=check)
    return check, True


@dataclass
class KeyCheckResult:
    canary_created: bool
    canary_ok: bool
    report: EncryptionReport

    @property
    def ok(self) -> bool:
        return self.canary_ok and self.report.total.unreadable == 0


def encryption_keys_check(*, batch_size: int = DEFAULT_BATCH_SIZE) -> KeyCheckResult:
    """Prove the configured keys open the stored data: decrypt the canary, and count for every
    encrypted value which key opens it (nothing is decrypted into memory beyond that test)."""
    crypto.encrypt("")
    try:
        check, created = key_check_ensure()
        canary_ok = KeyCheck.objects.get(pk=check.pk).value == KeyCheck.CANARY
    except crypto.DecryptionError:
        created, canary_ok = False, False
    report = EncryptionReport()
    for model, names in encrypted_fields():
        counts = KeyCounts()
        for rows in _raw_batches(model, names, batch_size, lock=False):
            for _pk, *tokens in rows:
                for token in tokens:
                    if token not in (None, ""):
                        counts.add(crypto.key_status(token))
        report.by_model[model._meta.label_lower] = counts
    for model, field_name in encrypted_files():
        counts = KeyCounts()
        for storage, name in _stored_files(model, field_name):
            counts.add(crypto.key_status(storage.raw(name)))
        report.by_model[f"{model._meta.label_lower}.{field_name}"] = counts
    result = KeyCheckResult(canary_created=created, canary_ok=canary_ok, report=report)
    audit_record(
        actor=None,
        action=audit_actions.ENCRYPTION_KEYS_CHECKED,
        new={"ok": result.ok, "canary_ok": canary_ok, **report.as_audit_values()},
    )
    return result
