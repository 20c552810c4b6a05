"""Reports and cases through the API: what the caller may see (need-to-know, protected cases,
adult cases only for the taskforce, disclosure restrictions), audited as the pages audit, and
the risk gate deciding a parent-contact step exactly as on the page."""

import datetime
import json
import uuid

import pytest
from django.test import Client
from django.urls import reverse

from beredskab.audit.models import AuditEvent
from beredskab.cases.models import NetworkStep
from beredskab.cases.tests.factories import (
    add_parent,
    another_child,
    flagged_case,
    make_adult_report,
    open_adult_case,
    open_case,
    open_gate,
)
from beredskab.core.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def taskforce(make_user):
    return make_user(Role.ADULT_TASKFORCE, "taskforce-voksne", full_name="Tove Taskforce")


@pytest.fixture
def other_worker(make_user):
    return make_user(Role.CHILD_CASEWORKER, "familieraadgivning", full_name="Fie Familierådgiver")


def _refs(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["reference"] for row in response.json()["results"]}


# --- lists -------------------------------------------------------------------------------------


def test_the_case_list_shows_the_callers_cases_and_audits_each_person(client, plan, worker, other_worker):
    own = open_case(worker)
    client.force_login(other_worker)
    assert _refs(client.get("/api/v1/cases/")) == set()
    client.force_login(worker)
    response = client.get("/api/v1/cases/")
    assert _refs(response) == {own.reference}
    row = response.json()["results"][0]
    assert row["subject"]["name"] == own.subject_name and row["next_deadline"]["kind"] == "assessment"
    # one event for the page, naming every person shown (each person's access log finds it)
    listed = AuditEvent.objects.filter(action="cases.case_list_viewed", actor_id=worker.pk).latest("pk")
    assert [p.person_ref for p in listed.persons.all()] == [own.person_ref]
    assert _refs(client.get("/api/v1/cases/", {"unit": "familieraadgivning"})) == set()


def test_the_case_list_filters_by_status_unit_flag_and_deadline(client, plan, worker):
    plain = open_case(worker)  # a new case starts flagged (the gate closed)
    client.force_login(worker)
    assert _refs(client.get("/api/v1/cases/", {"status": "received"})) == {plain.reference}
    assert _refs(client.get("/api/v1/cases/", {"status": "closed"})) == set()
    assert _refs(client.get("/api/v1/cases/", {"flagged": "true", "unit": "straxen"})) == {plain.reference}
    assert _refs(client.get("/api/v1/cases/", {"flagged": "false"})) == set()
    far = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    assert _refs(client.get("/api/v1/cases/", {"deadline_before": far})) == {plain.reference}
    assert _refs(client.get("/api/v1/cases/", {"deadline_before": "2001-01-01"})) == set()
    bad = client.get("/api/v1/cases/", {"status": "lost", "deadline_before": "i morgen"})
    assert bad.status_code == 400
    assert set(bad.json()["error"]["fields"]) == {"status", "deadline_before"}


def test_the_list_is_paged(client, plan, worker):
    for _ in range(3):
        open_case(worker, **another_child())
    client.force_login(worker)
    page = client.get("/api/v1/cases/", {"page_size": 2}).json()
    assert page["count"] == 3 and len(page["results"]) == 2 and page["next"]
    assert client.get("/api/v1/cases/", {"page": 9}).status_code == 404


def test_a_protected_case_is_hidden_from_the_unit_and_its_read_refused(client, plan, worker, leader, make_user):
    from beredskab.cases.protection import case_protect

    colleague = make_user(Role.CHILD_CASEWORKER, "straxen")
    case = case_protect(actor=leader, case=flagged_case(worker), reason="Slægtning ansat.", members=[worker])
    client.force_login(colleague)
    assert _refs(client.get("/api/v1/cases/")) == set()
    assert client.get(f"/api/v1/cases/{case.reference}/").status_code == 404
    client.force_login(worker)  # named on it
    assert _refs(client.get("/api/v1/cases/")) == {case.reference}


def test_an_adult_case_is_seen_by_the_taskforce_only(client, plan, worker, leader, taskforce):
    case = open_adult_case(taskforce)
    for user in (worker, leader):
        client.force_login(user)
        assert case.reference not in _refs(client.get("/api/v1/cases/"))
        assert client.get(f"/api/v1/cases/{case.reference}/").status_code == 404
    client.force_login(taskforce)
    assert case.reference in _refs(client.get("/api/v1/cases/"))
    assert client.get(f"/api/v1/cases/{case.reference}/").json()["track"] == "adults"


