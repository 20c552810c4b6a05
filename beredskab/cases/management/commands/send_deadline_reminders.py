"""Send content-free reminders about statutory deadlines that are near. Meant for cron, e.g.
every 15 minutes: `*/15 * * * * manage.py send_deadline_reminders`. Each case and reminder is
handled on its own: one that fails is logged by id and the others still go; the command then
exits non-zero, so cron notices."""

from django.core.management.base import BaseCommand, CommandError

from beredskab.cases.reminders import deadline_reminders_send
from beredskab.core.jobs import JobRun


class Command(BaseCommand):
    help = "Send e-mail reminders (without personal data) about deadlines that are near."

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue", action="store_true", help="Put the job on the task queue instead of running it here."
        )

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            from beredskab.cases.tasks import send_deadline_reminders

            result = send_deadline_reminders.enqueue()
            self.stdout.write(f"Enqueued ({result.id}).")
            return
        run = JobRun("send_deadline_reminders")
        sent = deadline_reminders_send(run=run)
        self.stdout.write(f"Sent {sent} reminder e-mail(s).")
        if run.failed:
            raise CommandError(f"{run.failed} item(s) failed; the log names them by id.")
