"""Every write goes through a service that also writes its audit event; a raw SQL write would
bypass both. The only raw writes outside migrations and tests are the synthetic history's bulk
load for the benchmark (`manage.py seed_scale`, cases/scale_rows.py), which writes its own valid
audit chain under the chain head's lock. Enumerated from the code, so a new one is seen."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RAW_WRITE = re.compile(r"\b(INSERT\s+INTO|COPY\s+\S+.*FROM\s+STDIN|UPDATE\s+\S+\s+SET|DELETE\s+FROM)\b", re.I)
ALLOWED = {"beredskab/cases/scale_rows.py"}


def test_raw_sql_writes_are_only_in_the_benchmarks_bulk_load():
    found = set()
    for path in [*ROOT.joinpath("beredskab").rglob("*.py"), *ROOT.joinpath("config").rglob("*.py")]:
        relative = path.relative_to(ROOT).as_posix()
        if "/tests/" in relative or "/migrations/" in relative:
            continue
        if any(RAW_WRITE.search(line) and not line.lstrip().startswith("#") for line in path.read_text().splitlines()):
            found.add(relative)
    assert found == ALLOWED
