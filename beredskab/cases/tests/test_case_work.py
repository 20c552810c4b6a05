"""Case work through the pages: journal (append-only, corrections), tasks, decisions,
interventions by prevention level, family and network, sharing; forms keep what was typed and
bad input never gives a 500."""

import datetime

import pytest
from django.urls import reverse

from beredskab.audit.models import AuditEvent
from beredskab.cases.models import (
    AppendOnlyError,
    CasePerson,
    CaseShare,
    CaseStatus,
    Decision,
    Intervention,
    JournalEntry,
    Task,
)
from beredskab.cases.services import journal_entry_add

from .factories import assess, open_case, refresh, screen

pytestmark = pytest.mark.usefixtures("plan")
TODAY = datetime.date.today().isoformat()


@pytest.fixture
def logged_in(client, worker):
    client.force_login(worker)
    return client


def url(name, case, *args):
    return reverse(f"cases:{name}", args=[case.reference, *args])


# --- journal -----------------------------------------------------------------------------


def test_journal_entries_cannot_be_changed_or_deleted(case, worker):
    entry = journal_entry_add(actor=worker, case=case, kind="note", occurred_on=datetime.date.today(), body="Første.")
    entry.body = "Ændret."
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        JournalEntry.objects.filter(pk=entry.pk).update(body="x")
    with pytest.raises(AppendOnlyError):
        JournalEntry.objects.all().delete()
    assert JournalEntry.objects.get(pk=entry.pk).body == "Første."


def test_a_correction_is_a_new_entry_pointing_to_the_old_one(logged_in, case, worker):
    first = journal_entry_add(
        actor=worker,
        case=case,
        kind="phone",
        occurred_on=datetime.date.today(),
        body="Talte med klasselæreren.",
        no_family=True,
    )
    page = logged_in.get(url("journal_add", case) + "?retter=1").content.decode()
    assert "Talte med klasselæreren." in page
    response = logged_in.post(
        url("journal_add", case),
        {
            "retter": "1",
            "kind": "phone",
            "occurred_on": TODAY,
            "body": "Det var skolelederen, ikke klasselæreren.",
            "no_family": "on",
        },
    )
    assert response.status_code == 302
    correction = JournalEntry.objects.get(number=2)
    assert correction.corrects == first and JournalEntry.objects.get(number=1).body == "Talte med klasselæreren."
    case_page = logged_in.get(url("detail", case)).content.decode()
    assert "Retter nr. 1" in case_page and "Rettet ved" in case_page
    event = AuditEvent.objects.filter(action="cases.journal_entry_added").latest("seq")
    assert event.new_values["corrects"] == 1 and "mor" not in str(event.new_values)


def test_journal_form_keeps_input_and_refuses_future_dates(logged_in, case):
    future = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    response = logged_in.post(url("journal_add", case), {"kind": "note", "occurred_on": future, "body": "Mit notat"})
    assert response.status_code == 400
    content = response.content.decode()
    assert "Mit notat" in content and "Datoen ligger i fremtiden" in content
    assert not JournalEntry.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"kind": "nonsense", "occurred_on": "i går", "body": ""},
        {"kind": "note", "occurred_on": "31-02-2026", "body": "x"},
        {"kind": "note", "occurred_on": TODAY, "body": "x" * 20001},
    ],
)
def test_bad_journal_input_gives_a_400_not_a_500(logged_in, case, data):
    assert logged_in.post(url("journal_add", case), data).status_code == 400


def test_control_characters_are_removed_from_text(logged_in, case):
    logged_in.post(url("journal_add", case), {"kind": "note", "occurred_on": TODAY, "body": "Hej\x00 med\x07 dig"})
    assert JournalEntry.objects.get().body == "Hej med dig"


def test_an_unknown_correction_target_is_not_found(logged_in, case):
    assert logged_in.get(url("journal_add", case) + "?retter=99").status_code == 404
    assert logged_in.get(url("journal_add", case) + "?retter=abc").status_code == 404


# --- tasks, decisions, interventions ----------------------------------------------------


