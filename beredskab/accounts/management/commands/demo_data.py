from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

from beredskab.accounts.demo import DEMO_PASSWORD, load_demo_organisation_and_users

# Each app's synthetic demo data, loaded in this order after the organisation and users.
# Every loader is idempotent: running `make run` twice creates nothing twice.
DEMO_LOADERS = [
    "beredskab.plan.loader.ensure_default_plan",
    "beredskab.intake.demo.load",
    "beredskab.cases.risk.services.default_instrument",
    "beredskab.cases.demo.load_demo_cases",
    "beredskab.adults.demo.load_demo_adult_case",
]


class Command(BaseCommand):
    help = "Create or refresh the synthetic demo data: organisation, users, the default plan, reports and cases."

    def handle(self, *args, **options):
        users = load_demo_organisation_and_users()
        for path in DEMO_LOADERS:
            import_string(path)()
        self.stdout.write("")
        self.stdout.write("Demo data loaded (synthetic; no real persons).")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        width = max(len(email) for email, _, _ in users)
        for email, _name, roles in users:
            self.stdout.write(f"  {email.ljust(width)}  {roles}")
        self.stdout.write("")
