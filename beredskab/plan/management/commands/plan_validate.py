import datetime

from django.core.management.base import BaseCommand, CommandError

from beredskab.plan.loader import validate_plan_file


class Command(BaseCommand):
    help = (
        "Validate plan files without touching the database. Exits non-zero when a file has errors, "
        "including what `plan_load --adopt` would refuse (unless --draft)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "files", nargs="+", metavar="FILE", help="Plan file(s) in YAML (see beredskab/plan/FORMAT.md)"
        )
        parser.add_argument("--draft", action="store_true", help="Check only that the file loads as a draft.")
        parser.add_argument("--adopted-by", help="As for plan_load --adopt.")
        parser.add_argument("--adopted-on", type=datetime.date.fromisoformat, help="As for plan_load --adopt.")

    def handle(self, *args, files, draft, adopted_by, adopted_on, **options):
        failed = 0
        for path in files:
            result = validate_plan_file(path, adopt=not draft, adopted_by=adopted_by, adopted_on=adopted_on)
            for error in result.errors:
                self.stderr.write(f"{path}: error: {error}")
            for warning in result.warnings:
                self.stdout.write(f"{path}: warning: {warning}")
            if result.ok:
                self.stdout.write(self.style.SUCCESS(f"{path}: OK ({len(result.warnings)} warnings)"))
            else:
                failed += 1
                self.stderr.write(f"{path}: {len(result.errors)} errors")
        if failed:
            raise CommandError(f"{failed} of {len(files)} plan files have errors")
