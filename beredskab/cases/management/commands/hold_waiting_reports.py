"""Run the arrival check again for every report waiting in the queue: a report about a child who
already has a case is held for that case (beredskab.cases.holds), and a report whose check
failed when it arrived (`needs_check`) is released to the unit once it has run. Safe to run
often (cron, e.g. every five minutes); `migrate` runs it too. Each report is handled on its own:
one that fails is logged by id, the others are still held, and the command exits non-zero."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from beredskab.cases.holds import hold_waiting_reports
from beredskab.core.jobs import JobRun


class Command(BaseCommand):
    help = "Hold waiting reports about children who have a case; finish failed arrival checks."

    def handle(self, *args, **options):
        run = JobRun("hold_waiting_reports")
        with transaction.atomic():
            held = hold_waiting_reports(run=run)
        self.stdout.write(f"{held} waiting reports held for an existing case.")
        if run.failed:
            raise CommandError(f"{run.failed} item(s) failed; the log names them by id.")
