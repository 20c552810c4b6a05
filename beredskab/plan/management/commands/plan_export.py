from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from beredskab.plan.export import export_plan_yaml
from beredskab.plan.models import Plan
from beredskab.plan.selectors import plan_latest


class Command(BaseCommand):
    help = "Write a stored plan version as a plan file (YAML) to standard output or --output."

    def create_parser(self, prog_name, subcommand, **kwargs):
        # Our --version (a plan version) replaces Django's --version (the Django version).
        kwargs.setdefault("conflict_handler", "resolve")
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("--municipality", default=None, help="Municipality code (default: MUNICIPALITY_CODE).")
        parser.add_argument("--version", dest="version_label", help="Version name (default: the version in force).")
        parser.add_argument("--output", "-o", help="Write to this file instead of standard output.")

    def handle(self, *args, municipality, version_label, output, **options):
        code = municipality or settings.MUNICIPALITY_CODE
        if version_label:
            plan = Plan.objects.filter(municipality_code=code, version_label=version_label).first()
        else:
            plan = plan_latest(code)
        if plan is None:
            what = f"version {version_label!r}" if version_label else "any version"
            raise CommandError(f"No plan for municipality {code!r} ({what})")
        text = export_plan_yaml(plan)
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
            self.stderr.write(f"Wrote {plan.municipality_name} version {plan.version_label} to {output}")
        else:
            self.stdout.write(text, ending="")