def test_reports_of_the_callers_units_are_listed(client, plan, worker, taskforce):
    from beredskab.cases.tests.factories import make_report

    child = make_report()
    adult = make_adult_report()
    client.force_login(worker)
    body = client.get("/api/v1/reports/").json()
    assert [r["reference"] for r in body["results"]] == [child.reference]
    client.force_login(taskforce)
    assert [r["reference"] for r in client.get("/api/v1/reports/").json()["results"]] == [adult.reference]


# --- who may ask --------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/api/v1/cases/", "/api/v1/reports/", "/api/v1/statistics/"])
def test_without_login_the_api_answers_401(client, db, url):
    response = client.get(url)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_staff_without_case_work_are_refused(client, plan, make_user):
    client.force_login(make_user(Role.PLAN_COORDINATOR))
    assert client.get("/api/v1/cases/").status_code == 403
    assert client.get("/api/v1/reports/").status_code == 403


def test_a_token_acts_with_its_own_accounts_roles(plan, worker, make_user, make_token, bearer):
    own = open_case(worker)
    system = make_user(Role.CHILD_CASEWORKER, "straxen", email="esdh@test.example")
    _token, secret = make_token("read-cases", user=system)
    api = bearer(secret)
    assert _refs(api.get("/api/v1/cases/")) == {own.reference}
    assert api.get(f"/api/v1/cases/{own.reference}/").status_code == 200
    _none, roleless = make_token("read-cases")
    assert bearer(roleless).get("/api/v1/cases/").status_code == 403
    _plan_only, plan_only = make_token("read-plan", user=make_user(Role.CHILD_CASEWORKER, "straxen"))
    assert bearer(plan_only).get("/api/v1/cases/").status_code == 403


# --- the summary ----------------------------------------------------------------------------------


def test_the_summary_is_read_with_its_purpose_audited(client, plan, worker):
    case = open_case(worker)
    add_parent(case, worker)
    client.force_login(worker)
    response = client.get(f"/api/v1/cases/{case.reference}/", {"purpose": "supervision"})
    assert response.status_code == 200
    body = response.json()
    assert body["read_purpose"] == "supervision" and body["risk_gate"]["open"] is False
    assert [p["relation"] for p in body["people"]] == ["mother"]
    read = AuditEvent.objects.filter(action="cases.case_viewed", actor_id=worker.pk).latest("seq")
    assert read.purpose == "supervision" and read.person_ref == case.person_ref


def test_a_shared_unit_sees_the_summary_without_what_is_restricted(client, plan, worker, leader, other_worker):
    from beredskab.accounts.models import Unit
    from beredskab.cases.services import case_share, restriction_add

    case = open_case(worker)
    restriction_add(
        actor=worker, case=case, item=case, field_name="subject_address", audience="all_outside", reason="Sikkerhed."
    )
    case_share(actor=leader, case=case, unit=Unit.objects.get(code="familieraadgivning"), purpose="Samarbejde")
    client.force_login(other_worker)
    body = client.get(f"/api/v1/cases/{case.reference}/").json()
    assert "subject_address" in body["subject"]["withheld"]
    assert "Testvej" not in json.dumps(body)
    assert body["read_purpose"] == "collaboration"


# --- a write through the API: the risk gate decides as on the page --------------------------------


def _step(client, case, person, kind="contact", **headers):
    payload = {"kind": kind, "people": [person.pk], "occurred_on": datetime.date.today().isoformat()}
    payload["summary"] = "Telefonsamtale med moren om skolen."
    url = f"/api/v1/cases/{case.reference}/network-steps/"
    return client.post(url, json.dumps(payload), content_type="application/json", **headers)


def test_the_risk_gate_refuses_a_parent_contact_step_through_the_api_as_in_the_ui(client, plan, worker):
    case = flagged_case(worker)
    mother = add_parent(case, worker)
    client.force_login(worker)
    response = _step(client, case, mother)
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "risk_gate_closed" and "§ 18, stk. 3" in error["message"]
    assert not NetworkStep.objects.exists()
    assert AuditEvent.objects.filter(action="cases.network_step_refused", actor_id=worker.pk).count() == 1
    # The page refuses the same step with the same reason (the same service decides).
    page = client.post(
        reverse("cases:network_step", args=[case.reference, "kontakt"]),
        {"people": [mother.pk], "occurred_on": datetime.date.today().strftime("%d-%m-%Y"), "summary": "Samtale."},
    )
    assert page.status_code in (403, 409)
    assert error["message"].split(".")[0] in page.content.decode()
    assert not NetworkStep.objects.exists()


