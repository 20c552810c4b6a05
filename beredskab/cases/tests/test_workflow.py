"""The case workflow: an explicit status table, changed only through one service, with history
rows and audit events; screening; closing and reopening."""

import datetime

import pytest

from beredskab.audit.models import AuditEvent
from beredskab.cases.errors import CaseError
from beredskab.cases.models import ALLOWED_TRANSITIONS, CaseStatus, CaseStatusChange
from beredskab.cases.services import (
    case_close,
    case_reopen,
    case_transition,
    intervention_add,
    intervention_end,
    screening_record,
    task_add,
    task_close,
    urgent_assessment_record,
)
from beredskab.core.policies import PolicyDenied

from .factories import assess, open_case, refresh, screen


def test_the_transition_table_is_the_documented_workflow():
    assert ALLOWED_TRANSITIONS[CaseStatus.RECEIVED] == {CaseStatus.ASSESSED}
    assert ALLOWED_TRANSITIONS[CaseStatus.ASSESSED] == {CaseStatus.SCREENED}
    assert ALLOWED_TRANSITIONS[CaseStatus.SCREENED] == {CaseStatus.IN_PROGRESS, CaseStatus.CLOSED}
    assert ALLOWED_TRANSITIONS[CaseStatus.IN_PROGRESS] == {CaseStatus.CLOSED}
    assert ALLOWED_TRANSITIONS[CaseStatus.CLOSED] == {CaseStatus.REOPENED}
    assert set(ALLOWED_TRANSITIONS) == set(CaseStatus.values)


def test_a_whole_case_moves_through_the_workflow_with_history_and_audit(plan, worker):
    case = open_case(worker)
    assert case.status == CaseStatus.RECEIVED and case.reference.startswith("K-")
    case = assess(case, worker)
    assert case.status == CaseStatus.ASSESSED
    case = screen(case, worker, flag=False, outcome="afdaekning")
    assert case.status == CaseStatus.SCREENED
    case_transition(actor=worker, case=case, to_status=CaseStatus.IN_PROGRESS)
    case_close(actor=worker, case=refresh(case), outcome="support_completed", note="Forløbet er afsluttet.")
    case = refresh(case)
    assert case.status == CaseStatus.CLOSED and case.closed_at
    case_reopen(actor=worker, case=case, reason="Ny underretning.")
    case = refresh(case)
    assert case.status == CaseStatus.REOPENED and case.closed_at is None and not case.close_outcome

    history = list(CaseStatusChange.objects.filter(case=case).values_list("from_status", "to_status"))
    assert history == [
        ("", "received"),
        ("received", "assessed"),
        ("assessed", "screened"),
        ("screened", "in_progress"),
        ("in_progress", "closed"),
        ("closed", "reopened"),
    ]
    changes = AuditEvent.objects.filter(action="cases.status_changed", target_id=str(case.pk))
    assert changes.count() == 5
    assert all(e.person_ref == case.person_ref and e.purpose == "case_work" for e in changes)
    assert AuditEvent.objects.filter(action="cases.case_closed").exists()
    assert AuditEvent.objects.filter(action="cases.case_reopened").exists()


@pytest.mark.parametrize(
    ("status", "target"),
    [
        (CaseStatus.RECEIVED, CaseStatus.SCREENED),
        (CaseStatus.RECEIVED, CaseStatus.CLOSED),
        (CaseStatus.RECEIVED, CaseStatus.IN_PROGRESS),
        (CaseStatus.ASSESSED, CaseStatus.IN_PROGRESS),
        (CaseStatus.ASSESSED, CaseStatus.CLOSED),
    ],
)
def test_transitions_outside_the_table_are_refused(plan, worker, status, target):
    case = open_case(worker)
    if status == CaseStatus.ASSESSED:
        case = assess(case, worker)
    with pytest.raises(CaseError):
        case_transition(actor=worker, case=case, to_status=target)
    assert refresh(case).status == status