def test_tasks_have_owners_and_due_dates_and_can_be_finished(logged_in, case, worker, worker2, other_worker):
    response = logged_in.post(
        url("task_add", case), {"title": "Ring til skolen", "due_on": "2030-01-02", "owner": worker2.pk, "details": ""}
    )
    assert response.status_code == 302
    task = Task.objects.get()
    assert task.owner == worker2 and task.due_on == datetime.date(2030, 1, 2)
    assert logged_in.post(url("task_close", case, task.pk)).status_code == 302
    assert refresh(task).status == "done"
    bad = logged_in.post(url("task_add", case), {"title": "X", "due_on": "2030-01-02", "owner": other_worker.pk})
    assert bad.status_code == 400  # not a worker in the unit


def test_decisions_are_recorded_and_append_only(logged_in, case):
    response = logged_in.post(
        url("decision_add", case),
        {
            "kind": "decision",
            "decided_on": TODAY,
            "title": "Børnefaglig undersøgelse",
            "text": "Der iværksættes en undersøgelse.",
            "legal_basis": "barnets lov § 20",
            "no_family": "on",
        },
    )
    assert response.status_code == 302
    decision = Decision.objects.get()
    with pytest.raises(AppendOnlyError):
        decision.save()
    assert AuditEvent.objects.filter(action="cases.decision_recorded").exists()


def test_interventions_use_the_plans_prevention_levels(logged_in, case):
    page = logged_in.get(url("intervention_add", case)).content.decode()
    assert "Tertiær" in page and "Sekundær" in page and "Primær" in page
    response = logged_in.post(
        url("intervention_add", case),
        {"kind": "safe_place", "prevention_level": "tertiary", "status": "active", "starts_on": TODAY},
    )
    assert response.status_code == 302
    intervention = Intervention.objects.get()
    assert intervention.prevention_level == "tertiary"
    bad = logged_in.post(
        url("intervention_add", case),
        {
            "kind": "safe_place",
            "prevention_level": "tertiary",
            "status": "active",
            "starts_on": TODAY,
            "ends_on": (datetime.date.today() - datetime.timedelta(days=1)).isoformat(),  # before the start
        },
    )
    assert bad.status_code == 400 and "Slutdatoen" in bad.content.decode()
    assert logged_in.post(url("intervention_end", case, intervention.pk), {"ended_on": TODAY}).status_code == 302
    assert refresh(intervention).status == "ended"


# --- family and network ------------------------------------------------------------------


def test_people_in_family_and_network(logged_in, case):
    data = {
        "name": "Onkel i udlandet",
        "relation": "extended_family_abroad",
        "lives_abroad": "on",
        "possible_perpetrator": "on",
        "may_contact": "no",
        "contact_note": "",
    }
    refused = logged_in.post(url("person_add", case), data)
    assert refused.status_code == 400 and "Onkel i udlandet" in refused.content.decode()
    response = logged_in.post(url("person_add", case), {**data, "contact_note": "Må ikke vide, at sagen findes."})
    assert response.status_code == 302
    person = CasePerson.objects.get()
    assert person.possible_perpetrator and person.lives_abroad and person.may_contact == "no"
    response = logged_in.post(url("person_edit", case, person.pk), {**data, "may_contact": "unknown"})
    assert response.status_code == 302 and refresh(person).may_contact == "unknown"
    event = AuditEvent.objects.get(action="cases.person_updated")
    assert event.old_values["may_contact"] == "no" and "Onkel" not in str(event.new_values)


def test_several_possible_perpetrators_of_any_age(case, worker):
    from .factories import add_parent

    add_parent(case, worker, name="Far", relation="father", possible_perpetrator=True)
    add_parent(case, worker, name="Bror", relation="sibling", birth_year=2008, possible_perpetrator=True)
    add_parent(case, worker, name="Kæreste", relation="partner", possible_perpetrator=True)
    assert CasePerson.objects.filter(case=case, possible_perpetrator=True).count() == 3


# --- collaboration -----------------------------------------------------------------------


