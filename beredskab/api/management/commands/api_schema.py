"""Write the API's OpenAPI schema to beredskab/api/openapi.yaml (`make api-schema`), or with
--check exit 1 when the committed file differs from the code."""

from django.core.management.base import BaseCommand, CommandError

from beredskab.api.schema import COMMITTED, generated_schema, write_committed


class Command(BaseCommand):
    help = "Regenerate (or --check) the committed OpenAPI schema of the API."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Fail when the committed schema is out of date.")

    def handle(self, *args, check=False, **options):
        if check:
            if COMMITTED.read_bytes() != generated_schema():
                raise CommandError(f"{COMMITTED} is out of date: run `make api-schema` and commit it.")
            self.stdout.write("The committed schema is up to date.")
            return
        write_committed()
        self.stdout.write(f"Wrote {COMMITTED}.")
