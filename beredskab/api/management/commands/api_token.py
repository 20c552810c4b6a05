"""API tokens for integrations, kept by an administrator.

  manage.py api_token create --name "Hjemmesiden" --account web@kommune.example \
      --scope submit-reports --scope read-plan --days 90 --by admin@kommune.example
  manage.py api_token list
  manage.py api_token revoke <prefix> --by admin@kommune.example

The account is the integration's own user, with the roles the integration should have (none for
a website that only submits reports; a case role in a unit for an ESDH system that reads that
unit's cases). The secret is printed once; only its hash is kept.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from beredskab.api.models import ApiToken, Scope
from beredskab.api.tokens import TokenError, token_create, token_revoke


def _user(email: str):
    user = get_user_model().objects.filter(email__iexact=email).first()
    if user is None:
        raise CommandError(f"No user with the e-mail {email}.")
    return user


class Command(BaseCommand):
    help = "Create, list or revoke API tokens (scopes: " + ", ".join(Scope.values) + ")."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="action", required=True)
        create = commands.add_parser("create")
        create.add_argument("--name", required=True)
        create.add_argument("--account", required=True, help="E-mail of the integration's own user.")
        create.add_argument("--scope", action="append", required=True, choices=Scope.values)
        create.add_argument("--days", type=int, default=90)
        create.add_argument("--by", required=True, help="E-mail of the administrator (audited).")
        commands.add_parser("list")
        revoke = commands.add_parser("revoke")
        revoke.add_argument("prefix")
        revoke.add_argument("--by", required=True, help="E-mail of the administrator (audited).")

    def handle(self, *args, action, **options):
        if action == "create":
            try:
                token, secret = token_create(
                    actor=_user(options["by"]),
                    name=options["name"],
                    user=_user(options["account"]),
                    scopes=options["scope"],
                    days=options["days"],
                )
            except TokenError as error:
                raise CommandError(str(error)) from None
            self.stdout.write(f"Token {token.prefix} for {token.name}, expires {token.expires_at:%Y-%m-%d}.")
            self.stdout.write("The secret is shown this once; store it in the integration's secret store:")
            self.stdout.write(secret)
        elif action == "list":
            for token in ApiToken.objects.select_related("user"):
                state = "revoked" if token.revoked_at else "active" if token.is_active else "expired"
                self.stdout.write(
                    f"{token.prefix}  {state:<8} {token.expires_at:%Y-%m-%d}  {','.join(token.scopes):<40} {token.name}"
                )
        else:
            token = ApiToken.objects.filter(prefix=options["prefix"]).first()
            if token is None:
                raise CommandError(f"No token {options['prefix']}.")
            token_revoke(actor=_user(options["by"]), token=token)
            self.stdout.write(f"Token {token.prefix} is revoked.")
