"""Erase the personal data of closed adult cases past the retention period and leave their
tombstones (beredskab.cases.retention). Meant for cron, e.g. `30 2 * * * manage.py
apply_adult_case_retention`. Each case is handled on its own; when one fails the command exits
non-zero. Running it twice erases each case once."""

from django.core.management.base import BaseCommand, CommandError

from beredskab.cases.retention import erase_expired_adult_cases, expired_cases
from beredskab.core.jobs import JobRun


class Command(BaseCommand):
    help = "Erase the personal data of closed adult cases past RETENTION['adult_cases_days']."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count the cases that would be erased.")
        parser.add_argument(
            "--enqueue", action="store_true", help="Put the job on the task queue instead of running it here."
        )

    def handle(self, *args, dry_run=False, enqueue=False, **options):
        if dry_run:
            self.stdout.write(f"{expired_cases().count()} adult case(s) would be erased.")
            return
        if enqueue:
            from beredskab.cases.tasks import erase_expired_adult_cases_task

            result = erase_expired_adult_cases_task.enqueue()
            self.stdout.write(f"Enqueued ({result.id}).")
            return
        run = JobRun("apply_adult_case_retention")
        erased = erase_expired_adult_cases(run=run)
        self.stdout.write(f"Erased {erased} adult case(s).")
        if run.failed:
            raise CommandError(f"{run.failed} case(s) failed; the log names them by id.")
