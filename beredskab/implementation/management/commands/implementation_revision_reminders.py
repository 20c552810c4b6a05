"""Remind the plan coordinators of the revision deadline of the plan in force (12, 6 and 1
months before, and once it has passed; each once). Meant for cron, daily, e.g.
`30 7 * * * manage.py implementation_revision_reminders`."""

from django.core.management.base import BaseCommand, CommandError

from beredskab.core.jobs import JobRun
from beredskab.implementation.revision import revision_reminders_send


class Command(BaseCommand):
    help = "Send the revision reminder that is due for the plan in force, once."

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue", action="store_true", help="Put the job on the task queue instead of running it here."
        )

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            from beredskab.implementation.tasks import send_revision_reminders

            result = send_revision_reminders.enqueue()
            self.stdout.write(f"Enqueued ({result.id}).")
            return
        run = JobRun("implementation_revision_reminders")
        sent = revision_reminders_send(run=run)
        self.stdout.write(f"Sent {sent} reminder(s).")
        if run.failed:
            raise CommandError(f"{run.failed} item(s) failed; the log names them by id.")
