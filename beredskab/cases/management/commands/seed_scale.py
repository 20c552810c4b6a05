"""A synthetic history at a city's scale for the benchmark (issue 20): `manage.py seed_scale
--reports 10000 [--seed 1]`, after `manage.py demo_data`. Clearly marked synthetic; adds to
the database (run it once on a fresh one). Runs on SQLite and PostgreSQL."""

import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from beredskab.audit.services import checkpoint_write
from beredskab.cases.scale_seed import UNIT_REPORTS_PER_YEAR, Seeder, SeedError
from beredskab.core.progress import progress_bar


class Command(BaseCommand):
    help = "Seed a synthetic history of N reports with cases, journals and a valid audit chain."

    def add_arguments(self, parser):
        parser.add_argument("--reports", type=int, required=True, help="how many reports (e.g. 10000)")
        parser.add_argument("--seed", type=int, default=1, help="random seed (the same seed, the same history)")
        parser.add_argument(
            "--unit-reports-per-year",
            type=int,
            default=UNIT_REPORTS_PER_YEAR,
            help="reports a unit receives a year; synthetic units are added to keep to it (default %(default)s)",
        )
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args, reports, seed, quiet, unit_reports_per_year, **options):
        if reports < 1:
            raise CommandError("--reports must be at least 1.")
        if unit_reports_per_year < 1:
            raise CommandError("--unit-reports-per-year must be at least 1.")
        if not getattr(settings, "SEED_SCALE_ALLOWED", False):
            # Its cases, journal entries and case reads name the units' active case workers, and
            # its audit events join the hash chain for good: never on a municipality's database.
            # Allowed only where a settings module says so (development, tests, the benchmark),
            # so a municipality's own module built on production's is refused too.
            raise CommandError(
                "seed_scale writes a synthetic history in the names of the units' staff into the audit log; "
                f"refused with {settings.SETTINGS_MODULE} (use a database of its own, e.g. config.settings.bench)."
            )
        seeder = Seeder(
            reports=reports,
            seed=seed,
            unit_reports_per_year=unit_reports_per_year,
            progress=None if quiet else progress_bar(sys.stderr, "reports"),
        )
        try:
            made = seeder.run()
        except SeedError as error:
            raise CommandError(str(error)) from None
        checkpoint_write(seeder.chain.seq, seeder.chain.hash)
        self.stdout.write(
            "Seeded (synthetic): "
            + ", ".join(f"{made[k]} {k}" for k in ("reports", "cases", "journal", "assessments", "consultations"))
            + f"; {made['units']} synthetic units added; audit chain now {made['events']} events."
            + f" Case with 50 journal entries: {made['bench_case']}"
        )
