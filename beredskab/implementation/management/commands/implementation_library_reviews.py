"""Remind the owners of library resources past their review date (each once per date). Meant
for cron, daily, e.g. `35 7 * * * manage.py implementation_library_reviews`."""

from django.core.management.base import BaseCommand, CommandError

from beredskab.core.jobs import JobRun
from beredskab.implementation.review import library_reviews_remind


class Command(BaseCommand):
    help = "Mail the owners of library resources past their review date, once per date."

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue", action="store_true", help="Put the job on the task queue instead of running it here."
        )

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            from beredskab.implementation.tasks import send_library_review_reminders

            result = send_library_review_reminders.enqueue()
            self.stdout.write(f"Enqueued ({result.id}).")
            return
        run = JobRun("implementation_library_reviews")
        sent = library_reviews_remind(run=run)
        self.stdout.write(f"Reminded of {sent} resource(s).")
        if run.failed:
            raise CommandError(f"{run.failed} item(s) failed; the log names them by id.")
