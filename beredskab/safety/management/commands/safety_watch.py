"""Escalate unhandled no-shows and open or alert return checks after trips abroad (content-free
e-mails). Meant for cron around the clock, e.g. `*/15 * * * * manage.py safety_watch`: the
no-show ladder counts hours, not office hours. Idempotent; when an item fails, exits non-zero."""

from django.core.management.base import BaseCommand, CommandError

from beredskab.core.jobs import JobRun
from beredskab.safety.watch import safety_watch


class Command(BaseCommand):
    help = "Escalate unhandled no-shows and check returns after trips abroad."

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue", action="store_true", help="Put the job on the task queue instead of running it here."
        )

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            from beredskab.safety.tasks import run_safety_watch

            result = run_safety_watch.enqueue()
            self.stdout.write(f"Enqueued ({result.id}).")
            return
        run = JobRun("safety_watch")
        counts = safety_watch(run=run)
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in counts.items()))
        if run.failed:
            raise CommandError(f"{run.failed} item(s) failed; the log names them by id.")
