"""The backup and restore check (scripts/backup_restore_check.py, docs/deployment.md) against
PostgreSQL: a dump of the test database restored into a fresh scratch database has the same
rows in every table. Runs only when DATABASE_URL is PostgreSQL (CI's PostgreSQL job); the
scratch database is `<test database>_restore` unless RESTORE_CHECK_SCRATCH_URL names one."""

import importlib.util
import os
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="needs PostgreSQL (DATABASE_URL)"
)


def _script():
    spec = importlib.util.spec_from_file_location("backup_restore_check", ROOT / "scripts/backup_restore_check.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _url(name: str) -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{name}"


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_with_every_row(tmp_path, make_user):
    from beredskab.core.roles import Role

    make_user(Role.CHILD_CASEWORKER, "straxen")  # some rows, committed for pg_dump to see
    script = _script()
    source = _url(connection.settings_dict["NAME"])
    scratch = os.environ.get("RESTORE_CHECK_SCRATCH_URL") or _url(connection.settings_dict["NAME"] + "_restore")
    try:
        assert script.check(source, scratch, tmp_path / "backup.dump") == []
        assert script.row_counts(scratch)["accounts_user"] >= 1
    finally:
        script._run(
            [
                "psql",
                script._maintenance_url(scratch),
                "-X",
                "-c",
                f'DROP DATABASE IF EXISTS "{script._database_name(scratch)}"',
            ]
        )
