"""Check the whole audit chain: every event's keyed hash, every link, the chain head, and the
log against the newest signed checkpoint outside the database (beredskab.audit.checkpoints).

Exit status 0, a new checkpoint and an `audit.chain_verified` event when intact; exit status 1,
the first broken link and an `audit.chain_broken` event otherwise. Run it from cron (daily).
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from beredskab.audit import audit_actions
from beredskab.audit.checkpoints import CheckpointRefused
from beredskab.audit.selectors import verify_whole_chain
from beredskab.audit.services import audit_record, checkpoint_write
from beredskab.core.progress import progress_bar


class Command(BaseCommand):
    help = "Verify the audit log's hash chain (exit status 1 on a broken link)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--checkpoints",
            type=Path,
            help="check against this copy of the checkpoints (from the write-once store) instead of "
            "AUDIT_CHECKPOINT_FILE",
        )
        parser.add_argument("--quiet", action="store_true", help="no progress bar (on stderr)")

    def handle(self, *args, **options):
        if options.get("checkpoints") and not options["checkpoints"].is_file():
            raise CommandError(f"No checkpoint file at {options['checkpoints']}.")
        progress = None if options.get("quiet") else progress_bar(sys.stderr, "events")
        report, head = verify_whole_chain(checkpoint_file=options.get("checkpoints"), progress=progress)
        if report.ok:
            try:
                checkpoint_write(head.last_seq, head.last_hash)
            except CheckpointRefused as refusal:  # the log changed under the check: say so
                raise CommandError(f"BROKEN: {refusal}.") from refusal
            audit_record(
                actor=None,
                action=audit_actions.AUDIT_CHAIN_VERIFIED,
                new={"checked": report.checked, "last_hash": head.last_hash},
            )
            self.stdout.write(self.style.SUCCESS(f"OK: the audit chain is intact ({report.checked} events checked)."))
            self.stdout.write(f"Head: event {head.last_seq}, hash {head.last_hash}")
            return
        message = (
            f"BROKEN at event {report.broken_at_seq}: {report.problem} ({report.checked} events intact before it)."
        )
        try:
            audit_record(
                actor=None,
                action=audit_actions.AUDIT_CHAIN_BROKEN,
                new={"broken_at_seq": report.broken_at_seq, "checked": report.checked, "problem": report.problem},
            )
        except Exception as exc:  # a damaged head can refuse new events; the exit status still tells
            message += f" The finding could not be recorded in the log: {type(exc).__name__}."
        raise CommandError(message)
