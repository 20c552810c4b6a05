"""The committed schema is the code's schema, and the docs are served without a CDN under the
site's CSP."""

import re

import pytest

from beredskab.api.schema import COMMITTED, generated_schema


def test_the_committed_schema_is_the_generated_one():
    assert COMMITTED.read_bytes() == generated_schema(), (
        "beredskab/api/openapi.yaml is out of date: run `make api-schema` and commit it."
    )


def test_no_bound_in_the_schema_comes_from_the_database():
    """A model field's integer range depends on the database (SQLite: 64-bit for every integer,
    PostgreSQL: smallint, integer, bigint), so the schema generated on one would differ on the
    other: serializers state their own bounds (the plan file's)."""
    schema = COMMITTED.read_text()
    ranges = {"32767", "2147483647", "9223372036854775807"}
    assert not [line for line in schema.splitlines() if line.split(":")[-1].strip().lstrip("-") in ranges]


@pytest.mark.django_db
def test_the_schema_is_served(client):
    response = client.get("/api/v1/schema/")
    assert response.status_code == 200 and b"/api/v1/reports/" in response.content


@pytest.mark.django_db
def test_swagger_ui_comes_from_our_own_static_files_under_the_csp(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources and all(s.startswith("/") for s in sources), sources  # nothing from another host
    assert "<style" not in page and re.search(r"<script>", page) is None  # no inline style or script
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "script-src 'self'" in policy
    script = client.get("/api/v1/docs/", {"script": ""})
    assert script.status_code == 200 and script["Content-Type"].startswith("application/javascript")
    assert "/api/v1/schema/" in script.content.decode()