def test_sharing_with_a_named_unit_for_a_purpose(logged_in, case, other_worker):
    from beredskab.accounts.models import Unit

    unit = Unit.objects.get(code="familieraadgivning")
    refused = logged_in.post(url("share_add", case), {"unit": unit.pk, "purpose": ""})
    assert refused.status_code == 400
    assert logged_in.post(url("share_add", case), {"unit": unit.pk, "purpose": "Fælles møde"}).status_code == 302
    share = CaseShare.objects.get()
    again = logged_in.post(url("share_add", case), {"unit": unit.pk, "purpose": "Igen"})
    assert again.status_code == 409 and "allerede delt" in again.content.decode()
    assert logged_in.post(url("share_revoke", case, share.pk), {"reason": "Slut"}).status_code == 302
    assert refresh(share).revoked_at is not None
    assert AuditEvent.objects.get(action="cases.case_shared").purpose == "collaboration"


# --- the clocks' forms --------------------------------------------------------------------


def test_urgent_assessment_screening_and_closing_through_the_pages(logged_in, case, worker):
    response = logged_in.post(
        url("urgent_assessment", case),
        {"child_in_danger": "yes", "acute_action_needed": "yes", "actions_taken": "", "reasons": "Trusler."},
    )
    assert response.status_code == 400 and "Beskriv de akutte handlinger" in response.content.decode()
    response = logged_in.post(
        url("urgent_assessment", case),
        {
            "child_in_danger": "yes",
            "acute_action_needed": "yes",
            "actions_taken": "Politiet kontaktet; barnet er på skolen.",
            "reasons": "Trusler.",
            "nsk_aerk_possible": "on",
        },
    )
    assert response.status_code == 302
    case = refresh(case)
    assert case.status == CaseStatus.ASSESSED and case.nsk_aerk_flag

    page = logged_in.get(url("screening", case)).content.decode()
    assert "tidligere æresrelaterede konflikter" in page
    response = logged_in.post(
        url("screening", case),
        {
            "outcome": "no_action",
            "reasons": "Ingen grund.",
            "nsk_aerk_possible": "on",
            "earlier_honour_conflicts": "no",
        },
    )
    assert response.status_code == 302 and refresh(case).status == CaseStatus.SCREENED

    close = logged_in.post(url("close", case), {"outcome": "no_further_action", "note": "Afsluttet."})
    assert close.status_code == 302 and refresh(case).status == CaseStatus.CLOSED
    again = logged_in.post(url("close", case), {"outcome": "no_further_action"})
    assert again.status_code == 403
    assert logged_in.post(url("reopen", case), {"reason": "Ny viden."}).status_code == 302
    assert refresh(case).status == CaseStatus.REOPENED


def test_start_work_button_moves_to_in_progress(logged_in, case, worker):
    case = screen(assess(case, worker), worker, flag=False, outcome="afdaekning")
    assert logged_in.post(url("status", case), {"to": "in_progress"}).status_code == 302
    assert refresh(case).status == CaseStatus.IN_PROGRESS
    assert logged_in.post(url("status", case), {"to": "closed"}).status_code == 404


def test_receipt_and_feedback_forms(logged_in, case):
    from beredskab.cases.models import CaseReport

    case_report = CaseReport.objects.get(case=case)
    page = logged_in.get(url("receipt", case, case_report.pk)).content.decode()
    assert "kvitteringsbrev" in page.lower()
    bad = logged_in.post(url("receipt", case, case_report.pk), {"sent_on": "2001-01-01", "channel": "letter"})
    assert bad.status_code == 409
    assert (
        logged_in.post(url("receipt", case, case_report.pk), {"sent_on": TODAY, "channel": "letter"}).status_code == 302
    )
    response = logged_in.post(
        url("feedback", case, case_report.pk), {"sent_on": TODAY, "outcome": "afdaekning", "channel": "phone"}
    )
    assert response.status_code == 302
    case_report = refresh(case_report)
    assert case_report.receipt_channel == "letter" and case_report.feedback_outcome == "afdaekning"


def test_a_case_report_of_another_case_is_not_found(logged_in, case, worker):
    from beredskab.cases.models import CaseReport

    other = open_case(worker, subject_cpr="010110-4236", subject_name="Anden")
    other_report = CaseReport.objects.get(case=other)
    assert logged_in.get(url("receipt", case, other_report.pk)).status_code == 404
    assert logged_in.get(url("person_edit", case, 999)).status_code == 404
    assert logged_in.get(url("network_step", case, "ukendt")).status_code == 404