def test_with_the_gate_open_the_step_is_recorded_through_the_service(client, plan, worker, leader):
    case = flagged_case(worker)
    mother = add_parent(case, worker)
    open_gate(case, leader)
    client.force_login(worker)
    response = _step(client, case, mother)
    assert response.status_code == 201, response.content
    step = NetworkStep.objects.get()
    assert response.json()["id"] == step.pk and step.gate_basis == "override"
    assert AuditEvent.objects.filter(action="cases.network_step_recorded", actor_id=worker.pk).exists()


def test_a_retried_step_with_the_same_idempotency_key_is_recorded_once(client, plan, worker, leader):
    case = flagged_case(worker)
    mother = add_parent(case, worker)
    client.force_login(worker)
    key = str(uuid.uuid4())
    refused = _step(client, case, mother, HTTP_IDEMPOTENCY_KEY=key)
    assert refused.status_code == 409 and not NetworkStep.objects.exists()
    open_gate(case, leader)  # the refusal released the key: the same call may be made again
    first = _step(client, case, mother, HTTP_IDEMPOTENCY_KEY=key)
    assert first.status_code == 201, first.content
    again = _step(client, case, mother, HTTP_IDEMPOTENCY_KEY=key)
    assert again.status_code == 200 and again.json() == first.json()
    assert NetworkStep.objects.count() == 1
    assert AuditEvent.objects.filter(action="cases.network_step_recorded").count() == 1
    # the same key for another step (or another case) is refused, not the first step given back
    other = _step(client, case, mother, kind="meeting", HTTP_IDEMPOTENCY_KEY=key)
    assert other.status_code == 409 and other.json()["error"]["code"] == "idempotency_key_reused"
    sibling = open_case(worker, **another_child())
    open_gate(sibling, leader)
    uncle = add_parent(sibling, worker)
    assert _step(client, sibling, uncle, HTTP_IDEMPOTENCY_KEY=key).status_code in (404, 409)
    # another caller with the same key gets nothing of the first step
    colleague = Client()
    colleague.force_login(leader)
    assert _step(colleague, case, mother, HTTP_IDEMPOTENCY_KEY=key).status_code == 409
    assert NetworkStep.objects.count() == 1
    # without a key each call records (a client that does not send one); a bad key is a 400
    assert _step(client, case, mother).status_code == 201
    bad = _step(client, case, mother, HTTP_IDEMPOTENCY_KEY="en-gang")
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "idempotency_key"
    assert NetworkStep.objects.count() == 2


def test_a_step_needs_valid_input_and_people_of_this_case(client, plan, worker):
    case = flagged_case(worker)
    other = add_parent(open_case(worker, **another_child()), worker)
    client.force_login(worker)
    bad = client.post(f"/api/v1/cases/{case.reference}/network-steps/", "{}", content_type="application/json")
    assert bad.status_code == 400 and {"kind", "people", "occurred_on", "summary"} <= set(bad.json()["error"]["fields"])
    assert _step(client, case, other).json()["error"]["fields"]["people"]


def test_a_session_write_needs_the_csrf_token(plan, worker):
    case = flagged_case(worker)
    mother = add_parent(case, worker)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(worker)
    response = _step(strict, case, mother)
    assert response.status_code == 403
    assert "CSRF" in response.json()["error"]["message"]


def test_a_step_needs_the_write_scope_and_case_work_on_the_case(plan, worker, make_user, make_token, bearer):
    case = flagged_case(worker)
    mother = add_parent(case, worker)
    system = make_user(Role.CHILD_CASEWORKER, "straxen", email="esdh@test.example")
    _read, read_only = make_token("read-cases", user=system)
    assert _step(bearer(read_only), case, mother).status_code == 403
    outsider = make_user(Role.CHILD_CASEWORKER, "familieraadgivning", email="andet@test.example")
    _write, elsewhere = make_token("write-cases", user=outsider)
    assert _step(bearer(elsewhere), case, mother).status_code == 404
    _ok, writer = make_token("write-cases", user=system)
    assert _step(bearer(writer), case, mother).json()["error"]["code"] == "risk_gate_closed"
