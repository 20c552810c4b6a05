"""The database settings built from a URL (config.settings.base._database, issue 20)."""

from config.settings.base import _database


def test_postgresql_runs_without_jit_unless_the_url_says_otherwise():
    assert _database("postgres://u@db:5432/beredskab")["OPTIONS"]["options"] == "-c jit=off"
    own = _database("postgres://u@db:5432/beredskab?options=-c%20jit%3Don")
    assert own["OPTIONS"]["options"] == "-c jit=on"
    timeout = _database("postgres://u@db:5432/beredskab?options=-c%20statement_timeout%3D5000")
    assert timeout["OPTIONS"]["options"] == "-c statement_timeout=5000 -c jit=off"


def test_sqlite_gets_no_postgresql_options():
    assert "options" not in _database("sqlite:////tmp/x.sqlite3").get("OPTIONS", {})
