"""Attacks on the API (issue 18 review): input a client can send that must never be a 500, and
rules the pages enforce that the API must enforce too."""

import json

import pytest

from .conftest import valid_report

pytestmark = pytest.mark.django_db
KEY = "0b8e8d0e-3f37-4a52-9a2b-3d1c6c8f2a11"


def _error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    error = response.json()["error"]
    assert error["code"] == code, error
    return error


@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00", "9999-12-31T23:59:59", "0001-01-01"])
def test_a_moment_at_the_ends_of_the_calendar_is_refused_not_a_500(client, plan, moment):
    error = _error(client.get("/api/v1/route/", {"age": 10, "at": moment}), 400, "validation")
    assert list(error["fields"]) == ["at"]


def _post(client, body: str | bytes):
    return client.generic("POST", "/api/v1/reports/", body, content_type="application/json", HTTP_IDEMPOTENCY_KEY=KEY)


def test_json_nested_beyond_the_recursion_limit_is_a_400(client, plan):
    _error(_post(client, "[" * 100_000 + "]" * 100_000), 400, "parse_error")


def test_a_key_given_twice_is_refused_not_silently_the_last(client, plan):
    body = json.dumps(valid_report())
    twice = body[:-1] + ', "reporter_kind": "private"}'
    error = _error(_post(client, twice), 400, "parse_error")
    assert "reporter_kind" in error["message"]


def test_a_body_that_is_not_utf8_gets_our_message_not_the_decoders(client, plan):
    error = _error(_post(client, b'{"narrative": "\xff\xfe"}'), 400, "parse_error")
    assert "codec" not in error["message"] and "position" not in error["message"]
