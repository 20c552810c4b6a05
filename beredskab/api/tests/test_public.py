"""The public endpoints: the plan in force, whom to contact now, and report submission (the
public form's validation, routing, idempotency key, rate limit and receipt)."""

import datetime
import json
import uuid

import pytest

from beredskab.audit.models import AuditEvent
from beredskab.intake.models import Report

from .conftest import valid_report

pytestmark = pytest.mark.django_db


def _post(client, data, key=None, **headers):
    headers = {"HTTP_IDEMPOTENCY_KEY": str(key or uuid.uuid4()), **headers}
    return client.post("/api/v1/reports/", json.dumps(data), content_type="application/json", **headers)


# --- the plan -------------------------------------------------------------------------------------


def test_the_plan_in_force_needs_no_login(client, plan):
    response = client.get("/api/v1/plan/")
    assert response.status_code == 200
    body = response.json()
    assert body["version_label"] == plan.version_label
    assert {u["code"] for u in body["units"]} >= {"straxen"}
    assert any(group["warning_signs"] for group in body["target_groups"])
    assert body["acute_steps"] and body["partners"]
    assert body["report_signs"][0]["signs"][0]["id"].startswith(("sign", "signgroup"))


def test_without_a_plan_in_force_the_api_says_so(client, db):
    response = client.get("/api/v1/plan/")
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "no_plan"


def test_a_token_is_refused_outside_its_scopes(client, plan, make_token, bearer):
    _token, secret = make_token("submit-reports")
    response = bearer(secret).get("/api/v1/plan/")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"
    _token, secret = make_token("read-plan")
    assert bearer(secret).get("/api/v1/plan/").status_code == 200


def test_a_wrong_token_is_refused_even_on_a_public_endpoint(client, plan, bearer):
    response = bearer("bk_nope_nope").get("/api/v1/plan/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert response.json()["error"]["code"] == "authentication_failed"


# --- whom to contact now ------------------------------------------------------------------------


def test_whom_to_contact_now_is_the_routing_of_the_guide(client, plan):
    from beredskab.plan.routing import route

    at = "2026-11-25T10:00:00+01:00"  # a Wednesday morning: open
    response = client.get("/api/v1/route/", {"age": 15, "postcode": "2635", "at": at})
    assert response.status_code == 200
    body = response.json()
    expected = route(plan, age=15, postcode="2635", at=datetime.datetime.fromisoformat(at))
    assert body["receiving_unit"]["code"] == expected.receiving_unit.code
    assert [c["name"] for c in body["contacts"]] == [c.name for c in expected.contacts]
    assert body["out_of_hours"] is False


def test_acute_danger_puts_112_first(client, plan):
    body = client.get("/api/v1/route/", {"age": 15, "acute": "true"}).json()
    assert body["contacts"][0]["kind"] == "emergency" and body["contacts"][0]["phone"] == "112"


def test_route_refuses_bad_input_field_by_field_in_danish_and_english(client, plan):
    response = client.get("/api/v1/route/", {"age": -3, "postcode": "26"})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "validation" and set(error["fields"]) == {"age", "postcode"}
    english = client.get("/api/v1/route/", {"age": "x"}, HTTP_ACCEPT_LANGUAGE="en").json()["error"]
    danish = client.get("/api/v1/route/", {"age": "x"}, HTTP_ACCEPT_LANGUAGE="da").json()["error"]
    assert english["fields"]["age"] != danish["fields"]["age"]
    assert english["message"] != danish["message"]


# --- submitting a report ------------------------------------------------------------------------


def test_a_report_is_received_routed_and_receipted_like_the_forms(client, plan):
    response = _post(client, valid_report())
    assert response.status_code == 201, response.content
    receipt = response.json()
    report = Report.objects.get(reference=receipt["reference"])
    assert report.channel == "public" and report.receiving_unit.code == "straxen"
    assert receipt["receipt_working_days"] == 6 and receipt["created"] is True
    assert AuditEvent.objects.filter(action="intake.report_submitted", target_id=str(report.pk)).exists()


def test_the_same_idempotency_key_gives_the_first_report_back(client, plan):
    key = uuid.uuid4()
    first = _post(client, valid_report(), key).json()
    again = _post(client, valid_report(), key)
    assert again.status_code == 200 and again.json()["reference"] == first["reference"]
    assert again.json()["created"] is False
    assert Report.objects.count() == 1


def test_without_an_idempotency_key_nothing_is_saved(client, plan):
    response = client.post("/api/v1/reports/", json.dumps(valid_report()), content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "idempotency_key"
    assert not Report.objects.exists()


def test_the_forms_rules_and_messages_hold(client, plan):
    response = _post(client, valid_report(reporter_name="", subject_cpr="311399-1234", narrative="x" * 5))
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert "reporter_name" in fields and "subject_cpr" in fields
    assert not Report.objects.exists()
    wrong_type = _post(client, valid_report(reporter_kind="robot", observed_signs="nej"))
    assert set(wrong_type.json()["error"]["fields"]) == {"reporter_kind", "observed_signs"}


def test_observed_signs_are_the_plans_and_unknown_ones_are_refused(client, plan):
    signs = client.get("/api/v1/plan/").json()["report_signs"]
    chosen = signs[0]["signs"][0]
    response = _post(client, valid_report(observed_signs=[chosen["id"]]))
    assert response.status_code == 201
    report = Report.objects.get()
    assert report.observed_signs[0]["text"] == chosen["text"]
    assert _post(client, valid_report(observed_signs=["sign-999999"])).status_code == 400


def test_the_forms_rate_limit_holds(client, plan, settings):
    settings.INTAKE_REPORTS_PER_HOUR = 1
    assert _post(client, valid_report()).status_code == 201
    response = _post(client, valid_report(narrative="En anden underretning om det samme barn."))
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "rate_limited"
    assert Report.objects.count() == 1


def test_invalid_posts_count_against_their_own_limit(client, plan, settings):
    settings.INTAKE_INVALID_POSTS_PER_HOUR = 2
    for _ in range(2):
        assert _post(client, {"reporter_kind": "x"}).status_code == 400
    assert _post(client, valid_report()).status_code == 429


def test_a_website_with_a_submit_token_submits_and_its_use_is_audited_without_content(plan, make_token, bearer):
    _token, secret = make_token("submit-reports")
    response = _post(bearer(secret), valid_report())
    assert response.status_code == 201
    used = AuditEvent.objects.get(action="api.token_used")
    assert used.new_values == {"operation": "api:reports"}
    assert "Amira" not in json.dumps(used.new_values)
    assert Report.objects.get().channel == "public"


def test_a_token_without_the_submit_scope_is_refused(plan, make_token, bearer):
    _token, secret = make_token("read-plan")
    assert _post(bearer(secret), valid_report()).status_code == 403
    assert not Report.objects.exists()
