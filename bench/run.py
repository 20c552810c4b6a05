"""Benchmarks for the paths that must stay fast as a municipality's data grows.

Run from the repository root:  .venv/bin/python bench/run.py [--quick]
Uses a throw-away SQLite database (or PostgreSQL when DATABASE_URL is set) and prints a
Markdown table; copy it into bench/RESULTS.md with the date and the machine.
Timings are wall-clock medians over repeated runs; they are measurements, never assertions.
"""

import argparse
import datetime
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ.setdefault("DATA_DIR", tempfile.mkdtemp(prefix="beredskab-bench-"))

import django  # noqa: E402

django.setup()

from django.test.utils import setup_test_environment  # noqa: E402

CPH = ZoneInfo("Europe/Copenhagen")


def measure(name: str, unit_count: int, func, repeats: int) -> tuple[str, float, float]:
    """Run `func` `repeats` times; it performs `unit_count` operations each time."""
    durations = []
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        durations.append(time.perf_counter() - start)
    median = statistics.median(durations)
    return name, median / unit_count * 1000, unit_count / median


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (smoke run)")
    args = parser.parse_args()
    repeats = 2 if args.quick else 5

    from django.db import connection

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(repeats, quick=args.quick)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run(repeats: int, *, quick: bool) -> None:
    from django.test import Client

    from beredskab.accounts.demo import load_demo_organisation_and_users
    from beredskab.audit.audit_actions import AUDIT_LOG_SEARCHED
    from beredskab.audit.services import audit_record
    from beredskab.intake.services import ReportInput, report_submit
    from beredskab.plan.loader import ensure_default_plan
    from beredskab.plan.routing import route

    load_demo_organisation_and_users()
    plan = ensure_default_plan()
    moments = [datetime.datetime(2026, 11, 23, 0, 0, tzinfo=CPH) + datetime.timedelta(hours=7 * i) for i in range(50)]
    ages = [None, 3, 15, 17, 18, 30, 67]

    def routing():
        for moment in moments:
            for age in ages:
                route(plan, age=age, acute=False, at=moment)

    def audit_appends():
        for _ in range(200):
            audit_record(actor=None, action=AUDIT_LOG_SEARCHED, purpose="audit")

    reports = 10 if quick else 50

    def submissions():
        for _ in range(reports):
            report_submit(
                actor=None,
                token=uuid.uuid4(),
                data=ReportInput(
                    reporter_kind="professional",
                    reporter_name="Bench",
                    reporter_organisation="Bench",
                    reporter_role="Bench",
                    reporter_phone="1",
                    subject_name="Bench Person",
                    subject_approximate_age=15,
                    narrative="Benchmark " * 200,
                ),
            )

    client = Client()

    def guide_and_form_pages():
        for _ in range(20):
            assert client.get("/underretning/ny/").status_code == 200

    rows = [
        measure("plan routing: route() for one person and moment", len(moments) * len(ages), routing, repeats),
        measure("audit: append one hash-chained event", 200, audit_appends, repeats),
        measure("intake: submit one report (encrypt, route, audit)", reports, submissions, repeats),
        measure("intake: render the public report form", 20, guide_and_form_pages, repeats),
    ]
    from django.db import connection

    python = sys.version.split()[0]
    print(f"\nBeredskab benchmarks, {datetime.date.today()}, database: {connection.vendor}, Python {python}\n")
    print("| operation | median per operation (ms) | operations per second |")
    print("|---|---:|---:|")
    for name, per_op_ms, per_second in rows:
        print(f"| {name} | {per_op_ms:.2f} | {per_second:,.0f} |")


if __name__ == "__main__":
    main()
