"""The risk gate on every path (barnets lov § 18, stk. 3): closed by default, about people not
pages, and opened only by a current assessment, an approved screening or a leader's override.

Each finding of the review that walked around the gate is a test here, and the property test
at the end enumerates every service of the case apps from the code: a new service that writes
case records without declaring what it involves, or that involves the family without asking
the gate, fails it."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from beredskab.audit.models import AuditEvent
from beredskab.cases import services
from beredskab.cases.errors import CaseError
from beredskab.cases.models import (
    Case,
    Decision,
    Intervention,
    JournalEntry,
    NetworkStep,
    ReportHold,
    Screening,
    Task,
)
from beredskab.cases.risk import services as risk_services
from beredskab.cases.risk.gate import GateClosed, check_network_step, gate_decision
from beredskab.cases.risk.mentions import NetworkMentioned
from beredskab.cases.risk.models import Consultation, GateOverride, OverrideKind
from beredskab.core.policies import PolicyDenied
from beredskab.core.roles import Role

from .factories import (
    CHILD_CPR,
    NOT_INVOLVED_REASON,
    OVERRIDE_REASON,
    add_father,
    add_parent,
    approved_assessment,
    assess,
    complete_assessment,
    flagged_case,
    gate_token_of,
    make_report,
    open_case,
    open_gate,
    refresh,
    screen,
)

TODAY = datetime.date.today


# --- finding 1: open by default ------------------------------------------------------------------


def test_a_public_report_with_signs_opens_a_case_with_the_gate_closed(plan, worker):
    """A public report with warning signs and "the family does not know": the case is flagged
    from the start, and contact with the father (a possible perpetrator) is refused before any
    assessment or screening."""
    report = make_report(family_knows="no", reporter_kind="private", reporter_name="")
    case = services.case_open(actor=worker, reports=[report])
    assert case.nsk_aerk_flag
    father = add_father(case, worker)
    with pytest.raises(GateClosed, match=r"§ 18, stk\. 3"):
        services.network_step_record(
            actor=worker, case=case, kind="contact", people=[father], occurred_on=TODAY(), summary="Ringede."
        )
    assert not NetworkStep.objects.exists()
    assert AuditEvent.objects.filter(action="cases.network_step_refused", actor_id=worker.pk).exists()


def test_screening_out_needs_a_written_reason_and_a_leaders_approval(plan, worker, worker2, leader):
    case = assess(open_case(worker), worker)
    for reason in ("", "   ", "!!!!!!!!!!!!!!!!!!!!!!!!", "nej"):
        with pytest.raises(CaseError, match="begrundelse"):
            services.screening_record(
                actor=worker,
                case=case,
                outcome="no_action",
                reasons="Ingen bekymring.",
                nsk_aerk_possible=False,
                not_involved_reason=reason,
                earlier_honour_conflicts="no",
            )
    case = screen(case, worker, flag=False, outcome="no_action")
    assert case.nsk_aerk_flag and not gate_decision(case).allowed  # still closed: four eyes first
    screening = Screening.objects.get(case=case)
    with pytest.raises(PolicyDenied):
        services.screening_gate_approve(actor=worker2, screening=screening)  # not a leader
    services.screening_gate_approve(actor=leader, screening=screening)
    case = refresh(case)
    decision = gate_decision(case)
    assert not case.nsk_aerk_flag and decision.allowed and decision.basis == "screened_out"
    assert AuditEvent.objects.filter(action="cases.screening_gate_approved", actor_id=leader.pk).exists()


def test_a_leader_cannot_approve_their_own_screening(plan, leader, make_user):
    from .factories import make_report

    case = services.case_open(actor=leader, reports=[make_report()], owner=leader)
    case = screen(assess(case, leader), leader, flag=False, outcome="no_action")
    with pytest.raises(CaseError, match="Fire øjne"):
        services.screening_gate_approve(actor=leader, screening=Screening.objects.get(case=case))
    other_leader = make_user(Role.UNIT_LEADER, "straxen")
    services.screening_gate_approve(actor=other_leader, screening=Screening.objects.get(case=case))
    assert gate_decision(refresh(case)).allowed


def test_the_screening_page_asks_for_the_reason_next_to_the_field(client, plan, worker):
    case = assess(open_case(worker), worker)
    client.force_login(worker)
    response = client.post(
        reverse("cases:screening", args=[case.reference]),
        {"outcome": "no_action", "reasons": "Bekymringen er afklaret.", "earlier_honour_conflicts": "no"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_not_involved_reason_error"' in page and "Bekymringen er afklaret." in page
    assert not Screening.objects.exists()


# --- finding 2: protection follows the person ----------------------------------------------------


def test_a_new_report_about_a_protected_child_is_held_for_the_case(
    client, protected_case, worker, worker2, leader, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        report = make_report(narrative="Ny bekymring fra skolen.")
    hold = ReportHold.objects.get(report=report)
    assert hold.case == protected_case

    # Not in the general queue for a worker who is not named on the protected case.
    client.force_login(worker2)
    queue = client.get(reverse("cases:queue")).content.decode()
    assert report.reference not in queue and "Amira" not in queue
    assert client.get(reverse("cases:queue_report", args=[report.reference])).status_code == 404
    with pytest.raises(CaseError):
        services.case_open(actor=worker2, reports=[report])
    assert Case.objects.count() == 1

    # The named worker sees it, marked as belonging to the case, and can only add it there.
    client.force_login(worker)
    queue = client.get(reverse("cases:queue")).content.decode()
    assert report.reference in queue and f"Hører til sag {protected_case.reference}" in queue
    with pytest.raises(CaseError, match="leder"):
        services.case_open(actor=worker, reports=[report])

    # The protecting leader was told, without personal data.
    notices = [m for m in mail.outbox if leader.email in m.to]
    assert notices and protected_case.reference in notices[0].subject
    for secret in ("Amira", "Testesen", CHILD_CPR, "skolen"):
        assert secret not in notices[0].body and secret not in notices[0].subject

    services.case_add_report(actor=worker, case=protected_case, report=report)
    assert refresh(report).case_link.case == protected_case


def test_a_held_report_can_only_become_a_new_case_by_a_leaders_reason_and_inherits_the_safeguards(
    protected_case, worker, leader
):
    from beredskab.cases.services import restriction_add

    restriction_add(
        actor=worker,
        case=protected_case,
        item=protected_case,
        field_name="subject_address",
        audience="parents",
        reason="Barnet bor på krisecenter.",
    )
    report = make_report()
    with pytest.raises(CaseError, match="begrundelse"):
        services.case_open(actor=leader, reports=[report], owner=worker, hold_release_reason="ny")
    new = services.case_open(
        actor=leader,
        reports=[report],
        owner=worker,
        hold_release_reason="Den første sag er overdraget til en anden kommune, og barnet er flyttet hertil igen.",
    )
    new = refresh(new)
    assert new.nsk_aerk_flag and not gate_decision(new).allowed
    assert new.protected and new.protected_by == leader
    assert set(new.protection_members.values_list("user_id", flat=True)) >= {worker.pk}
    inherited = new.restrictions.get()
    assert (inherited.field_name, inherited.audience, inherited.object_id) == ("subject_address", "parents", new.pk)
    assert refresh(ReportHold.objects.get(report=report)).released_by == leader
    assert AuditEvent.objects.filter(action="cases.report_hold_released", actor_id=leader.pk).exists()


def test_a_report_about_a_child_with_a_flagged_case_cannot_start_a_parallel_case(plan, worker, worker2):
    case = flagged_case(worker)
    report = make_report(subject_cpr="", subject_birth_date=datetime.date(2011, 6, 15))
    # Matched by name and birth date (the case has them from the first report's CPR number).
    assert ReportHold.objects.get(report=report).case == case
    with pytest.raises(CaseError, match="allerede en sag"):
        services.case_open(actor=worker2, reports=[report])
    other = open_case(worker2, subject_cpr="010110-4236", subject_name="Anden Testesen")
    with pytest.raises(CaseError, match="anden sag"):
        services.case_add_report(actor=worker2, case=other, report=report)


def test_a_report_about_another_child_is_not_held(plan, worker):
    flagged_case(worker)
    report = make_report(subject_cpr="010110-4236", subject_name="Nour Andersen")
    assert not ReportHold.objects.filter(report=report).exists()


# --- finding 3: switching the gate off needs a reason and leaves an override ---------------------


def test_the_flag_form_never_switches_the_gate_off(client, flagged, worker, leader):
    url = reverse("cases:flag", args=[flagged.reference])
    client.force_login(worker)
    assert client.post(url, {"flagged": "0"}).status_code == 403
    client.force_login(leader)
    response = client.post(url, {"flagged": "0"})
    assert response.status_code == 302 and response["Location"].endswith("/risikoport/ikke-involveret/")
    assert refresh(flagged).nsk_aerk_flag and not GateOverride.objects.exists()

    form_url = reverse("risk:not_involved", args=[flagged.reference])
    no_reason = client.post(form_url, {"confirm": "on"})
    assert no_reason.status_code == 400 and refresh(flagged).nsk_aerk_flag
    token = gate_token_of(client, form_url)
    done = client.post(form_url, {"reason": NOT_INVOLVED_REASON, "confirm": "on", "gate_token": token})
    assert done.status_code == 302
    override = GateOverride.objects.get()
    assert override.kind == OverrideKind.NOT_INVOLVED and override.granted_by == leader
    page = client.get(reverse("cases:detail", args=[flagged.reference])).content.decode()
    assert "en leder har fjernet markeringen" in page and NOT_INVOLVED_REASON in page
    oversight = client.get(reverse("cases:gate_oversight")).content.decode()
    assert flagged.reference in oversight and NOT_INVOLVED_REASON in oversight


def test_a_leaders_screening_without_the_flag_waits_for_another_leader(plan, worker, leader):
    case = assess(open_case(worker), worker)
    screen(case, leader, flag=False)
    assert not gate_decision(refresh(case)).allowed
    assert not GateOverride.objects.exists()


# --- finding 4: only the current assessment opens the gate ---------------------------------------


def test_the_gate_closes_the_day_after_the_reassessment_date(flagged, worker, worker2):
    assessment = approved_assessment(flagged, worker, worker2)
    last_day = assessment.reassessment_on
    copenhagen = timezone.get_default_timezone()
    with time_machine.travel(datetime.datetime.combine(last_day, datetime.time(23, 59), tzinfo=copenhagen)):
        assert check_network_step(refresh(flagged), "meeting").allowed
    next_day = last_day + datetime.timedelta(days=1)
    with time_machine.travel(datetime.datetime.combine(next_day, datetime.time(0, 1), tzinfo=copenhagen)):
        decision = check_network_step(refresh(flagged), "meeting")
        assert not decision.allowed and "revurderes senest" in decision.reason
        mother = add_parent(flagged, worker)
        with pytest.raises(GateClosed):
            services.network_step_record(
                actor=worker, case=flagged, kind="meeting", people=[mother], occurred_on=next_day, summary="Møde."
            )


def test_a_newer_version_in_progress_or_returned_closes_the_gate(flagged, worker, worker2):
    approved_assessment(flagged, worker, worker2)
    assert gate_decision(refresh(flagged)).allowed
    second = complete_assessment(refresh(flagged), worker)
    assert not gate_decision(refresh(flagged)).allowed  # v2 awaits approval
    risk_services.risk_assessment_return(actor=worker2, assessment=second, note="Akut risiko er høj; se på det.")
    decision = gate_decision(refresh(flagged))
    assert not decision.allowed and "version 2" in decision.reason  # v1 no longer counts


def test_reopening_and_a_new_report_ask_for_a_fresh_decision(flagged, worker, worker2):
    approved_assessment(flagged, worker, worker2)
    case = refresh(flagged)
    services.task_add(actor=worker, case=case, title="Opfølgning", due_on=TODAY(), owner=worker)
    services.task_close(actor=worker, task=Task.objects.get(case=case))
    services.case_close(actor=worker, case=case, outcome="support_completed")
    services.case_reopen(actor=worker, case=refresh(case), reason="Ny bekymring fra skolen et år efter.")
    decision = gate_decision(refresh(case))
    assert not decision.allowed and "genåbnet" in decision.reason
    with pytest.raises(CaseError, match="begrundelse"):
        risk_services.gate_assessment_confirm(actor=worker, case=refresh(case), reason="ok")
    risk_services.gate_assessment_confirm(
        actor=worker, case=refresh(case), reason="Skolen bekræfter samme billede; vurderingen dækker det nye."
    )
    assert gate_decision(refresh(case)).allowed

    report = make_report(narrative="Endnu en bekymring.")
    services.case_add_report(actor=worker, case=refresh(case), report=report)
    decision = gate_decision(refresh(case))
    assert not decision.allowed and "ny underretning" in decision.reason
    assert AuditEvent.objects.filter(action="cases.gate_reset").count() == 2


def test_a_new_report_ends_a_leaders_override(flagged, worker, leader):
    case = open_gate(flagged, leader)
    assert gate_decision(case).allowed
    report = make_report()
    services.case_add_report(actor=worker, case=case, report=report)
    assert not gate_decision(refresh(case)).allowed
    assert GateOverride.objects.get().revoke_cause == "new_report"


def test_the_case_page_always_says_why(client, flagged, worker, worker2):
    client.force_login(worker)
    url = reverse("cases:detail", args=[flagged.reference])
    assert "Der er ingen godkendt risikovurdering" in client.get(url).content.decode()
    approved_assessment(flagged, worker, worker2)
    page = client.get(url).content.decode()
    assert "Risikoporten er åben" in page and "gælder til og med" in page


# --- finding 5: about people, not pages ----------------------------------------------------------


def test_a_journal_meeting_with_the_parents_is_refused_while_the_gate_is_closed(flagged, worker, worker2):
    mother = add_parent(flagged, worker)
    for kind in ("meeting", "phone", "correspondence", "note"):
        with pytest.raises(GateClosed):
            services.journal_entry_add(
                actor=worker, case=flagged, kind=kind, occurred_on=TODAY(), body="Samtale.", participants=[mother]
            )
    with pytest.raises(CaseError, match="hvem fra familie"):
        services.journal_entry_add(actor=worker, case=flagged, kind="meeting", occurred_on=TODAY(), body="Møde.")
    assert not JournalEntry.objects.exists()
    approved_assessment(flagged, worker, worker2)
    entry = services.journal_entry_add(
        actor=worker, case=refresh(flagged), kind="meeting", occurred_on=TODAY(), body="Møde.", participants=[mother]
    )
    assert list(entry.participants.all()) == [mother]


def test_names_of_the_family_in_free_text_are_asked_about(flagged, worker):
    add_father(flagged, worker)
    for body, kind in (("Ringede til far om hjemkomsten.", "phone"), ("Karim ringede i dag.", "note")):
        with pytest.raises(NetworkMentioned) as asked:
            services.journal_entry_add(
                actor=worker, case=flagged, kind=kind, occurred_on=TODAY(), body=body, no_family=True
            )
        assert "Far" in asked.value.reason or "“far”" in asked.value.reason
    # The child's own surname, shared with the father, says nothing about him.
    services.journal_entry_add(
        actor=worker, case=flagged, kind="note", occurred_on=TODAY(), body="Amira Testesen var glad i dag."
    )
    entry = services.journal_entry_add(
        actor=worker,
        case=flagged,
        kind="phone",
        occurred_on=TODAY(),
        body="Skolen fortæller, at far har hentet hende.",
        no_family=True,
        mentions_confirmed=True,
    )
    event = AuditEvent.objects.get(action="cases.journal_entry_added", target_id=str(entry.pk))
    assert event.new_values["mentions_confirmed"] is True and "Karim" not in str(event.new_values)


def test_a_decision_on_hearing_the_parents_is_refused(flagged, worker):
    mother = add_parent(flagged, worker)
    for kind in ("hearing", "decision"):
        with pytest.raises(GateClosed):
            services.decision_record(
                actor=worker,
                case=flagged,
                kind=kind,
                decided_on=TODAY(),
                title="Partshøring",
                text="Forældrene høres.",
                people=[mother],
            )
        with pytest.raises(CaseError, match="hvem fra familie"):
            services.decision_record(
                actor=worker, case=flagged, kind=kind, decided_on=TODAY(), title="Afgørelse", text="Tekst."
            )
    assert not Decision.objects.exists()


def test_a_family_oriented_intervention_is_refused(flagged, worker):
    with pytest.raises(GateClosed):
        services.intervention_add(
            actor=worker, case=flagged, kind="family_support", prevention_level="secondary", starts_on=TODAY()
        )
    assert not Intervention.objects.exists()
    services.intervention_add(
        actor=worker, case=flagged, kind="contact_person", prevention_level="secondary", starts_on=TODAY()
    )


def test_a_consultation_with_the_childs_father_as_partner_is_caught(flagged, worker):
    add_father(flagged, worker)
    for name in ("Barnets far", "Karim Testesen"):
        with pytest.raises(NetworkMentioned):
            risk_services.consultation_record(
                actor=worker,
                case=flagged,
                partner_kind="other",
                partner_name=name,
                consulted_on=TODAY(),
                identification="anonymised",
                question="Hvordan går det?",
                advice="Godt.",
            )
    assert not Consultation.objects.exists()


def test_a_contact_task_passes_the_gate_when_made_and_when_done(flagged, worker, leader):
    mother = add_parent(flagged, worker)
    with pytest.raises(GateClosed):
        services.task_add(actor=worker, case=flagged, title="Ring", due_on=TODAY(), owner=worker, people=[mother])
    with pytest.raises(NetworkMentioned):
        services.task_add(actor=worker, case=flagged, title="Ring til mor", due_on=TODAY(), owner=worker)
    override = risk_services.gate_override_grant(actor=leader, case=flagged, reason=OVERRIDE_REASON)
    task = services.task_add(actor=worker, case=flagged, title="Ring", due_on=TODAY(), owner=worker, people=[mother])
    risk_services.gate_override_revoke(actor=leader, override=override)
    with pytest.raises(GateClosed):
        services.task_close(actor=worker, task=task)
    services.task_close(actor=worker, task=task, status="cancelled")  # cancelling involves nobody
