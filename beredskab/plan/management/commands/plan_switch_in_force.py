"""Put in force each plan version the council adopted with an in-force date that has come, and
archive the version it replaces (audited, once; running it again changes nothing). Meant for
cron, daily just after midnight, e.g. `5 0 * * * manage.py plan_switch_in_force`. Readers do
not wait for it: `plan.selectors.plan_in_force` reads a scheduled version from its date on."""

from django.core.management.base import BaseCommand

from beredskab.plan.services import plan_switch_due


class Command(BaseCommand):
    help = "Put in force the plan versions whose in-force date has come (once)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue", action="store_true", help="Put the job on the task queue instead of running it here."
        )

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            from beredskab.plan.tasks import switch_plans_in_force

            result = switch_plans_in_force.enqueue()
            self.stdout.write(f"Enqueued ({result.id}).")
            return
        switched = plan_switch_due()
        for plan in switched:
            self.stdout.write(f"In force: plan {plan.pk} ({plan.municipality_code} {plan.version_label}).")
        self.stdout.write(f"Switched {len(switched)} version(s).")
