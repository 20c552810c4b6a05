"""The risk gate: what the attacks on the first versions found (each a test that failed on the
code they attacked). See test_gate_everywhere.py for the findings of the review."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse

from beredskab.audit.models import AuditEvent
from beredskab.cases import services
from beredskab.cases.errors import CaseError
from beredskab.cases.models import (
    Case,
    JournalEntry,
    NetworkStep,
    ReportHold,
    Screening,
)
from beredskab.cases.risk import services as risk_services
from beredskab.cases.risk.gate import GateClosed, gate_decision
from beredskab.cases.risk.mentions import NetworkMentioned
from beredskab.cases.risk.models import OverrideKind
from beredskab.core.roles import Role

from .factories import (
    CHILD_CPR,
    NOT_INVOLVED_REASON,
    OVERRIDE_REASON,
    add_father,
    add_parent,
    another_child,
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


# --- found by the attack on the first version -------------------------------------------------------


def test_reports_already_waiting_are_held_when_a_case_is_opened_and_when_it_is_protected(
    client, plan, worker, worker2, leader
):
    from beredskab.cases.protection import case_protect

    first, waiting = make_report(), make_report(narrative="Anden bekymring.")
    case = services.case_open(actor=worker, reports=[first])
    assert ReportHold.objects.get(report=waiting).case == case
    with pytest.raises(CaseError, match="allerede en sag"):
        services.case_open(actor=worker2, reports=[waiting])
    later = make_report(narrative="Tredje bekymring.")  # held on arrival
    case_protect(actor=leader, case=refresh(case), reason="Morbror arbejder i forvaltningen.", members=[worker])
    client.force_login(worker2)
    for report in (waiting, later):
        assert client.get(reverse("intake:report_detail", args=[report.reference])).status_code == 404


def test_a_held_report_goes_to_the_cases_unit_when_the_case_is_protected_later(plan, worker, leader, make_user):
    from beredskab.cases.protection import case_protect
    from beredskab.intake.policies import report_policy

    case = flagged_case(worker)
    # The young person has turned 18 (set directly: only the birth date matters here), so the
    # plan routes a new report to the adult unit, and it is held for the children's case.
    Case.objects.filter(pk=case.pk).update(subject_birth_date=datetime.date(2008, 1, 1), subject_cpr_index="")
    adult_report = make_report(subject_cpr="", subject_birth_date=datetime.date(2008, 1, 1))
    assert ReportHold.objects.get(report=adult_report).case == case
    assert adult_report.receiving_unit.code != case.unit.code
    case_protect(actor=leader, case=refresh(case), reason="Slægtning i forvaltningen.", members=[worker])
    adult_report.refresh_from_db()
    assert adult_report.receiving_unit_id == case.unit_id
    assert report_policy.can(worker, "view", adult_report) and report_policy.can(leader, "view", adult_report)


def test_a_screening_from_before_a_new_report_cannot_open_the_gate(plan, worker, leader):
    case = screen(assess(open_case(worker), worker), worker, flag=False, outcome="no_action")
    services.case_add_report(actor=worker, case=case, report=make_report(narrative="Truet."))
    with pytest.raises(CaseError, match="før den nye underretning"):
        services.screening_gate_approve(actor=leader, screening=Screening.objects.get(case=case))
    assert not gate_decision(refresh(case)).allowed


def test_revoking_not_involved_puts_the_flag_back(flagged, worker, leader):
    override = risk_services.gate_override_grant(
        actor=leader, case=flagged, reason=NOT_INVOLVED_REASON, kind=OverrideKind.NOT_INVOLVED
    )
    risk_services.gate_override_revoke(actor=leader, override=override)
    case = refresh(flagged)
    assert case.nsk_aerk_flag and not gate_decision(case).allowed


def test_a_held_report_closes_the_gate_when_it_arrives(flagged, worker, worker2):
    approved_assessment(flagged, worker, worker2)
    father = add_father(flagged, worker, may_contact="yes")
    make_report(narrative="Faren har truet hende.")
    with pytest.raises(GateClosed, match="ny underretning"):
        services.network_step_record(
            actor=worker, case=refresh(flagged), kind="meeting", people=[father], occurred_on=TODAY(), summary="Møde."
        )


def test_an_assessment_written_before_a_new_report_counts_only_once_confirmed(flagged, worker, worker2):
    completed = complete_assessment(flagged, worker)
    services.case_add_report(actor=worker, case=refresh(flagged), report=make_report())
    risk_services.risk_assessment_approve(actor=worker2, assessment=completed)
    assert not gate_decision(refresh(flagged)).allowed


def test_a_decision_posted_from_a_page_shown_before_a_new_report_is_refused(client, flagged, worker, worker2):
    approved_assessment(flagged, worker, worker2)
    services.case_add_report(actor=worker, case=refresh(flagged), report=make_report())
    client.force_login(worker)
    url = reverse("risk:confirm_assessment", args=[flagged.reference])
    page = client.get(url).content.decode()
    token = re.search(r'name="gate_token" value="([^"]*)"', page).group(1)
    services.case_add_report(actor=worker, case=refresh(flagged), report=make_report(narrative="Mere."))
    reason = "Skolen bekræfter samme billede; vurderingen dækker det nye."
    stale = client.post(url, {"reason": reason, "confirm": "on", "gate_token": token})
    assert stale.status_code == 409 and "siden siden blev vist" in stale.content.decode()
    assert not gate_decision(refresh(flagged)).allowed


@pytest.mark.parametrize(
    "text",
    [
        "Ringede til faren og fortalte ham om underretningen.",  # a contact written as a plain note
        "Morbroren kom forbi skolen.",
        "Pigen har talt med sin moster.",
        "Fars bil holdt uden for skolen.",
        "Karims telefon ringede.",
        "Ka\u200brim ringede i dag.",  # a zero-width space inside the name
        "Ka\u00adrim ringede i dag.",  # a soft hyphen
        "Kariim ringede i dag.",  # another spelling
        "Bo ringede fra arbejdet.",  # a two-letter first name, written with a capital
    ],
)
def test_family_in_any_note_is_asked_about_while_the_gate_is_closed(flagged, worker, text):
    add_father(flagged, worker)
    add_parent(flagged, worker, name="Bo Haddad", relation="uncle_aunt")
    with pytest.raises(NetworkMentioned):
        services.journal_entry_add(actor=worker, case=flagged, kind="note", occurred_on=TODAY(), body=text)


@pytest.mark.parametrize(
    "text", ["Barnet er i fare.", "Hun skal bo hos en veninde.", "Amira Testesen var glad.", "Skolen ringede."]
)
def test_ordinary_words_are_not_taken_for_family(flagged, worker, text):
    add_father(flagged, worker)
    add_parent(flagged, worker, name="Bo Haddad", relation="uncle_aunt")
    services.journal_entry_add(actor=worker, case=flagged, kind="note", occurred_on=TODAY(), body=text)


def test_a_middle_name_shared_with_the_father_still_names_him(flagged, worker):
    services.case_subject_update(actor=worker, case=flagged, name="Amira Karim Testesen", address="")
    add_father(flagged, worker)
    with pytest.raises(NetworkMentioned):
        services.journal_entry_add(
            actor=worker, case=refresh(flagged), kind="note", occurred_on=TODAY(), body="Karim kom op på kontoret."
        )


def test_refusals_in_the_admin_are_audited(client, flagged, worker, make_user):
    staff = make_user(Role.CHILD_CASEWORKER, "straxen", is_staff=True)
    mother = add_parent(flagged, worker)
    client.force_login(staff)
    data = {"case": flagged.pk, "kind": "meeting", "people": [mother.pk], "occurred_on": TODAY(), "summary": "M."}
    response = client.post(reverse("admin:cases_networkstep_add"), data)
    assert response.status_code == 200 and not NetworkStep.objects.exists()
    assert AuditEvent.objects.filter(action="cases.network_step_refused", actor_id=staff.pk).exists()


@pytest.mark.parametrize(
    "name",
    ["Amira Testesen\u200b", "Amíra Testesen", "Amira Testesen-Khan", "Testesen Amira", "Amira T. Testesen"],
)
def test_a_new_report_is_held_however_the_name_is_written(plan, worker, name):
    case = flagged_case(worker)
    report = make_report(subject_cpr="", subject_birth_date=datetime.date(2011, 6, 15), subject_name=name)
    assert ReportHold.objects.get(report=report).case == case


def test_a_cpr_typo_with_the_same_name_and_birth_date_is_held(plan, worker):
    case = flagged_case(worker)
    report = make_report(subject_cpr="150611-4241")
    assert ReportHold.objects.get(report=report).case == case


def test_people_who_must_not_be_contacted_stop_aktindsigt_and_contact_tasks_later(flagged, worker, leader):
    mother = add_parent(flagged, worker)
    case = open_gate(flagged, leader)
    step = services.network_step_record(
        actor=worker, case=case, kind="file_access", people=[mother], occurred_on=TODAY(), summary="Aktindsigt."
    )
    task = services.task_add(actor=worker, case=case, title="Ring", due_on=TODAY(), owner=worker, people=[mother])
    services.case_person_update(actor=worker, person=mother, may_contact="no", contact_note="Truer pigen.")
    with pytest.raises(CaseError, match="må ikke kontaktes"):
        services.file_access_release(actor=worker, step=step, person=refresh(mother))
    with pytest.raises(CaseError, match="må ikke kontaktes"):
        services.task_close(actor=worker, task=task)


def test_the_reassessment_date_lies_within_the_configured_days(flagged, worker, settings):
    from beredskab.cases.risk.services import reassessment_date_problem

    settings.RISK_REASSESSMENT_MAX_DAYS = 90
    assert reassessment_date_problem(TODAY() + datetime.timedelta(days=90)) is None
    assert "90 dage" in reassessment_date_problem(TODAY() + datetime.timedelta(days=91))
    assert reassessment_date_problem(datetime.date(2099, 1, 1))


# --- found by the second attack ----------------------------------------------------------------------


def test_a_new_report_closes_the_gate_of_a_case_ruled_not_involved(flagged, worker, leader):
    risk_services.gate_override_grant(
        actor=leader, case=flagged, reason=NOT_INVOLVED_REASON, kind=OverrideKind.NOT_INVOLVED
    )
    assert gate_decision(refresh(flagged)).allowed
    report = make_report(narrative="Faren har truet med at sende hende til udlandet.")
    assert ReportHold.objects.get(report=report).case == flagged
    case = refresh(flagged)
    assert case.nsk_aerk_flag and not gate_decision(case).allowed


def test_a_new_report_goes_to_the_open_case_not_a_closed_one(plan, worker, worker2, leader):
    old = flagged_case(worker)
    services.case_close(actor=worker, case=refresh(old), outcome="merged")
    waiting = make_report(narrative="Ny bekymring.")
    assert ReportHold.objects.get(report=waiting).case == old  # only the closed case exists
    new = services.case_open(actor=leader, reports=[waiting], owner=worker, hold_release_reason=OVERRIDE_REASON)
    later = make_report(narrative="Endnu en bekymring.")
    assert ReportHold.objects.get(report=later).case == new


def test_an_older_screening_cannot_be_approved_after_the_case_was_flagged_again(plan, worker, leader, client):
    case = screen(assess(open_case(worker), worker), worker, flag=False, outcome="no_action")
    screening = Screening.objects.get(case=case)
    client.force_login(leader)
    token = gate_token_of(client, reverse("risk:not_involved", args=[case.reference]))
    services.case_flag_set(actor=worker, case=refresh(case))
    with pytest.raises(CaseError, match="efter screeningen"):
        services.screening_gate_approve(actor=leader, screening=screening)
    stale = client.post(
        reverse("risk:not_involved", args=[case.reference]),
        {"reason": NOT_INVOLVED_REASON, "confirm": "on", "gate_token": token},
    )
    assert stale.status_code == 409 and refresh(case).nsk_aerk_flag


def test_protection_follows_the_child_known_only_by_name(plan, worker, worker2, leader):
    from beredskab.cases.protection import case_protect

    case = case_protect(actor=leader, case=flagged_case(worker), reason="Slægtning i forvaltningen.", members=[worker])
    report = make_report(subject_cpr="", subject_birth_date=None, subject_name="amira  TESTESEN")
    assert ReportHold.objects.get(report=report).case == case
    from beredskab.intake.policies import report_policy

    assert not report_policy.can(worker2, "view", report)


def test_reports_waiting_are_held_once_the_case_learns_the_cpr_number(plan, worker, worker2):
    case = services.case_open(actor=worker, reports=[make_report(subject_cpr="", subject_name="Nour Andersen")])
    waiting = make_report(subject_name="Nour Andersen", subject_cpr="010110-4236", narrative="To.")
    assert not ReportHold.objects.filter(report=waiting).exists()  # nothing to know the child by yet
    carrying = make_report(subject_name="Nour Andersen", subject_cpr="010110-4236")
    ReportHold.objects.filter(report=carrying).delete()
    services.case_add_report(actor=worker, case=refresh(case), report=carrying)
    assert ReportHold.objects.get(report=waiting).case == case


def test_cpr_numbers_in_other_scripts_and_with_other_dashes_are_the_same_number(plan, worker):
    case = flagged_case(worker)
    for typed in ("١٥٠٦١١-٤٢٣٣", "１５０６１１－４２３３", "150611\u20134233", "150611\u22124233"):
        report = make_report(subject_cpr=typed, subject_name="Ameera Testesen")
        assert report.subject_cpr == CHILD_CPR
        assert ReportHold.objects.get(report=report).case == case


def test_contact_the_family_started_is_recorded_honestly_and_tells_the_leaders(
    flagged, worker, leader, django_capture_on_commit_callbacks
):
    father = add_father(flagged, worker)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        entry = services.journal_entry_add(
            actor=worker,
            case=flagged,
            kind="family_initiated",
            occurred_on=TODAY(),
            body="Karim ringede uanmeldt og spurgte til skolen. Jeg oplyste intet.",
            participants=[father],
        )
    assert list(entry.participants.all()) == [father]
    assert not gate_decision(refresh(flagged)).allowed  # it opens nothing
    notice = [m for m in mail.outbox if leader.email in m.to]
    assert notice and "Karim" not in notice[0].body and flagged.reference in notice[0].subject


def test_analysis_may_name_the_family_but_a_recorded_contact_in_it_is_asked_about(plan, worker):
    case = assess(open_case(worker), worker)
    add_father(case, worker)

    def screen_with(reasons, **extra):
        return services.screening_record(
            actor=worker,
            case=refresh(case),
            outcome="investigation",
            reasons=reasons,
            nsk_aerk_possible=True,
            earlier_honour_conflicts="unknown",
            **extra,
        )

    screen_with("Pigen fortæller, at far kontrollerer hende.")
    with pytest.raises(NetworkMentioned):
        screen_with("Jeg ringede til faren og fortalte ham om underretningen.")


@pytest.mark.parametrize(
    "text",
    ["Forældremøde afholdt i dag.", "Hjemmebesøg gennemført.", "Fru Testesen kom forbi.", "Fаr ringede."],
)
def test_more_ways_of_writing_about_the_family_are_asked_about(flagged, worker, text):
    add_father(flagged, worker)
    with pytest.raises(NetworkMentioned):
        services.journal_entry_add(actor=worker, case=flagged, kind="note", occurred_on=TODAY(), body=text)


def test_an_answer_to_the_question_counts_only_where_it_was_asked(client, plan, worker, worker2):
    first = flagged_case(worker)
    add_father(first, worker)
    second = screen(assess(open_case(worker, **another_child()), worker), worker)
    add_father(second, worker)
    client.force_login(worker)
    data = {"kind": "note", "occurred_on": TODAY().isoformat(), "body": "Far ringede.", "no_family": "on"}
    page = client.post(reverse("cases:journal_add", args=[first.reference]), data).content.decode()
    token = re.search(r'name="mentions_token" value="([^"]+)"', page).group(1)
    answer = {**data, "mentions_confirmed": "on", "mentions_token": token}
    assert client.post(reverse("cases:journal_add", args=[second.reference]), answer).status_code == 409
    client.force_login(worker2)
    assert client.post(reverse("cases:journal_add", args=[first.reference]), answer).status_code == 409
    assert not JournalEntry.objects.exists()


def test_only_people_named_on_a_protected_case_release_its_held_reports(plan, worker, worker2, leader, make_user):
    from beredskab.cases.protection import case_protect

    case = case_protect(actor=leader, case=flagged_case(worker), reason="Slægtning i forvaltningen.", members=[worker])
    report = make_report()
    second_leader = make_user(Role.UNIT_LEADER, "straxen")
    with pytest.raises(CaseError, match="navngivet"):
        services.case_open(actor=second_leader, reports=[report], owner=worker, hold_release_reason=OVERRIDE_REASON)
    with pytest.raises(CaseError, match="navngivet"):
        services.case_open(actor=leader, reports=[report], owner=worker2, hold_release_reason=OVERRIDE_REASON)
    assert Case.objects.count() == 1 and case.pk


def test_a_failed_arrival_check_keeps_the_report_from_the_general_queue_until_it_has_run(
    plan, worker, worker2, leader, monkeypatch
):
    from django.core.management import call_command

    from beredskab.cases import holds
    from beredskab.intake.policies import report_policy

    flagged_case(worker)

    def broken(report):
        raise RuntimeError("lock timeout")

    monkeypatch.setattr(holds, "case_holding", broken)
    report = make_report()
    report.refresh_from_db()
    assert report.needs_check and not ReportHold.objects.filter(report=report).exists()
    assert not report_policy.can(worker2, "view", report) and report_policy.can(leader, "view", report)
    monkeypatch.undo()
    call_command("hold_waiting_reports")
    report.refresh_from_db()
    assert not report.needs_check and ReportHold.objects.filter(report=report).exists()


def test_a_shared_unit_neither_sees_nor_is_told_restricted_names(client, plan, worker, leader, other_worker):
    from beredskab.accounts.models import Unit

    case = flagged_case(worker)
    mother = add_parent(case, worker, name="Leila Hemmelig")
    _restrict_all_outside = services.restriction_add(
        actor=worker, case=case, item=mother, field_name="", audience="all_outside", reason="Sikkerhed for barnet."
    )
    services.case_share(
        actor=leader, case=refresh(case), unit=Unit.objects.get(code="familieraadgivning"), purpose="Samarbejde"
    )
    client.force_login(other_worker)
    url = reverse("cases:journal_add", args=[case.reference])
    assert "Hemmelig" not in client.get(url).content.decode()
    asked = client.post(url, {"kind": "note", "occurred_on": TODAY().isoformat(), "body": "Leila ringede."})
    assert asked.status_code == 409 and "Hemmelig" not in asked.content.decode()
    assert _restrict_all_outside


def test_nonsense_is_not_a_reason(flagged, leader):
    for nonsense in ("asdf qwer zxcv tyui ghjk", "test test test test testing"):
        with pytest.raises(CaseError):
            risk_services.gate_override_grant(actor=leader, case=flagged, reason=nonsense)


def test_a_question_about_names_is_audited_apart_from_refusals(flagged, worker):
    with pytest.raises(NetworkMentioned):
        services.journal_entry_add(actor=worker, case=flagged, kind="note", occurred_on=TODAY(), body="Mor ringede.")
    assert AuditEvent.objects.filter(action="cases.family_mention_asked").count() == 1
    assert not AuditEvent.objects.filter(action="cases.network_step_refused").exists()


def test_a_possible_perpetrator_is_contacted_only_on_a_recorded_yes(flagged, worker, worker2):
    father = add_father(flagged, worker, may_contact="unknown")
    approved_assessment(flagged, worker, worker2, perpetrators=[father])
    with pytest.raises(CaseError, match="mulig udøver"):
        services.network_step_record(
            actor=worker, case=refresh(flagged), kind="meeting", people=[father], occurred_on=TODAY(), summary="M."
        )
    services.case_person_update(actor=worker, person=father, may_contact="yes")
    services.network_step_record(
        actor=worker, case=refresh(flagged), kind="meeting", people=[refresh(father)], occurred_on=TODAY(), summary="M."
    )


def test_a_placement_involves_the_parents(flagged, worker):
    with pytest.raises(GateClosed):
        services.intervention_add(
            actor=worker, case=flagged, kind="placement", prevention_level="tertiary", starts_on=TODAY()
        )
