"""manage.py apply_retention [--dry-run]: anonymise and delete what the retention rules say
(beredskab.intake.retention). Prints counts and references only, never personal data. One report
or attachment that fails does not stop the others; the command then exits non-zero."""

from django.core.management.base import BaseCommand, CommandError

from beredskab.core.jobs import JobRun
from beredskab.intake import retention


class Command(BaseCommand):
    help = "Anvend sletteregler: anonymisér underretninger uden sag og slet gamle bilag."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Vis kun, hvad der ville blive behandlet.")
        parser.add_argument("--batch-size", type=int, default=retention.BATCH_SIZE)

    def handle(self, *args, dry_run=False, batch_size=retention.BATCH_SIZE, **options):
        plan = retention.retention_plan()
        self.stdout.write(f"Reports to anonymise: {len(plan.reports)}")
        for _pk, reference in plan.reports:
            self.stdout.write(f"  {reference}")
        self.stdout.write(f"Attachments to delete: {len(plan.attachments)}")
        for pk, reference in plan.attachments:
            self.stdout.write(f"  {reference} (attachment {pk})")
        if dry_run:
            self.stdout.write("Dry run: nothing changed.")
            return
        run = JobRun("apply_retention")
        done = retention.apply_retention(batch_size=batch_size, run=run)
        self.stdout.write(
            self.style.SUCCESS(f"Anonymised {done['reports']} reports; deleted {done['attachments']} attachments.")
        )
        if run.failed:
            raise CommandError(f"{run.failed} item(s) failed; the log names them by id.")
