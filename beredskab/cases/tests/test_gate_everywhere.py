"""The risk gate on every path (barnets lov § 18, stk. 3): closed by default, about people not
pages, and opened only by a current assessment, an approved screening or a leader's override.

Each finding of the review that walked around the gate is a test here, and the property test
at the end enumerates every service of the case apps from the code: a new service that writes
case records without declaring what it involves, or that involves the family without asking
the gate, fails it."""

import datetime
import importlib
import inspect
import pkgutil
import re
import uuid

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from beredskab.accounts.roles import Role
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
from beredskab.core.policies import PolicyDenied
from beredskab.intake.services import report_submit
from beredskab.risk import services as risk_services
from beredskab.risk.gate import GateClosed, Involves, check_network_step, gate_decision
from beredskab.risk.mentions import NetworkMentioned
from beredskab.risk.models import Consultation, GateOverride, OverrideKind

from .factories import (
    CHILD_CPR,
    NOT_INVOLVED_REASON,
    OVERRIDE_REASON,
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
    report_input,
    screen,
)

TODAY = datetime.date.today


def _contact_father(case, worker, **fields):
    values = {"name": "Karim Testesen", "relation": "father", "possible_perpetrator": True, "may_contact": "unknown"}
    values.update(fields)
    return add_parent(case, worker, **values)


# --- finding 1: open by default ------------------------------------------------------------------


def test_a_public_report_with_signs_opens_a_case_with_the_gate_closed(plan, worker):
    """A public report with warning signs and "the family does not know": the case is flagged
    from the start, and contact with the father (a possible perpetrator) is refused before any
    assessment or screening."""
    report = make_report(family_knows="no", reporter_kind="private", reporter_name="")
    case = services.case_open(actor=worker, reports=[report])
    assert case.nsk_aerk_flag
    father = _contact_father(case, worker)
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


@pytest.fixture
def protected_case(plan, worker, leader):
    from beredskab.cases.protection import case_protect

    case = flagged_case(worker)
    return case_protect(actor=leader, case=case, reason="Morbror arbejder i forvaltningen.", members=[worker])


def _new_report_about_the_child(**overrides):
    report, _created = report_submit(actor=None, token=uuid.uuid4(), data=report_input(**overrides))
    return report


