from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from beredskab.plan.upgrade import upgrade_text
from beredskab.plan.validation import FORMAT_VERSION, PlanFileInvalid


class Command(BaseCommand):
    help = f"Upgrade plan files to format {FORMAT_VERSION} in place, keeping comments (see FORMAT.md)."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--check", action="store_true", help="Only report which files need upgrading.")

    def handle(self, *args, files, check, **options):
        failed = pending = 0
        for name in files:
            path = Path(name)
            try:
                text, changed = upgrade_text(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, PlanFileInvalid) as error:
                failed += 1
                messages = getattr(error, "errors", [str(error)])
                for message in messages:
                    self.stderr.write(f"{path}: error: {message}")
                continue
            if not changed:
                self.stdout.write(f"{path}: already format {FORMAT_VERSION}")
            elif check:
                pending += 1
                self.stdout.write(f"{path}: needs upgrading to format {FORMAT_VERSION}")
            else:
                path.write_text(text, encoding="utf-8")
                self.stdout.write(self.style.SUCCESS(f"{path}: upgraded to format {FORMAT_VERSION}"))
        if failed or pending:
            raise CommandError(f"{failed} files with errors, {pending} to upgrade")
