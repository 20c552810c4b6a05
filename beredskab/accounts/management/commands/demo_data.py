from django.core.management.base import BaseCommand

from beredskab.accounts.demo import DEMO_PASSWORD, load_demo_organisation_and_users


class Command(BaseCommand):
    help = "Create or refresh the synthetic demo organisation and users (safe to run again)."

    def handle(self, *args, **options):
        users = load_demo_organisation_and_users()
        self.stdout.write("")
        self.stdout.write("Demo data loaded (synthetic; no real persons).")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        width = max(len(email) for email, _, _ in users)
        for email, _name, roles in users:
            self.stdout.write(f"  {email.ljust(width)}  {roles}")
        self.stdout.write("")