def test_assessed_needs_the_24_hour_assessment_and_screened_needs_a_screening(plan, worker):
    case = open_case(worker)
    with pytest.raises(CaseError, match="24 timer"):
        case_transition(actor=worker, case=case, to_status=CaseStatus.ASSESSED)
    case = assess(case, worker)
    with pytest.raises(CaseError, match="screenes"):
        case_transition(actor=worker, case=case, to_status=CaseStatus.SCREENED)


def test_work_does_not_start_after_a_screening_with_no_further_action(plan, worker):
    case = screen(assess(open_case(worker), worker), worker, flag=False, outcome="no_action")
    with pytest.raises(CaseError, match="afdækning"):
        case_transition(actor=worker, case=case, to_status=CaseStatus.IN_PROGRESS)
    case_close(actor=worker, case=case, outcome="no_further_action")
    assert refresh(case).status == CaseStatus.CLOSED


def test_screening_waits_for_the_24_hour_assessment(plan, worker):
    case = open_case(worker)
    with pytest.raises(CaseError):
        screen(case, worker)


def test_screening_records_the_flag_and_earlier_honour_conflicts(plan, worker):
    case = assess(open_case(worker), worker)
    screening = screening_record(
        actor=worker,
        case=case,
        outcome="investigation",
        reasons="Kontrol af telefon og tøj.",
        nsk_aerk_possible=True,
        earlier_honour_conflicts="yes",
        earlier_conflicts_note="Storesøster flyttede i 2024.",
    )
    case = refresh(case)
    assert case.nsk_aerk_flag and case.earlier_honour_conflicts == "yes"
    event = AuditEvent.objects.get(action="cases.screening_recorded")
    assert event.new_values == {
        "case": case.reference,
        "outcome": "investigation",
        "nsk_aerk_possible": True,
        "earlier_honour_conflicts": "yes",
    }
    assert screening.earlier_conflicts_note == "Storesøster flyttede i 2024."


def test_the_24_hour_assessment_needs_actions_when_acute(plan, worker):
    case = open_case(worker)
    with pytest.raises(CaseError, match="akutte"):
        urgent_assessment_record(
            actor=worker, case=case, child_in_danger="yes", acute_action_needed=True, reasons="Fare.", actions_taken=""
        )


def test_closing_waits_for_open_tasks_and_active_interventions(plan, worker):
    case = screen(assess(open_case(worker), worker), worker, flag=False)
    task = task_add(actor=worker, case=case, title="Ring til skolen", due_on=datetime.date(2030, 1, 1), owner=worker)
    intervention = intervention_add(
        actor=worker, case=case, kind="counselling", prevention_level="secondary", starts_on=datetime.date.today()
    )
    with pytest.raises(CaseError, match="opgaver"):
        case_close(actor=worker, case=case, outcome="support_completed")
    task_close(actor=worker, task=task)
    with pytest.raises(CaseError, match="indsatser"):
        case_close(actor=worker, case=case, outcome="support_completed")
    intervention_end(actor=worker, intervention=intervention, ended_on=datetime.date.today())
    case_close(actor=worker, case=case, outcome="support_completed")
    assert refresh(case).status == CaseStatus.CLOSED


def test_a_closed_case_takes_no_writes_until_reopened(plan, worker):
    case = screen(assess(open_case(worker), worker), worker, flag=False, outcome="no_action")
    case_close(actor=worker, case=case, outcome="no_further_action")
    with pytest.raises(PolicyDenied, match="lukket"):
        task_add(actor=worker, case=refresh(case), title="X", due_on=datetime.date(2030, 1, 1), owner=worker)
    with pytest.raises(CaseError, match="hvorfor"):
        case_reopen(actor=worker, case=refresh(case), reason=" ")


def test_another_unit_cannot_change_the_status(plan, worker, other_worker):
    case = assess(open_case(worker), worker)
    with pytest.raises(PolicyDenied):
        screen(case, other_worker)
    assert refresh(case).status == CaseStatus.ASSESSED
