#!/usr/bin/env python3
"""Back up a PostgreSQL database, restore the backup into a fresh database and compare the row
count of every table (docs/deployment.md, issue 20). Exit status 0 when every count matches.

    scripts/backup_restore_check.py --source postgres://…/beredskab --scratch postgres://…/restore_check
        [--dump /backups/beredskab-2026-12-01.dump] [--keep]

`--scratch` names a database this script may drop and create: never the production database.
Uses pg_dump (custom format), pg_restore and psql from PATH. Prints only table names and
counts, never data. Also importable: `check(source_url, scratch_url, dump_path) -> list[str]`
(the mismatches).
"""

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

COUNTS_SQL = """
SELECT format('%s %s', c.relname, (xpath('/row/n/text()',
       query_to_xml(format('SELECT count(*) AS n FROM %I.%I', n.nspname, c.relname), false, true, '')))[1]::text)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind = 'r' AND n.nspname = 'public' ORDER BY c.relname
"""


def _run(args: list[str], **kw) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True, **kw).stdout  # noqa: S603


def _maintenance_url(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/postgres"))


def _database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def row_counts(url: str) -> dict[str, int]:
    lines = _run(["psql", url, "-X", "-At", "-c", COUNTS_SQL]).splitlines()
    return {name: int(count) for name, count in (line.split(" ") for line in lines if line)}


def recreate(scratch_url: str) -> None:
    name = _database_name(scratch_url)
    if not name or "'" in name or '"' in name:
        raise SystemExit("The scratch database needs a plain name.")
    admin = _maintenance_url(scratch_url)
    _run(["psql", admin, "-X", "-c", f'DROP DATABASE IF EXISTS "{name}"'])
    _run(["psql", admin, "-X", "-c", f'CREATE DATABASE "{name}"'])


def check(source_url: str, scratch_url: str, dump_path: Path) -> list[str]:
    """Dump `source_url` to `dump_path`, restore it into a fresh `scratch_url`, and return the
    tables whose row counts differ (empty when the backup is whole)."""
    if (
        _database_name(source_url) == _database_name(scratch_url)
        and urlsplit(source_url).netloc == urlsplit(scratch_url).netloc
    ):
        raise SystemExit("The scratch database must not be the source database.")
    _run(["pg_dump", "--format=custom", "--no-owner", f"--file={dump_path}", source_url])
    recreate(scratch_url)
    _run(["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={scratch_url}", str(dump_path)])
    before, after = row_counts(source_url), row_counts(scratch_url)
    return [
        f"{table}: {before.get(table)} in the source, {after.get(table)} restored"
        for table in sorted(set(before) | set(after))
        if before.get(table) != after.get(table)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", required=True)
    parser.add_argument("--scratch", required=True)
    parser.add_argument("--dump", type=Path)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database afterwards")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        dump = options.dump or Path(tmp) / "backup.dump"
        problems = check(options.source, options.scratch, dump)
        tables = len(row_counts(options.scratch))
        if not options.keep:
            _run(
                [
                    "psql",
                    _maintenance_url(options.scratch),
                    "-X",
                    "-c",
                    f'DROP DATABASE IF EXISTS "{_database_name(options.scratch)}"',
                ]
            )
    if problems:
        print("Restore check FAILED:", *problems, sep="\n  ")
        sys.exit(1)
    print(f"Restore check OK: {tables} tables, every row count matches.")


if __name__ == "__main__":
    main()