def test_a_new_report_about_a_protected_child_is_held_for_the_case(
    client, protected_case, worker, worker2, leader, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        report = _new_report_about_the_child(narrative="Ny bekymring fra skolen.")
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
    report = _new_report_about_the_child()
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
    report = _new_report_about_the_child(subject_cpr="", subject_birth_date=datetime.date(2011, 6, 15))
    # Matched by name and birth date (the case has them from the first report's CPR number).
    assert ReportHold.objects.get(report=report).case == case
    with pytest.raises(CaseError, match="allerede en sag"):
        services.case_open(actor=worker2, reports=[report])
    other = open_case(worker2, subject_cpr="010110-4236", subject_name="Anden Testesen")
    with pytest.raises(CaseError, match="anden sag"):
        services.case_add_report(actor=worker2, case=other, report=report)


def test_a_report_about_another_child_is_not_held(plan, worker):
    flagged_case(worker)
    report = _new_report_about_the_child(subject_cpr="010110-4236", subject_name="Nour Andersen")
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

    report = _new_report_about_the_child(narrative="Endnu en bekymring.")
    services.case_add_report(actor=worker, case=refresh(case), report=report)
    decision = gate_decision(refresh(case))
    assert not decision.allowed and "ny underretning" in decision.reason
    assert AuditEvent.objects.filter(action="cases.gate_reset").count() == 2


def test_a_new_report_ends_a_leaders_override(flagged, worker, leader):
    case = open_gate(flagged, leader)
    assert gate_decision(case).allowed
    report = _new_report_about_the_child()
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
    _contact_father(flagged, worker)
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
    _contact_father(flagged, worker)
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


# --- the property test: every writer, every person link, every gate state -------------------------

SERVICE_MODULES = (
    "beredskab.cases.services",
    "beredskab.cases.protection",
    "beredskab.cases.breakglass",
    "beredskab.risk.services",
)


def _modules_of(module_name: str) -> list[str]:
    """The module, and every module inside it when it is a package (services by topic)."""
    module = importlib.import_module(module_name)
    names = [module_name]
    if hasattr(module, "__path__"):
        names += [info.name for info in pkgutil.walk_packages(module.__path__, prefix=f"{module_name}.")]
    return names


def case_services():
    """Every public service of the case apps: a function taking the acting user as `actor=`,
    named by the module that defines it."""
    found = {}
    for module_name in (name for package in SERVICE_MODULES for name in _modules_of(package)):
        module = importlib.import_module(module_name)
        for name, function in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(function):
                continue
            if inspect.unwrap(function).__module__ != module_name:
                continue
            parameters = inspect.signature(inspect.unwrap(function)).parameters
            if "actor" in parameters and parameters["actor"].kind == inspect.Parameter.KEYWORD_ONLY:
                found[f"{module_name}.{name}"] = function
    return found


def test_every_case_service_declares_what_it_involves():
    services_found = case_services()
    assert len(services_found) > 30
    undeclared = [name for name, f in services_found.items() if not hasattr(f, "gate_involves")]
    assert not undeclared, f"Mark these services with @gated(...): {undeclared}"


# How each service that can involve a person is called with that person. A new service marked
# PEOPLE or ALWAYS must be added here, or test_every_involving_service_is_exercised fails.
def _journal(ctx):
    return services.journal_entry_add(
        actor=ctx["worker"],
        case=ctx["case"],
        kind="meeting",
        occurred_on=TODAY(),
        body="Møde.",
        participants=[ctx["p"]],
    )


def _task(ctx):
    return services.task_add(
        actor=ctx["worker"], case=ctx["case"], title="Kontakt", due_on=TODAY(), owner=ctx["worker"], people=[ctx["p"]]
    )


def _task_done(ctx):
    return services.task_close(actor=ctx["worker"], task=ctx["task"])


def _decision(ctx):
    return services.decision_record(
        actor=ctx["worker"],
        case=ctx["case"],
        kind="hearing",
        decided_on=TODAY(),
        title="Partshøring",
        text="Høring.",
        people=[ctx["p"]],
    )


def _intervention(ctx):
    return services.intervention_add(
        actor=ctx["worker"], case=ctx["case"], kind="family_support", prevention_level="secondary", starts_on=TODAY()
    )


def _share(ctx):
    from beredskab.accounts.models import Unit

    return services.case_share(
        actor=ctx["worker"],
        case=ctx["case"],
        unit=Unit.objects.get(code="familieraadgivning"),
        purpose=f"{ctx['p'].name} arbejder i enheden",
    )


def _network_step(ctx):
    return services.network_step_record(
        actor=ctx["worker"], case=ctx["case"], kind="letter", people=[ctx["p"]], occurred_on=TODAY(), summary="Brev."
    )


def _file_access(ctx):
    return services.file_access_release(actor=ctx["worker"], step=ctx["step"], person=ctx["p"])


def _consultation(ctx):
    return risk_services.consultation_record(
        actor=ctx["worker"],
        case=ctx["case"],
        partner_kind="other",
        partner_name=ctx["p"].name,
        consulted_on=TODAY(),
        identification="anonymised",
        question="Spørgsmål.",
        advice="Råd.",
    )


CALLS = {
    "beredskab.cases.services.journal.journal_entry_add": _journal,
    "beredskab.cases.services.journal.task_add": _task,
    "beredskab.cases.services.journal.task_close": _task_done,
    "beredskab.cases.services.decisions.decision_record": _decision,
    "beredskab.cases.services.decisions.intervention_add": _intervention,
    "beredskab.cases.services.sharing.case_share": _share,
    "beredskab.cases.services.network.network_step_record": _network_step,
    "beredskab.cases.services.network.file_access_release": _file_access,
    "beredskab.risk.services.consultations.consultation_record": _consultation,
}


def test_every_involving_service_is_exercised():
    involving = {name for name, f in case_services().items() if f.gate_involves != Involves.NEVER}
    assert involving == set(CALLS), f"Add a call for: {involving - set(CALLS)}; remove: {set(CALLS) - involving}"


PERSON_LINKS = {
    "parent": {"name": "Leila Testesen", "relation": "mother", "may_contact": "yes"},
    "family": {"name": "Yusuf Haddad", "relation": "uncle_aunt", "may_contact": "yes"},
    "perpetrator": {"name": "Omar Haddad", "relation": "sibling", "possible_perpetrator": True, "may_contact": "yes"},
    "network": {"name": "Samira Jensen", "relation": "friend", "may_contact": "yes"},
}
CLOSED_STATES = ("closed", "expired", "superseded", "returned")


_children = iter(range(1, 10_000))


def _another_child() -> dict:
    """Report fields about a child no other test case is about (so no report is held)."""
    n = next(_children)
    born = datetime.date(2010, 1, 1) + datetime.timedelta(days=n)
    return {"subject_cpr": f"{born:%d%m%y}-4{n % 1000:03d}", "subject_name": f"Barn{n} Syntetisk"}


def _context(worker, worker2, leader, link):
    case = screen(assess(open_case(worker, **_another_child()), worker), worker, flag=True)
    person = add_parent(case, worker, **PERSON_LINKS[link])
    ctx = {"case": case, "p": person, "worker": worker, "worker2": worker2, "leader": leader}
    # What some services act on is made while a leader holds the gate open, then it closes again.
    override = risk_services.gate_override_grant(actor=leader, case=case, reason=OVERRIDE_REASON)
    ctx["task"] = services.task_add(
        actor=worker, case=refresh(case), title="Kontakt", due_on=TODAY(), owner=worker, people=[person]
    )
    ctx["step"] = services.network_step_record(
        actor=worker, case=refresh(case), kind="file_access", people=[person], occurred_on=TODAY(), summary="Akt."
    )
    risk_services.gate_override_revoke(actor=leader, override=override)
    return ctx


def _put_gate_in(state, ctx):
    case, worker, worker2 = ctx["case"], ctx["worker"], ctx["worker2"]
    if state == "closed":
        return None
    approved_assessment(refresh(case), worker, worker2)
    if state == "superseded":
        risk_services.risk_assessment_start(actor=worker, case=refresh(case))
    if state == "returned":
        second = complete_assessment(refresh(case), worker)
        risk_services.risk_assessment_return(actor=worker2, assessment=second, note="Akut risiko vurderes høj nu.")
    if state == "expired":
        later = timezone.now() + datetime.timedelta(days=31)
        return time_machine.travel(later, tick=False)
    return None


def _counts():
    return (
        JournalEntry.objects.count(),
        Task.objects.filter(status="open").count(),
        Decision.objects.count(),
        Intervention.objects.count(),
        NetworkStep.objects.count(),
        Consultation.objects.count(),
        AuditEvent.objects.filter(action__in=["cases.case_shared", "cases.file_access_exported"]).count(),
    )


@pytest.mark.parametrize("link", list(PERSON_LINKS))
@pytest.mark.parametrize("service", sorted(CALLS))
def test_every_service_that_involves_a_person_is_refused_by_a_closed_gate(plan, worker, worker2, leader, service, link):
    for state in CLOSED_STATES:
        ctx = _context(worker, worker2, leader, link)
        travel = _put_gate_in(state, ctx)
        ctx["case"] = refresh(ctx["case"])
        before = _counts()
        refused = ["cases.network_step_refused", "cases.family_mention_asked"]
        refusals = AuditEvent.objects.filter(action__in=refused).count()
        if travel:
            travel.start()
        try:
            with pytest.raises(GateClosed):
                CALLS[service](ctx)
        finally:
            if travel:
                travel.stop()
        assert _counts() == before, (service, link, state)
        assert AuditEvent.objects.filter(action__in=refused).count() == refusals + 1, state


@pytest.mark.parametrize("service", sorted(CALLS))
def test_every_service_that_involves_a_person_is_allowed_by_a_current_assessment(
    plan, worker, worker2, leader, service
):
    ctx = _context(worker, worker2, leader, "perpetrator")
    _put_gate_in("open", ctx)
    ctx["case"] = refresh(ctx["case"])
    CALLS[service](ctx)


# --- the pages and the admin go through the same services -----------------------------------------


def test_the_pages_refuse_with_the_reason_and_keep_what_was_typed(client, flagged, worker):
    mother = add_parent(flagged, worker)
    client.force_login(worker)
    ref = flagged.reference
    posts = [
        ("cases:journal_add", {"kind": "meeting", "occurred_on": TODAY().isoformat(), "body": "Skrevet tekst."}),
        (
            "cases:decision_add",
            {"kind": "hearing", "decided_on": TODAY().isoformat(), "title": "Høring", "text": "Skrevet tekst."},
        ),
        ("cases:task_add", {"title": "Skrevet tekst.", "due_on": "2030-01-01", "owner": worker.pk}),
    ]
    for name, data in posts:
        response = client.post(reverse(name, args=[ref]), {**data, "people": [mother.pk]})
        page = response.content.decode()
        assert response.status_code == 409, name
        assert "§ 18, stk. 3" in page and "Skrevet tekst." in page, name
    family = client.post(
        reverse("cases:intervention_add", args=[ref]),
        {
            "kind": "family_support",
            "prevention_level": "secondary",
            "status": "active",
            "starts_on": TODAY().isoformat(),
        },
    )
    assert family.status_code == 409 and "§ 18, stk. 3" in family.content.decode()
    assert not (JournalEntry.objects.exists() or Decision.objects.exists() or Task.objects.exists())
    assert not Intervention.objects.exists()


def test_a_page_asks_about_family_names_at_a_checkbox_and_keeps_the_text(client, flagged, worker):
    _contact_father(flagged, worker)
    client.force_login(worker)
    url = reverse("cases:journal_add", args=[flagged.reference])
    data = {
        "kind": "phone",
        "occurred_on": TODAY().isoformat(),
        "body": "Samtale med Karim om skolen.",
        "no_family": "on",
    }
    asked = client.post(url, data)
    page = asked.content.decode()
    assert asked.status_code == 409
    assert 'type="checkbox" name="mentions_confirmed"' in page and 'id="id_mentions_confirmed_error"' in page
    assert "Samtale med Karim om skolen." in page
    # Ticking the box without having been asked (the hidden field in the first post) answers nothing.
    assert client.post(url, {**data, "mentions_confirmed": "on"}).status_code == 409
    token = re.search(r'name="mentions_token" value="([^"]+)"', page).group(1)
    # The answer covers what was asked, not a text changed afterwards to name someone else.
    changed = {**data, "body": "Samtale med Karim og far.", "mentions_confirmed": "on", "mentions_token": token}
    assert client.post(url, changed).status_code == 409
    assert client.post(url, {**data, "mentions_confirmed": "on", "mentions_token": token}).status_code == 302
    assert JournalEntry.objects.count() == 1


def test_only_the_network_step_can_be_added_in_the_admin_and_it_uses_the_service():
    from django.contrib import admin

    from beredskab.cases.admin import NetworkStepAdmin

    class Request:
        class user:
            is_active = is_staff = True

            @staticmethod
            def has_capability(capability):
                return True

    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in ("cases", "risk"):
            continue
        if isinstance(model_admin, NetworkStepAdmin):
            continue
        assert not model_admin.has_add_permission(Request), model
        assert not model_admin.has_change_permission(Request), model
        assert not model_admin.has_delete_permission(Request), model


# --- writers: no code outside the services writes case records --------------------------------------


def test_no_module_outside_the_services_writes_case_records():
    """Scan the code: creating, saving, updating or deleting rows of the case apps' models
    happens only in their service modules (and the migrations)."""
    import ast
    from pathlib import Path

    from django.apps import apps

    models = {m.__name__ for label in ("cases", "risk") for m in apps.get_app_config(label).get_models()}
    allowed = {
        "cases/services/",  # every module of the package
        "cases/protection.py",
        "cases/breakglass.py",
        "cases/holds.py",
        "cases/reminders.py",  # DeadlineReminder rows: which reminder went out
        "risk/services/",
        "cases/models/",  # append-only guards
        "risk/models.py",
    }
    root = Path(__file__).resolve().parents[2]
    offenders = []
    for path in root.rglob("*.py"):
        relative = path.relative_to(root).as_posix()
        in_allowed = relative in allowed or any(relative.startswith(a) for a in allowed if a.endswith("/"))
        if "/tests/" in f"/{relative}" or "/migrations/" in relative or in_allowed:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            if node.func.attr not in ("create", "bulk_create", "update", "delete", "get_or_create", "update_or_create"):
                continue
            chain = node.func.value
            is_manager = isinstance(chain, ast.Attribute) and chain.attr == "objects"
            if is_manager and isinstance(chain.value, ast.Name) and chain.value.id in models:
                offenders.append(f"{relative}:{node.lineno} {chain.value.id}.objects.{node.func.attr}")
    assert not offenders, offenders


def test_a_person_who_must_not_be_contacted_is_asked_about_even_with_an_open_gate(flagged, worker, worker2):
    """Found by the attack: a meeting with the mother whose summary says the barred father came."""
    mother = add_parent(flagged, worker)
    _contact_father(flagged, worker, may_contact="no", contact_note="Trusler mod pigen.")
    approved_assessment(flagged, worker, worker2)
    summary = "Karim Testesen kom med til mødet og talte med os."
    with pytest.raises(NetworkMentioned, match="Far"):
        services.network_step_record(
            actor=worker, case=refresh(flagged), kind="meeting", people=[mother], occurred_on=TODAY(), summary=summary
        )
    assert not NetworkStep.objects.exists()
    # Others in the family may be named freely while the gate is open.
    services.journal_entry_add(
        actor=worker, case=refresh(flagged), kind="note", occurred_on=TODAY(), body="Mor fortalte om skolen."
    )


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
    adult_report = _new_report_about_the_child(subject_cpr="", subject_birth_date=datetime.date(2008, 1, 1))
    assert ReportHold.objects.get(report=adult_report).case == case
    assert adult_report.receiving_unit.code != case.unit.code
    case_protect(actor=leader, case=refresh(case), reason="Slægtning i forvaltningen.", members=[worker])
    adult_report.refresh_from_db()
    assert adult_report.receiving_unit_id == case.unit_id
    assert report_policy.can(worker, "view", adult_report) and report_policy.can(leader, "view", adult_report)


def test_a_screening_from_before_a_new_report_cannot_open_the_gate(plan, worker, leader):
    case = screen(assess(open_case(worker), worker), worker, flag=False, outcome="no_action")
    services.case_add_report(actor=worker, case=case, report=_new_report_about_the_child(narrative="Truet."))
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
    father = _contact_father(flagged, worker, may_contact="yes")
    _new_report_about_the_child(narrative="Faren har truet hende.")
    with pytest.raises(GateClosed, match="ny underretning"):
        services.network_step_record(
            actor=worker, case=refresh(flagged), kind="meeting", people=[father], occurred_on=TODAY(), summary="Møde."
        )


def test_an_assessment_written_before_a_new_report_counts_only_once_confirmed(flagged, worker, worker2):
    completed = complete_assessment(flagged, worker)
    services.case_add_report(actor=worker, case=refresh(flagged), report=_new_report_about_the_child())
    risk_services.risk_assessment_approve(actor=worker2, assessment=completed)
    assert not gate_decision(refresh(flagged)).allowed


def test_a_decision_posted_from_a_page_shown_before_a_new_report_is_refused(client, flagged, worker, worker2):
    approved_assessment(flagged, worker, worker2)
    services.case_add_report(actor=worker, case=refresh(flagged), report=_new_report_about_the_child())
    client.force_login(worker)
    url = reverse("risk:confirm_assessment", args=[flagged.reference])
    page = client.get(url).content.decode()
    token = re.search(r'name="gate_token" value="([^"]*)"', page).group(1)
    services.case_add_report(actor=worker, case=refresh(flagged), report=_new_report_about_the_child(narrative="Mere."))
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
    _contact_father(flagged, worker)
    add_parent(flagged, worker, name="Bo Haddad", relation="uncle_aunt")
    with pytest.raises(NetworkMentioned):
        services.journal_entry_add(actor=worker, case=flagged, kind="note", occurred_on=TODAY(), body=text)


@pytest.mark.parametrize(
    "text", ["Barnet er i fare.", "Hun skal bo hos en veninde.", "Amira Testesen var glad.", "Skolen ringede."]
)
def test_ordinary_words_are_not_taken_for_family(flagged, worker, text):
    _contact_father(flagged, worker)
    add_parent(flagged, worker, name="Bo Haddad", relation="uncle_aunt")
    services.journal_entry_add(actor=worker, case=flagged, kind="note", occurred_on=TODAY(), body=text)


def test_a_middle_name_shared_with_the_father_still_names_him(flagged, worker):
    services.case_subject_update(actor=worker, case=flagged, name="Amira Karim Testesen", address="")
    _contact_father(flagged, worker)
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
    report = _new_report_about_the_child(
        subject_cpr="", subject_birth_date=datetime.date(2011, 6, 15), subject_name=name
    )
    assert ReportHold.objects.get(report=report).case == case


def test_a_cpr_typo_with_the_same_name_and_birth_date_is_held(plan, worker):
    case = flagged_case(worker)
    report = _new_report_about_the_child(subject_cpr="150611-4241")
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
    from beredskab.risk.services import reassessment_date_problem

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
    report = _new_report_about_the_child(narrative="Faren har truet med at sende hende til udlandet.")
    assert ReportHold.objects.get(report=report).case == flagged
    case = refresh(flagged)
    assert case.nsk_aerk_flag and not gate_decision(case).allowed


def test_a_new_report_goes_to_the_open_case_not_a_closed_one(plan, worker, worker2, leader):
    old = flagged_case(worker)
    services.case_close(actor=worker, case=refresh(old), outcome="merged")
    waiting = _new_report_about_the_child(narrative="Ny bekymring.")
    assert ReportHold.objects.get(report=waiting).case == old  # only the closed case exists
    new = services.case_open(actor=leader, reports=[waiting], owner=worker, hold_release_reason=OVERRIDE_REASON)
    later = _new_report_about_the_child(narrative="Endnu en bekymring.")
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
    report = _new_report_about_the_child(subject_cpr="", subject_birth_date=None, subject_name="amira  TESTESEN")
    assert ReportHold.objects.get(report=report).case == case
    from beredskab.intake.policies import report_policy

    assert not report_policy.can(worker2, "view", report)


def test_reports_waiting_are_held_once_the_case_learns_the_cpr_number(plan, worker, worker2):
    case = services.case_open(actor=worker, reports=[make_report(subject_cpr="", subject_name="Nour Andersen")])
    waiting = _new_report_about_the_child(subject_name="Nour Andersen", subject_cpr="010110-4236", narrative="To.")
    assert not ReportHold.objects.filter(report=waiting).exists()  # nothing to know the child by yet
    carrying = _new_report_about_the_child(subject_name="Nour Andersen", subject_cpr="010110-4236")
    ReportHold.objects.filter(report=carrying).delete()
    services.case_add_report(actor=worker, case=refresh(case), report=carrying)
    assert ReportHold.objects.get(report=waiting).case == case


def test_cpr_numbers_in_other_scripts_and_with_other_dashes_are_the_same_number(plan, worker):
    case = flagged_case(worker)
    for typed in ("١٥٠٦١١-٤٢٣٣", "１５０６１１－４２３３", "150611\u20134233", "150611\u22124233"):
        report = _new_report_about_the_child(subject_cpr=typed, subject_name="Ameera Testesen")
        assert report.subject_cpr == CHILD_CPR
        assert ReportHold.objects.get(report=report).case == case


def test_contact_the_family_started_is_recorded_honestly_and_tells_the_leaders(
    flagged, worker, leader, django_capture_on_commit_callbacks
):
    father = _contact_father(flagged, worker)
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
    _contact_father(case, worker)

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
    _contact_father(flagged, worker)
    with pytest.raises(NetworkMentioned):
        services.journal_entry_add(actor=worker, case=flagged, kind="note", occurred_on=TODAY(), body=text)


def test_an_answer_to_the_question_counts_only_where_it_was_asked(client, plan, worker, worker2):
    first = flagged_case(worker)
    _contact_father(first, worker)
    second = screen(assess(open_case(worker, **_another_child()), worker), worker)
    _contact_father(second, worker)
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
    report = _new_report_about_the_child()
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
    report = _new_report_about_the_child()
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
    father = _contact_father(flagged, worker, may_contact="unknown")
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
