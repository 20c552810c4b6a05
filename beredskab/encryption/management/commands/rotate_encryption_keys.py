"""Re-encrypt every encrypted field with the current key, or check the configured keys.

Rotation, step by step:
  1. Generate a key:  manage.py rotate_encryption_keys --generate-key
  2. Put it FIRST in FIELD_ENCRYPTION_KEYS, keep the old keys after it, restart the app.
  3. manage.py rotate_encryption_keys          (batches commit one by one; safe to re-run)
  4. manage.py rotate_encryption_keys --check  (must say: 0 under an older key, 0 unreadable)
  5. Remove the old keys from FIELD_ENCRYPTION_KEYS and restart.
"""

from django.core.management.base import BaseCommand, CommandError

from beredskab.core import crypto
from beredskab.encryption.services import DEFAULT_BATCH_SIZE, encryption_keys_check, encryption_keys_rotate


class Command(BaseCommand):
    help = "Re-encrypt every EncryptedTextField value with the first key in FIELD_ENCRYPTION_KEYS."

    def add_arguments(self, parser):
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--dry-run", action="store_true", help="Count what would be re-encrypted; write nothing.")
        mode.add_argument(
            "--check",
            action="store_true",
            help="Prove the configured keys open the stored data (exit 1 if anything is unreadable).",
        )
        mode.add_argument("--generate-key", action="store_true", help="Print a new random key and exit.")
        parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)

    def handle(self, *args, dry_run=False, check=False, generate_key=False, batch_size=DEFAULT_BATCH_SIZE, **options):
        self.verbosity = options.get("verbosity", 1)
        if generate_key:
            self.stdout.write(crypto.generate_key())
            return
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        if check:
            self._check(batch_size)
        else:
            self._rotate(batch_size, dry_run)

    def _print_counts(self, report):
        for label, counts in report.by_model.items():
            self.stdout.write(
                f"  {label}: {counts.primary} under the current key, {counts.older} under an older key, "
                f"{counts.unreadable} unreadable"
            )

    def _check(self, batch_size):
        result = encryption_keys_check(batch_size=batch_size)
        if result.canary_created:
            self.stdout.write("The key check value did not exist; it has been created with the current key.")
        self._print_counts(result.report)
        total = result.report.total
        if not result.canary_ok:
            raise CommandError("The configured keys cannot read the key check value: FIELD_ENCRYPTION_KEYS is wrong.")
        if total.unreadable:
            raise CommandError(f"{total.unreadable} stored values cannot be decrypted with the configured keys.")
        if total.older:
            self.stdout.write(f"OK, but {total.older} values are under an older key: run rotate_encryption_keys.")
        else:
            self.stdout.write(self.style.SUCCESS("OK: every encrypted value is under the current key."))
            self.stdout.write("Keys after the first one in FIELD_ENCRYPTION_KEYS can be removed.")

    def _rotate(self, batch_size, dry_run):
        def progress(label, counts, rotated):
            if self.verbosity > 1:
                self.stdout.write(f"  {label}: batch done, {rotated} re-encrypted")

        report = encryption_keys_rotate(batch_size=batch_size, dry_run=dry_run, progress=progress)
        self._print_counts(report)
        total = report.total
        if dry_run:
            self.stdout.write(f"Dry run: {total.older} values would be re-encrypted; nothing was written.")
        else:
            self.stdout.write(f"Re-encrypted {report.rotated} values in {report.batches} batches.")
        if total.unreadable:
            raise CommandError(f"{total.unreadable} stored values cannot be decrypted and were left unchanged.")
        if not dry_run:
            self.stdout.write(self.style.SUCCESS("OK: every readable value is now under the current key."))
