from django.core.management.base import BaseCommand

from beredskab.plan.loader import ensure_default_plan


class Command(BaseCommand):
    help = "Load and adopt this installation's plan file when no plan is in force (safe to run again)."

    def handle(self, *args, **options):
        plan = ensure_default_plan()
        if plan is None:
            self.stdout.write("No plan file found for this municipality; nothing loaded.")
        else:
            self.stdout.write(f"Plan in force: {plan.municipality_name} version {plan.version_label}")
