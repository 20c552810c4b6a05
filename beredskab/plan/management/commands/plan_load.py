import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from beredskab.plan.loader import load_plan_file
from beredskab.plan.validation import PlanFileInvalid


def _date(value: str) -> datetime.date:
    return datetime.date.fromisoformat(value)


class Command(BaseCommand):
    help = (
        "Validate a plan file and store it as a new draft version (in one transaction; a file with "
        "errors changes nothing). With --adopt the version is adopted and the version in force archived."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE")
        parser.add_argument("--adopt", action="store_true", help="Adopt the version after loading it.")
        parser.add_argument("--adopted-by", help="Who adopted it (default: adoption.adopted_by in the file).")
        parser.add_argument("--adopted-on", type=_date, help="YYYY-MM-DD (default: adoption.adopted_on in the file).")
        parser.add_argument(
            "--confirmed",
            action="store_true",
            help="--adopted-by/--adopted-on are confirmed (without it they are stored as not confirmed).",
        )
        parser.add_argument("--version-label", help="Store under another version name than plan.version in the file.")

    def handle(self, *args, file, adopt, adopted_by, adopted_on, confirmed, version_label, **options):
        try:
            result = load_plan_file(
                file,
                adopt=adopt,
                adopted_by=adopted_by,
                adopted_on=adopted_on,
                confirmed=confirmed,
                version_label=version_label,
            )
        except PlanFileInvalid as invalid:
            for error in invalid.errors:
                self.stderr.write(f"{file}: error: {error}")
            raise CommandError(f"{file}: not loaded ({len(invalid.errors)} errors); nothing was changed") from None
        except ValidationError as error:
            raise CommandError(f"{file}: not loaded: {'; '.join(error.messages)}") from None
        for warning in result.warnings:
            self.stdout.write(f"{file}: warning: {warning}")
        plan = result.plan
        status = plan.get_status_display()
        message = f"Loaded {plan.municipality_name} version {plan.version_label} (id {plan.pk}, {status})"
        self.stdout.write(self.style.SUCCESS(message))
