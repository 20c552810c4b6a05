"""Attacks on the API (issue 18 review): input a client can send that must never be a 500, and
rules the pages enforce that the API must enforce too."""

import datetime
import json

import pytest
import time_machine

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


# --- who calls: sessions without their second factor, tokens at their edges ---------------------


@pytest.mark.parametrize("url", ["/api/v1/cases/", "/api/v1/reports/", "/api/v1/plan/"])
def test_a_session_without_its_second_factor_gets_a_json_401_not_a_redirect(
    client, plan, worker, password_only_login, url
):
    password_only_login(client, worker)
    error = _error(client.get(url), 401, "two_factor_required")
    assert error["message"]


def test_a_verified_session_reads_cases(client, plan, worker):
    client.force_login(worker)  # the test suite's force_login gives the second factor too
    assert client.get("/api/v1/cases/").status_code == 200


def test_a_token_of_a_deactivated_account_is_refused(plan, make_token, bearer):
    token, secret = make_token("read-plan")
    token.user.is_active = False
    token.user.save()
    _error(bearer(secret).get("/api/v1/plan/"), 401, "authentication_failed")


def test_a_token_is_refused_at_the_very_moment_it_expires(plan, make_token, bearer):
    token, secret = make_token("read-plan", days=1)
    with time_machine.travel(token.expires_at - datetime.timedelta(microseconds=1), tick=False):
        assert bearer(secret).get("/api/v1/plan/").status_code == 200
    with time_machine.travel(token.expires_at, tick=False):
        _error(bearer(secret).get("/api/v1/plan/"), 401, "authentication_failed")


def test_a_token_opens_no_page_of_the_site(plan, worker, make_token, bearer):
    """A token is for the API only: on the site's pages it is no login (they send to login)."""
    _token, secret = make_token("read-cases", "write-cases", user=worker)
    for url in ("/start/", "/admin/", "/api/v1/docs/"):
        response = bearer(secret).get(url)
        assert response.status_code in (200, 302) and b"Amira" not in response.content
        assert response.wsgi_request.user.is_anonymous


def test_a_token_with_a_tampered_secret_is_refused(plan, make_token, bearer):
    _token, secret = make_token("read-plan")
    _error(bearer(secret[:-1] + ("A" if secret[-1] != "A" else "B")).get("/api/v1/plan/"), 401, "authentication_failed")


def test_a_read_purpose_is_one_of_the_short_list_not_free_text_in_the_url(client, plan, worker):
    """The purpose travels in the query string (access logs): a typed name must not be taken."""
    from beredskab.cases.tests.factories import open_case

    case = open_case(worker)
    client.force_login(worker)
    error = _error(client.get(f"/api/v1/cases/{case.reference}/", {"purpose": "Amira"}), 400, "validation")
    assert list(error["fields"]) == ["purpose"]
    assert client.get(f"/api/v1/cases/{case.reference}/", {"purpose": "supervision"}).status_code == 200


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_a_network_step_on_a_day_at_the_calendars_ends_is_no_500(client, plan, worker, make_user, day):
    from beredskab.cases.tests.factories import add_parent, open_case, open_gate
    from beredskab.core.roles import Role

    case = open_case(worker)
    parent = add_parent(case, worker)
    open_gate(case, make_user(Role.UNIT_LEADER, "straxen"))
    client.force_login(worker)
    body = {"kind": "contact", "people": [parent.pk], "occurred_on": day, "summary": "Samtale med mor."}
    response = client.post(
        f"/api/v1/cases/{case.reference}/network-steps/", json.dumps(body), content_type="application/json"
    )
    assert response.status_code in (400, 409), response.content
