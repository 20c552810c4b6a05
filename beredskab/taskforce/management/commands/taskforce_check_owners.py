"""Flag open adult inquiries whose owner is absent or gone, and tell the unit's leaders (an
e-mail without personal data). Meant for cron, e.g. `0 7-16 * * 1-5 manage.py taskforce_check_owners`.
Each unit and inquiry is handled on its own; when one fails the command exits non-zero."""

from django.core.management.base import BaseCommand, CommandError

from beredskab.core.jobs import JobRun
from beredskab.taskforce.owners_check import owners_check


class Command(BaseCommand):
    help = "Flag open adult inquiries without an available owner and notify the unit's leaders."

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue", action="store_true", help="Put the job on the task queue instead of running it here."
        )

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            from beredskab.taskforce.tasks import check_owners

            result = check_owners.enqueue()
            self.stdout.write(f"Enqueued ({result.id}).")
            return
        run = JobRun("taskforce_check_owners")
        sent = owners_check(run=run)
        self.stdout.write(f"Sent {sent} notice e-mail(s).")
        if run.failed:
            raise CommandError(f"{run.failed} item(s) failed; the log names them by id.")
