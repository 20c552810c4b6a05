"""The auditor's search in the audit log."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from beredskab.audit import audit_actions
from beredskab.audit.models import AuditEvent
from beredskab.audit.purposes import Purpose
from beredskab.audit.registry import ActionKind, register
from beredskab.audit.selectors import PER_PAGE
from beredskab.audit.services import audit_record
from beredskab.core.crypto import person_ref_for_cpr
from beredskab.core.roles import Role

pytestmark = pytest.mark.django_db

# A look-up action as the case apps will register them.
PERSON_VIEWED = register("tests.person_viewed", "Person vist (test)", ActionKind.READ)
CPR = "010203-1234"
URL = "/revision/"

ROLE_UNITS = {
    Role.FRONTLINE: "skole-demo",
    Role.CHILD_CASEWORKER: "straxen",
    Role.ADULT_TASKFORCE: "taskforce-voksne",
    Role.UNIT_LEADER: "straxen",
    Role.PLAN_COORDINATOR: None,
    Role.AUDITOR: None,
    Role.SYSADMIN: None,
}


@pytest.fixture
def auditor_client(client, make_user):
    client.force_login(make_user(Role.AUDITOR, full_name="Rasmus Revisor"))
    return client


def _search(client, **data):
    data.setdefault("purpose", Purpose.AUDIT)
    return client.post(URL, data)


def _results(response):
    return list(response.context["page"].object_list)


@pytest.mark.parametrize("role", list(ROLE_UNITS))
@pytest.mark.parametrize("url", [URL, "/revision/borgerindsigt/"])
def test_only_auditors_may_open_the_audit_pages(client, make_user, role, url):
    client.force_login(make_user(role, ROLE_UNITS[role]))
    expected = 200 if role == Role.AUDITOR else 403
    assert client.get(url).status_code == expected
    assert client.post(url, {"purpose": "audit", "cpr": CPR}).status_code == expected


@pytest.mark.parametrize("url", [URL, "/revision/borgerindsigt/"])
def test_anonymous_visitors_are_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/konto/login/")


def test_a_refused_user_writes_no_search_event(client, make_user):
    client.force_login(make_user(Role.CHILD_CASEWORKER, "straxen"))
    _search(client)
    assert not AuditEvent.objects.filter(action="audit.log_searched").exists()


def test_navigation_shows_the_audit_pages_to_auditors_only(client, make_user):
    client.force_login(make_user(Role.AUDITOR))
    body = client.get("/start/").content.decode()
    assert "Revisionslog" in body and "Borgerens indsigt i opslag" in body
    client.force_login(make_user(Role.UNIT_LEADER, "straxen"))
    assert "Revisionslog" not in client.get("/start/").content.decode()


def test_search_by_person_user_target_action_and_period(auditor_client, make_user):
    worker = make_user(Role.CHILD_CASEWORKER, "straxen", full_name="Sara Sagsbehandler")
    other = make_user(Role.CHILD_CASEWORKER, "straxen", full_name="Simon Sagsbehandler")
    person = person_ref_for_cpr(CPR)
    with time_machine.travel(datetime.datetime(2026, 3, 2, 10, tzinfo=datetime.UTC)):
        early = audit_record(actor=worker, action=PERSON_VIEWED, person_ref=person, purpose=Purpose.CASE_WORK)
    with time_machine.travel(datetime.datetime(2026, 3, 9, 10, tzinfo=datetime.UTC)):
        late = audit_record(
            actor=other,
            action=PERSON_VIEWED,
            person_ref=person,
            purpose=Purpose.CASE_WORK,
            target_type="cases.case",
            target_id=42,
        )
        unrelated = audit_record(
            actor=worker, action=audit_actions.AUDIT_LOG_SEARCHED, target_type="cases.case", target_id=7
        )

    assert [e.seq for e in _results(_search(auditor_client, cpr=CPR))] == [late.seq, early.seq]  # newest first
    # That search was a look-up on the person too, so it is found by the next one.
    first_search = AuditEvent.objects.filter(action="audit.log_searched").latest("seq")
    assert first_search.person_ref == person
    assert [e.seq for e in _results(_search(auditor_client, person_ref=person))] == [
        first_search.seq,
        late.seq,
        early.seq,
    ]
    assert [e.seq for e in _results(_search(auditor_client, actor=str(other.pk)))] == [late.seq]
    assert [e.seq for e in _results(_search(auditor_client, actor="sara sag", action=PERSON_VIEWED.name))] == [
        early.seq
    ]
    assert [e.seq for e in _results(_search(auditor_client, target_type="cases.case", target_id="7"))] == [
        unrelated.seq
    ]
    period = _search(auditor_client, cpr=CPR, date_from="2026-03-01", date_to="2026-03-02")
    assert [e.seq for e in _results(period)] == [early.seq]
    danish_dates = _search(auditor_client, cpr=CPR, date_from="09-03-2026", date_to="09-03-2026")
    assert [e.seq for e in _results(danish_dates)] == [late.seq]


def test_period_follows_copenhagen_days(auditor_client, make_user):
    worker = make_user(Role.CHILD_CASEWORKER, "straxen")
    # 23:30 UTC on 1 March is 00:30 on 2 March in Copenhagen.
    with time_machine.travel(datetime.datetime(2026, 3, 1, 23, 30, tzinfo=datetime.UTC)):
        event = audit_record(actor=worker, action=PERSON_VIEWED, person_ref="p:1")
    assert _results(_search(auditor_client, person_ref="p:1", date_from="2026-03-02", date_to="2026-03-02")) == [event]
    assert _results(_search(auditor_client, person_ref="p:1", date_to="2026-03-01")) == []


def test_each_search_is_itself_logged_with_its_purpose_and_person(auditor_client):
    response = _search(auditor_client, cpr=CPR, purpose=Purpose.CITIZEN_REQUEST, action=PERSON_VIEWED.name)
    assert response.status_code == 200
    event = AuditEvent.objects.filter(action="audit.log_searched").latest("seq")
    assert event.actor_name == "Rasmus Revisor"
    assert event.purpose == Purpose.CITIZEN_REQUEST
    assert event.person_ref == person_ref_for_cpr(CPR)
    assert event.new_values == {
        "criteria": {"action": PERSON_VIEWED.name, "person": True},
        "page": 1,
        "results": 0,
    }
    assert "0102031234" not in str(event.new_values) and "010203" not in event.person_ref


def test_results_are_paginated(auditor_client):
    for _ in range(PER_PAGE + 3):
        audit_record(actor=None, action=PERSON_VIEWED, target_type="cases.case", target_id="9")
    first = _search(auditor_client, target_type="cases.case", target_id="9")
    assert len(_results(first)) == PER_PAGE
    body = first.content.decode()
    assert "Side 1 af 2" in body and 'name="page" value="2"' in body
    second = _search(auditor_client, target_type="cases.case", target_id="9", page="2")
    assert len(_results(second)) == 3
    assert min(e.seq for e in _results(first)) > max(e.seq for e in _results(second))


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"date_from": "2026-03-05", "date_to": "2026-03-01"}, "date_to", "Til-datoen skal være samme dag"),
        ({"date_from": "31-02-2026"}, "date_from", "Skriv en gyldig dato"),
        ({"cpr": "12345"}, "cpr", "Skriv CPR-nummeret som 10 cifre"),
        ({"cpr": "320103-1234"}, "cpr", "ikke en gyldig fødselsdato"),
        ({"cpr": CPR, "person_ref": "p:1"}, "person_ref", "enten CPR-nummer eller personreference"),
        ({"target_id": "7"}, "target_type", "Skriv objekttypen"),
        ({"purpose": "emergency"}, "purpose", "Marker en gyldig valgmulighed"),
    ],
)
def test_invalid_criteria_get_danish_errors_next_to_the_field(auditor_client, data, field, message):
    response = _search(auditor_client, **data)
    assert response.status_code == 200 and response.context["page"] is None
    assert message in " ".join(response.context["form"].errors[field])
    body = response.content.decode()
    assert f'id="id_{field}_error"' in body and "Søgningen kunne ikke udføres" in body
    assert not AuditEvent.objects.filter(action="audit.log_searched").exists()


def test_future_start_date_is_refused(auditor_client):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = _search(auditor_client, date_from=tomorrow.isoformat())
    assert "Fra-datoen ligger i fremtiden" in response.content.decode()


def test_search_criteria_never_appear_in_urls(auditor_client):
    response = auditor_client.get(URL)
    body = response.content.decode()
    assert 'method="post"' in body and 'method="get"' not in body
    assert response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]


def test_results_show_labels_for_actions_and_purposes(auditor_client):
    audit_record(actor=None, action=PERSON_VIEWED, person_ref="p:label", purpose=Purpose.EMERGENCY)
    body = _search(auditor_client, person_ref="p:label").content.decode()
    assert "Nødadgang" in body and "Person vist (test)" in body
