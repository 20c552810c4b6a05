from django.core.management.base import BaseCommand, CommandError

from beredskab.accounts.models import User
from beredskab.accounts.twofactor import totp_devices_reset


class Command(BaseCommand):
    help = "Remove a user's two-factor devices (lost phone); at the next login they set up a new one."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError("No user has that e-mail address.")
        removed = totp_devices_reset(actor=None, user=user)
        self.stdout.write(f"Removed {removed} two-factor device(s). The user sets up a new one at the next login.")
