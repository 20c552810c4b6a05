"""Synthetic demo cases for a demo installation (after `demo_data` and with a plan in force)."""

from django.core.management.base import BaseCommand, CommandError

from beredskab.cases.demo import load_demo_cases
from beredskab.cases.risk.services import default_instrument
from beredskab.intake.services import IntakeUnavailable


class Command(BaseCommand):
    help = "Create synthetic demo cases (safe to run again)."

    def handle(self, *args, **options):
        try:
            created = load_demo_cases()
        except IntakeUnavailable as error:
            raise CommandError(f"No plan in force: load the plan first ({error}).") from None
        default_instrument()
        self.stdout.write(f"Demo cases created: {', '.join(created) or 'none (already there or no demo users)'}.")
