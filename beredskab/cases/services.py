"""Every write to a children's case. Each service is one transaction, locks the case row
(`select_for_update`) before it changes anything, checks the case policy and the case's rules,
and writes its audit event in the same transaction. Audit values hold codes, ids and dates,
never names or free text.

Refusals raise `PolicyDenied` (who may) or `CaseError` (what the case allows, e.g. the risk
gate's `GateClosed`), each with a Danish reason the pages show as it is.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from beredskab.accounts.models import Unit, User
from beredskab.audit.purposes import Purpose
from beredskab.core import dates
from beredskab.core.references import next_reference
from beredskab.core.text import reason_problem
from beredskab.core.workdays import to_local
from beredskab.intake.models import Report
from beredskab.risk.gate import Involves, MentionsAnswer, check_mentions, gate_decision, gated, require_gate

from . import audit_actions, security_notices
from .case_events import audit_case_event, lock_case
from .errors import CaseError
from .gate_state import check_gate_token, flag_case, gate_changed, reset_gate, unflag_case
from .holds import check_release, hold_waiting_reports, inherit_safeguards, open_holds, release_holds
from .models import (
    ALLOWED_TRANSITIONS,
    CONTACT_DECISION_KINDS,
    CONTACT_JOURNAL_KINDS,
    FAMILY_INTERVENTION_KINDS,
    Audience,
    Case,
    CasePerson,
    CaseReport,
    CaseShare,
    CaseStatus,
    CaseStatusChange,
    Decision,
    DecisionKind,
    DisclosureRestriction,
    GateBasis,
    GateResetCause,
    Intervention,
    InterventionKind,
    InterventionStatus,
    JournalEntry,
    JournalKind,
    NetworkStep,
    NetworkStepKind,
    OutboundRelease,
    Screening,
    ScreeningOutcome,
    Task,
    TaskStatus,
    UrgentAssessment,
    YesNoUnknown,
)
from .policies import case_policy, lead_unit_ids, may_open_from_report, work_unit_ids

# --- helpers -------------------------------------------------------------------------------


def _require(user, action: str, case: Case) -> None:
    case_policy.require(user, action, case)


def _check_date(value: datetime.date | None, date_range: dates.DateRange) -> None:
    """Refuse a date outside its plausible range (the forms refuse it first, next to the field;
    this catches every other writer). Raises CaseError."""
    problem = date_range.problem(value)
    if problem:
        raise CaseError(problem)


def _check_case_worker(user: User, unit_id: int, case: Case | None = None) -> None:
    """Case work (owning the case, a task) goes to an active worker of the case's unit who may
    see the case: on a protected case, one of the people named on it."""
    if not user.is_active or unit_id not in work_unit_ids(user):
        raise CaseError(_("Sagsbehandleren skal være medarbejder i sagens enhed."))
    if case is not None and case_policy.hidden_by_protection(user, case):
        raise CaseError(_("Sagen er beskyttet. Vælg en af de medarbejdere, der er navngivet på sagen."))


# --- the workflow: the one place a status changes ------------------------------------------


def _transition_guard(case: Case, to_status: str) -> str | None:
    """Facts a status requires. Returns the Danish refusal, or None."""
    if to_status == CaseStatus.ASSESSED and case.case_reports.filter(urgent_assessment__isnull=True).exists():
        return _("Vurderingen inden for 24 timer er ikke registreret for alle underretninger.")
    if to_status == CaseStatus.SCREENED:
        last_change = case.status_changes.order_by("-changed_at", "-pk").first()
        screening = case.screenings.order_by("-screened_at", "-pk").first()
        if screening is None or (last_change and screening.screened_at < last_change.changed_at):
            return _("Sagen skal screenes først.")
    if to_status == CaseStatus.IN_PROGRESS:
        screening = case.screenings.order_by("-screened_at", "-pk").first()
        if screening is None or screening.outcome == ScreeningOutcome.NO_ACTION:
            return _("Screeningen har ikke ført til en afdækning eller en børnefaglig undersøgelse.")
    if to_status == CaseStatus.CLOSED:
        if not case.close_outcome:
            return _("Angiv sagens udfald.")
        open_tasks = case.tasks.filter(status=TaskStatus.OPEN).count()
        if open_tasks:
            return _("Sagen har %(count)s åbne opgaver. Afslut eller annullér dem først.") % {"count": open_tasks}
        active = case.interventions.exclude(status=InterventionStatus.ENDED).count()
        if active:
            return _("Sagen har %(count)s indsatser, der ikke er afsluttet. Afslut dem først.") % {"count": active}
    return None


def _transition(*, actor, case: Case, to_status: str, note: str = "") -> Case:
    """Change the status of a locked case, if the table and the case's facts allow it."""
    from_status = case.status
    if to_status not in ALLOWED_TRANSITIONS.get(from_status, frozenset()):
        raise CaseError(
            _("Sagen kan ikke gå fra “%(from)s” til “%(to)s”.")
            % {"from": CaseStatus(from_status).label, "to": CaseStatus(to_status).label}
        )
    refusal = _transition_guard(case, to_status)
    if refusal:
        raise CaseError(refusal)
    now = timezone.now()
    case.status = to_status
    case.save(update_fields=["status"])
    CaseStatusChange.objects.create(
        case=case, from_status=from_status, to_status=to_status, changed_at=now, changed_by=actor, note=note
    )
    audit_case_event(
        actor, audit_actions.CASE_STATUS_CHANGED, case, old={"status": from_status}, new={"status": to_status}
    )
    return case


@gated(Involves.NEVER)
@transaction.atomic
def case_transition(*, actor, case: Case, to_status: str, note: str = "") -> Case:
    """Change a case's status. The other services that change status (the 24-hour assessment,
    screening, closing, reopening) go through the same `_transition`."""
    locked = lock_case(case)
    if to_status == CaseStatus.REOPENED:
        return case_reopen(actor=actor, case=locked, reason=note)
    _require(actor, "work", locked)
    return _transition(actor=actor, case=locked, to_status=to_status, note=note)


# --- opening a case from reports -----------------------------------------------------------


def _subject_source(reports: list[Report]) -> Report:
    """The report whose facts about the child the case starts from: one with a CPR number if
    any, else the earliest."""
    with_cpr = [r for r in reports if r.subject_cpr_index]
    return (with_cpr or reports)[0]


def _check_same_person(indexes: set[str]) -> None:
    if len({i for i in indexes if i}) > 1:
        raise CaseError(_("Underretningerne handler om forskellige CPR-numre og kan ikke samles i én sag."))


@gated(Involves.NEVER)
@transaction.atomic
def case_open(*, actor, reports: list[Report], owner: User | None = None, hold_release_reason: str = "") -> Case:
    """Open a case from one or several reports about the same child, received by the same unit.

    A worker opens it for themselves (they claim it); a leader may give it to another worker.
    A report held for the child's protected or flagged case (`beredskab.cases.holds`) belongs
    on that case: only a leader of the unit may open a new case from it, with a written
    `hold_release_reason`, and the new case inherits the earlier case's safeguards."""
    if not reports:
        raise CaseError(_("Vælg mindst én underretning."))
    locked = list(
        Report.objects.select_for_update().filter(pk__in=[r.pk for r in reports]).order_by("received_at", "pk")
    )
    for report in locked:
        decision = may_open_from_report(actor, report)
        if not decision:
            raise CaseError(decision.reason)
    taken = CaseReport.objects.filter(report__in=locked).select_related("case", "report").first()
    if taken is not None:
        raise CaseError(
            _("Underretning %(report)s er allerede lagt på sag %(case)s.")
            % {"report": taken.report.reference, "case": taken.case.reference}
        )
    unit_ids = {r.receiving_unit_id for r in locked}
    if len(unit_ids) != 1:
        raise CaseError(_("Underretningerne er sendt til forskellige enheder."))
    _check_same_person({r.subject_cpr_index for r in locked})
    unit = Unit.objects.get(pk=unit_ids.pop())
    holds = open_holds(locked)
    if holds:
        if unit.pk not in lead_unit_ids(actor):
            raise CaseError(
                _(
                    "Barnet har allerede en sag, som underretningen hører til. Læg den på sagen, eller få en "
                    "leder til at beslutte en ny sag med en begrundelse."
                )
            )
        problem = reason_problem(hold_release_reason)
        if problem:
            raise CaseError(_("Skriv, hvorfor der skal være en ny sag.") + " " + problem)
        check_release(actor=actor, owner=owner or actor, holds=holds)
    owner = owner or actor
    if owner.pk != actor.pk and unit.pk not in lead_unit_ids(actor):
        raise CaseError(_("Kun en leder kan fordele en sag til en anden sagsbehandler."))
    _check_case_worker(owner, unit.pk)

    now = timezone.now()
    source = _subject_source(locked)
    case = Case.objects.create(
        reference=next_reference("K", to_local(now).year),
        unit=unit,
        owner=owner,
        status=CaseStatus.RECEIVED,
        opened_at=now,
        opened_by=actor,
        received_at=locked[0].received_at,
        subject_name=source.subject_name,
        subject_cpr=source.subject_cpr,
        subject_cpr_index=source.subject_cpr_index,
        subject_birth_date=source.subject_birth_date,
        subject_address=" ".join(p for p in [source.subject_address, source.subject_postcode] if p),
    )
    CaseStatusChange.objects.create(
        case=case, from_status="", to_status=CaseStatus.RECEIVED, changed_at=now, changed_by=actor
    )
    try:
        with transaction.atomic():
            for report in locked:
                CaseReport.objects.create(case=case, report=report, added_at=now, added_by=actor)
    except IntegrityError:
        raise CaseError(_("En af underretningerne er netop lagt på en anden sag. Prøv igen.")) from None
    audit_case_event(
        actor,
        audit_actions.CASE_OPENED,
        case,
        new={
            "reports": [r.reference for r in locked],
            "unit": unit.code,
            "owner_id": owner.pk,
            "held_for": sorted({h.case.reference for h in holds}),
        },
        purpose=Purpose.INTAKE,
    )
    if holds:
        release_holds(actor=actor, holds=holds, reason=hold_release_reason)
        inherit_safeguards(actor=actor, new_case=case, from_cases={h.case for h in holds})
    hold_waiting_reports(for_case=case)  # other waiting reports about the child belong here now
    return case


@gated(Involves.NEVER)
@transaction.atomic
def case_add_report(*, actor, case: Case, report: Report) -> CaseReport:
    """Put a further report about the same child on an open case. Its own clocks start."""
    case = lock_case(case)
    _require(actor, "work", case)
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.receiving_unit_id != case.unit_id:
        raise CaseError(_("Underretningen er sendt til en anden enhed end sagens."))
    if CaseReport.objects.filter(report=report).exists():
        raise CaseError(_("Underretningen er allerede lagt på en sag."))
    held = open_holds([report])
    if held and held[0].case_id != case.pk:
        raise CaseError(_("Underretningen hører til en anden sag om barnet."))
    already_reset = bool(held) and case.gate_reset_at is not None and case.gate_reset_at >= held[0].held_at
    _check_same_person({case.subject_cpr_index, report.subject_cpr_index})
    if report.subject_cpr_index and not case.subject_cpr_index:
        case.subject_cpr = report.subject_cpr
        case.subject_cpr_index = report.subject_cpr_index
        case.subject_birth_date = case.subject_birth_date or report.subject_birth_date
        case.save(update_fields=["subject_cpr", "subject_cpr_index", "subject_birth_date"])
        learned_more = True
    else:
        learned_more = False
    case_report = CaseReport.objects.create(case=case, report=report, added_at=timezone.now(), added_by=actor)
    audit_case_event(actor, audit_actions.CASE_REPORT_ADDED, case, target=case_report, new={"report": report.reference})
    if not already_reset:  # a held report closed the gate when it arrived
        reset_gate(actor=actor, case=case, cause=GateResetCause.NEW_REPORT)
    if learned_more:  # now known by CPR number: reports waiting about the child belong here
        hold_waiting_reports(for_case=case)
    return case_report


@gated(Involves.NEVER)
@transaction.atomic
def case_claim(*, actor, case: Case) -> Case:
    case = lock_case(case)
    _require(actor, "claim", case)
    if case.owner_id == actor.pk:
        return case  # pressed twice: already the owner, nothing changes
    old = case.owner_id
    case.owner = actor
    case.save(update_fields=["owner"])
    audit_case_event(actor, audit_actions.CASE_CLAIMED, case, old={"owner_id": old}, new={"owner_id": actor.pk})
    return case


@gated(Involves.NEVER)
@transaction.atomic
def case_assign(*, actor, case: Case, owner: User) -> Case:
    case = lock_case(case)
    _require(actor, "assign", case)
    if not case.is_open:
        raise CaseError(_("Sagen er lukket."))
    _check_case_worker(owner, case.unit_id, case)
    old = case.owner_id
    case.owner = owner
    case.save(update_fields=["owner"])
    audit_case_event(actor, audit_actions.CASE_ASSIGNED, case, old={"owner_id": old}, new={"owner_id": owner.pk})
    return case


# --- statutory clocks ----------------------------------------------------------------------


@gated(Involves.NEVER)
@transaction.atomic
def urgent_assessment_record(
    *,
    actor,
    case: Case,
    child_in_danger: str,
    acute_action_needed: bool,
    reasons: str,
    actions_taken: str = "",
    nsk_aerk_possible: bool = False,
    mentions_confirmed: MentionsAnswer = False,
) -> UrgentAssessment:
    """Barnets lov § 136: the assessment within 24 hours of receipt. It covers every report of
    the case that has none yet; the first one moves the case from received to assessed."""
    case = lock_case(case)
    _require(actor, "work", case)
    pending = list(case.case_reports.filter(urgent_assessment__isnull=True).select_related("report"))
    if not pending:
        raise CaseError(_("Alle sagens underretninger er allerede vurderet."))
    if child_in_danger not in YesNoUnknown.values:
        raise CaseError(_("Vælg, om barnet er i fare."))
    if acute_action_needed and not actions_taken.strip():
        raise CaseError(_("Beskriv de akutte handlinger."))
    check_mentions(case, [reasons, actions_taken], confirmed=mentions_confirmed, contacts_only=True)
    assessment = UrgentAssessment.objects.create(
        case=case,
        assessed_at=timezone.now(),
        assessed_by=actor,
        child_in_danger=child_in_danger,
        acute_action_needed=acute_action_needed,
        actions_taken=actions_taken,
        reasons=reasons,
    )
    CaseReport.objects.filter(pk__in=[cr.pk for cr in pending]).update(urgent_assessment=assessment)
    late = [
        cr.report.reference
        for cr in pending
        if assessment.assessed_at > cr.report.received_at + datetime.timedelta(hours=24)
    ]
    audit_case_event(
        actor,
        audit_actions.URGENT_ASSESSMENT_RECORDED,
        case,
        target=assessment,
        new={
            "reports": [cr.report.reference for cr in pending],
            "child_in_danger": child_in_danger,
            "acute_action_needed": acute_action_needed,
            "late": late,
        },
    )
    if nsk_aerk_possible:
        flag_case(actor=actor, case=case)
    if case.status == CaseStatus.RECEIVED:
        _transition(actor=actor, case=case, to_status=CaseStatus.ASSESSED)
    return assessment


def _lock_case_report(case_report: CaseReport) -> tuple[Case, CaseReport]:
    case = lock_case(case_report.case)
    return case, CaseReport.objects.select_for_update(of=("self",)).select_related("report").get(pk=case_report.pk)


@gated(Involves.NEVER)
@transaction.atomic
def receipt_record(*, actor, case_report: CaseReport, sent_on: datetime.date, channel: str) -> CaseReport:
    """§ 137: the receipt to a named reporter was sent (the letter is `views.receipt_letter`)."""
    case, case_report = _lock_case_report(case_report)
    _require(actor, "reply", case)
    if not case_report.needs_receipt:
        raise CaseError(_("Indberetteren er anonym og får ingen kvittering."))
    if sent_on < to_local(case_report.report.received_at).date() or sent_on > to_local(timezone.now()).date():
        raise CaseError(_("Datoen skal ligge mellem modtagelsen og i dag."))
    old = {"sent_on": case_report.receipt_sent_on, "channel": case_report.receipt_channel}
    case_report.receipt_sent_on = sent_on
    case_report.receipt_channel = channel
    case_report.receipt_recorded_by = actor
    case_report.save(update_fields=["receipt_sent_on", "receipt_channel", "receipt_recorded_by"])
    audit_case_event(
        actor,
        audit_actions.RECEIPT_RECORDED,
        case,
        target=case_report,
        old=old,
        new={"report": case_report.report.reference, "sent_on": sent_on, "channel": channel},
    )
    return case_report


@gated(Involves.NEVER)
@transaction.atomic
def feedback_record(
    *, actor, case_report: CaseReport, sent_on: datetime.date, outcome: str, channel: str
) -> CaseReport:
    """§ 137: a professional reporter is told whether an afdækning, an investigation or support
    was started."""
    case, case_report = _lock_case_report(case_report)
    _require(actor, "reply", case)
    if not case_report.needs_feedback:
        raise CaseError(_("Kun fagpersoner, der har underrettet, får en tilbagemelding."))
    if sent_on < to_local(case_report.report.received_at).date() or sent_on > to_local(timezone.now()).date():
        raise CaseError(_("Datoen skal ligge mellem modtagelsen og i dag."))
    old = {"sent_on": case_report.feedback_sent_on, "outcome": case_report.feedback_outcome}
    case_report.feedback_sent_on = sent_on
    case_report.feedback_outcome = outcome
    case_report.feedback_channel = channel
    case_report.feedback_recorded_by = actor
    case_report.save(update_fields=["feedback_sent_on", "feedback_outcome", "feedback_channel", "feedback_recorded_by"])
    audit_case_event(
        actor,
        audit_actions.FEEDBACK_RECORDED,
        case,
        target=case_report,
        old=old,
        new={"report": case_report.report.reference, "sent_on": sent_on, "outcome": outcome, "channel": channel},
    )
    return case_report


# --- screening and the NSK/ÆRK flag --------------------------------------------------------

SCREENABLE = frozenset({CaseStatus.ASSESSED, CaseStatus.SCREENED, CaseStatus.IN_PROGRESS, CaseStatus.REOPENED})


@gated(Involves.NEVER)
@transaction.atomic
def screening_record(
    *,
    actor,
    case: Case,
    outcome: str,
    reasons: str,
    nsk_aerk_possible: bool,
    earlier_honour_conflicts: str,
    earlier_conflicts_note: str = "",
    not_involved_reason: str = "",
    mentions_confirmed: MentionsAnswer = False,
) -> Screening:
    """Barnets lov § 18: no further action, an afdækning or a børnefaglig undersøgelse; whether
    NSK/ÆRK may be involved, and earlier honour-related conflicts.

    The risk gate stays closed either way: a screening that rules NSK/ÆRK out needs a written
    `not_involved_reason` and opens the gate only when a leader approves it
    (`screening_gate_approve`)."""
    case = lock_case(case)
    _require(actor, "work", case)
    if case.status not in SCREENABLE:
        raise CaseError(_("Registrér vurderingen inden for 24 timer, før sagen screenes."))
    if case.case_reports.filter(urgent_assessment__isnull=True).exists():
        raise CaseError(_("En underretning mangler vurderingen inden for 24 timer."))
    if outcome not in ScreeningOutcome.values:
        raise CaseError(_("Vælg screeningens udfald."))
    if earlier_honour_conflicts not in YesNoUnknown.values:
        raise CaseError(_("Angiv, om der har været tidligere æresrelaterede konflikter."))
    if not nsk_aerk_possible:
        problem = reason_problem(not_involved_reason)
        if problem:
            raise CaseError(_("Skriv, hvorfor NSK/ÆRK ikke er involveret.") + " " + problem)
    # (The reason for ruling NSK/ÆRK out is about the family by nature, and a leader reads it.)
    check_mentions(case, [reasons, earlier_conflicts_note], confirmed=mentions_confirmed, contacts_only=True)
    # Until a leader approves a screening that rules NSK/ÆRK out, the flag stands (set before
    # the screening, so that the screening is the newer of the two).
    flag_case(actor=actor, case=case)
    screening = Screening.objects.create(
        case=case,
        screened_at=timezone.now(),
        screened_by=actor,
        outcome=outcome,
        reasons=reasons,
        nsk_aerk_possible=nsk_aerk_possible,
        not_involved_reason="" if nsk_aerk_possible else not_involved_reason,
        earlier_honour_conflicts=earlier_honour_conflicts,
        earlier_conflicts_note=earlier_conflicts_note,
    )
    old_earlier = case.earlier_honour_conflicts
    case.earlier_honour_conflicts = earlier_honour_conflicts
    case.save(update_fields=["earlier_honour_conflicts"])
    audit_case_event(
        actor,
        audit_actions.SCREENING_RECORDED,
        case,
        target=screening,
        old={"earlier_honour_conflicts": old_earlier},
        new={
            "outcome": outcome,
            "nsk_aerk_possible": nsk_aerk_possible,
            "earlier_honour_conflicts": earlier_honour_conflicts,
        },
    )
    gate_changed(case)
    if case.status in (CaseStatus.ASSESSED, CaseStatus.REOPENED):
        _transition(actor=actor, case=case, to_status=CaseStatus.SCREENED)
    return screening


@gated(Involves.NEVER)
@transaction.atomic
def screening_gate_approve(*, actor, screening: Screening, seen_gate_token: str | None = None) -> Screening:
    """Four eyes on a screening that rules NSK/ÆRK out: a leader of the case's unit who did not
    screen approves it, and the gate opens (basis "screened out"). Only the latest screening,
    and only if it was made after the last new report or reopening."""
    case = lock_case(screening.case)
    case_policy.require(actor, "lead", case)
    _require(actor, "work", case)
    check_gate_token(case, seen_gate_token)
    screening = Screening.objects.select_for_update().get(pk=screening.pk)
    latest = case.screenings.order_by("-screened_at", "-pk").first()
    if latest is None or latest.pk != screening.pk:
        raise CaseError(_("Kun den seneste screening kan godkendes."))
    if case.gate_reset_at and screening.screened_at < case.gate_reset_at:
        raise CaseError(_("Screeningen er fra før den nye underretning eller genåbningen. Screen sagen igen."))
    if case.nsk_aerk_flagged_at and case.nsk_aerk_flagged_at > screening.screened_at:
        raise CaseError(_("Sagen er markeret med mulig NSK/ÆRK efter screeningen. Screen sagen igen."))
    if screening.nsk_aerk_possible:
        raise CaseError(_("Screeningen konkluderer ikke, at NSK/ÆRK er udelukket."))
    if screening.gate_approved_at is not None:
        raise CaseError(_("Screeningen er allerede godkendt."))
    if screening.screened_by_id == actor.pk:
        raise CaseError(_("Fire øjne: en anden leder end den, der screenede, skal godkende."))
    screening.gate_approved_at = timezone.now()
    screening.gate_approved_by = actor
    screening.save(update_fields=["gate_approved_at", "gate_approved_by"])
    audit_case_event(actor, audit_actions.SCREENING_GATE_APPROVED, case, target=screening, purpose=Purpose.SUPERVISION)
    unflag_case(actor=actor, case=case, basis=GateBasis.SCREENED_OUT)
    return screening


@gated(Involves.NEVER)
@transaction.atomic
def case_flag_set(*, actor, case: Case) -> Case:
    """Mark that NSK/ÆRK may be involved (any case worker). Removing the mark is a leader's
    override with a reason (`beredskab.risk.services.gate_not_involved`), or a screening that
    rules it out, approved by a leader (`screening_gate_approve`)."""
    case = lock_case(case)
    _require(actor, "work", case)
    flag_case(actor=actor, case=case)
    return case


@gated(Involves.NEVER)
@transaction.atomic
def case_subject_update(*, actor, case: Case, name: str, address: str) -> Case:
    """Correct the child's name or record a new address (restrict its disclosure separately)."""
    case = lock_case(case)
    _require(actor, "work", case)
    changed = [f for f, v in (("subject_name", name), ("subject_address", address)) if getattr(case, f) != v]
    case.subject_name = name
    case.subject_address = address
    case.save(update_fields=["subject_name", "subject_address"])
    audit_case_event(actor, audit_actions.SUBJECT_UPDATED, case, new={"changed": changed})
    hold_waiting_reports(for_case=case)  # known by another name now: reports waiting about the child
    return case


# --- family and network, and the steps that involve them -----------------------------------

PERSON_FIELDS = (
    "name",
    "relation",
    "birth_year",
    "lives_abroad",
    "contact_details",
    "possible_perpetrator",
    "may_contact",
    "contact_note",
    "notes",
)
_PERSON_AUDITED = ("relation", "birth_year", "lives_abroad", "possible_perpetrator", "may_contact")


@gated(Involves.NEVER)
@transaction.atomic
def case_person_add(*, actor, case: Case, **fields) -> CasePerson:
    case = lock_case(case)
    _require(actor, "work", case)
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"Unknown person fields: {sorted(unknown)}")
    person = CasePerson.objects.create(case=case, added_at=timezone.now(), added_by=actor, **fields)
    audit_case_event(
        actor,
        audit_actions.PERSON_ADDED,
        case,
        target=person,
        new={f: getattr(person, f) for f in _PERSON_AUDITED},
    )
    return person


@gated(Involves.NEVER)
@transaction.atomic
def case_person_update(*, actor, person: CasePerson, **fields) -> CasePerson:
    case = lock_case(person.case)
    _require(actor, "work", case)
    person = CasePerson.objects.select_for_update().get(pk=person.pk)
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"Unknown person fields: {sorted(unknown)}")
    old = {f: getattr(person, f) for f in _PERSON_AUDITED}
    changed = [f for f, v in fields.items() if getattr(person, f) != v]
    for name, value in fields.items():
        setattr(person, name, value)
    person.save()
    audit_case_event(
        actor,
        audit_actions.PERSON_UPDATED,
        case,
        target=person,
        old=old,
        new={**{f: getattr(person, f) for f in _PERSON_AUDITED}, "changed": changed},
    )
    return person


@gated(Involves.ALWAYS)
@transaction.atomic
def network_step_record(
    *,
    actor,
    case: Case,
    kind: str,
    people: list[CasePerson],
    occurred_on: datetime.date,
    summary: str,
    mentions_confirmed: MentionsAnswer = False,
) -> NetworkStep:
    """Record contact, a letter, a meeting, shared documents or file access involving the
    parents or the network. The risk gate decides first; a refusal is itself audited. A
    summary naming someone who must not be contacted is asked about."""
    case = lock_case(case)
    _require(actor, "work", case)
    if kind not in NetworkStepKind.values:
        raise CaseError(_("Vælg, hvilket skridt det er."))
    _check_date(occurred_on, dates.PAST_EVENT)
    people = list(CasePerson.objects.filter(case=case, pk__in=[p.pk for p in people]))
    if not people:
        raise CaseError(_("Vælg mindst én person fra familie og netværk."))
    decision = require_gate(case, what=NetworkStepKind(kind).label, people=people, planned=True)
    mentions = check_mentions(case, [summary], named=people, relation_words=False, confirmed=mentions_confirmed)
    step = NetworkStep.objects.create(
        case=case,
        kind=kind,
        occurred_on=occurred_on,
        summary=summary,
        recorded_at=timezone.now(),
        recorded_by=actor,
        gate_basis=decision.basis,
        risk_assessment=decision.assessment,
        gate_override=decision.override,
    )
    step.people.set(people)
    audit_case_event(
        actor,
        audit_actions.NETWORK_STEP_RECORDED,
        case,
        target=step,
        new={
            "kind": kind,
            "people": [p.pk for p in people],
            "gate": decision.audit_values(),
            "occurred_on": occurred_on,
            "mentions_confirmed": bool(mentions),
        },
    )
    return step


@gated(Involves.ALWAYS)
@transaction.atomic
def file_access_release(*, actor, step: NetworkStep, person: CasePerson) -> NetworkStep:
    """Hand a family or network member what their recorded file access (aktindsigt) covers.
    The gate is asked again now: an assessment may have run out since the step was recorded."""
    case = lock_case(step.case)
    if not case_policy.is_team(actor, case):
        raise CaseError(_("Kun sagens enhed kan danne aktindsigt."))
    step = NetworkStep.objects.get(pk=step.pk)
    if step.kind != NetworkStepKind.FILE_ACCESS or not step.people.filter(pk=person.pk).exists():
        raise CaseError(_("Personen har ikke fået aktindsigt i dette skridt."))
    decision = require_gate(case, what=NetworkStepKind.FILE_ACCESS.label, people=[person], planned=True)
    audit_case_event(
        actor,
        audit_actions.FILE_ACCESS_EXPORTED,
        case,
        target=step,
        new={"person": person.pk, "gate": decision.audit_values()},
    )
    return step


def _gate_people(case: Case, people) -> list[CasePerson]:
    """The chosen people, as the case's own rows (anything else is refused)."""
    chosen = list(people or [])
    found = list(CasePerson.objects.filter(case=case, pk__in=[p.pk for p in chosen]))
    if len(found) != len({p.pk for p in chosen}):
        raise CaseError(_("Vælg personer fra sagens familie og netværk."))
    return found


def _who_took_part(*, kind_needs_answer: bool, people: list, no_family: bool, question: str) -> None:
    if people and no_family:
        raise CaseError(_("Vælg enten personer fra familien eller “Ingen fra familie eller netværk”."))
    if kind_needs_answer and not people and not no_family:
        raise CaseError(question)


# --- journal, tasks, decisions, interventions ----------------------------------------------


@gated(Involves.PEOPLE)
@transaction.atomic
def journal_entry_add(
    *,
    actor,
    case: Case,
    kind: str,
    occurred_on: datetime.date,
    body: str,
    corrects: JournalEntry | None = None,
    participants=(),
    no_family: bool = False,
    mentions_confirmed: MentionsAnswer = False,
) -> JournalEntry:
    """Append an entry. A correction is a new entry pointing to the one it corrects.

    An entry that records a contact (phone call, meeting, correspondence) names who from the
    family or network took part (`participants`) or says nobody did (`no_family`); entries with
    participants pass the risk gate, and names of family members in the text are asked about."""
    case = lock_case(case)
    _require(actor, "write_journal", case)
    if corrects is not None and corrects.case_id != case.pk:
        raise CaseError(_("Rettelsen skal høre til samme sag."))
    if kind not in JournalKind.values:
        raise CaseError(_("Vælg notatets type."))
    _check_date(occurred_on, dates.PAST_EVENT)
    participants = _gate_people(case, participants)
    family_initiated = kind == JournalKind.FAMILY_INITIATED
    if family_initiated and (not participants or no_family):
        raise CaseError(_("Vælg, hvem fra familie eller netværk der henvendte sig."))
    _who_took_part(
        kind_needs_answer=kind in CONTACT_JOURNAL_KINDS,
        people=participants,
        no_family=no_family,
        question=_("Angiv, hvem fra familie og netværk der deltog, eller at ingen fra familie eller netværk deltog."),
    )
    if family_initiated:
        # What happened is recorded as it happened; it decides nothing and opens nothing.
        gate = None
        gate_closed = not gate_decision(case).allowed
    else:
        gate = require_gate(case, what=_("Et journalnotat om kontakt med familie eller netværk"), people=participants)
        gate_closed = False
    mentions = check_mentions(case, [body], named=participants, confirmed=mentions_confirmed, writer=actor)
    number = (case.journal.aggregate(n=Max("number"))["n"] or 0) + 1
    if case_policy.is_team(actor, case):
        author_unit_id = case.unit_id
    else:
        author_unit_id = min(case_policy.shared_unit_ids(actor, case), default=None)
    entry = JournalEntry.objects.create(
        case=case,
        number=number,
        kind=kind,
        occurred_on=occurred_on,
        body=body,
        created_at=timezone.now(),
        author=actor,
        author_unit_id=author_unit_id,
        corrects=corrects,
    )
    entry.participants.set(participants)
    purpose = Purpose.CASE_WORK if case_policy.is_team(actor, case) else Purpose.COLLABORATION
    audit_case_event(
        actor,
        audit_actions.JOURNAL_ENTRY_ADDED,
        case,
        target=entry,
        new={
            "number": number,
            "kind": kind,
            "corrects": corrects.number if corrects else None,
            "participants": [p.pk for p in participants],
            "gate": gate.audit_values() if gate else None,
            "mentions_confirmed": bool(mentions),
            "family_initiated_while_closed": gate_closed,
        },
        purpose=purpose,
    )
    if gate_closed:
        security_notices.notify_on_commit(security_notices.FAMILY_CONTACT, case.pk)
    return entry


@gated(Involves.PEOPLE)
@transaction.atomic
def task_add(
    *,
    actor,
    case: Case,
    title: str,
    due_on: datetime.date,
    owner: User,
    details: str = "",
    people=(),
    mentions_confirmed: MentionsAnswer = False,
) -> Task:
    """A task with a due date for a worker of the case's unit. A task that is a contact with
    the family or network names them (`people`) and passes the risk gate when it is made and
    again when it is done."""
    case = lock_case(case)
    _require(actor, "work", case)
    _check_case_worker(owner, case.unit_id, case)
    _check_date(due_on, dates.TASK_DUE)
    people = _gate_people(case, people)
    gate = require_gate(case, what=_("En opgave om kontakt med familie eller netværk"), people=people, planned=True)
    mentions = check_mentions(case, [title, details], named=people, confirmed=mentions_confirmed)
    task = Task.objects.create(
        case=case,
        title=title,
        details=details,
        due_on=due_on,
        owner=owner,
        created_at=timezone.now(),
        created_by=actor,
    )
    task.people.set(people)
    audit_case_event(
        actor,
        audit_actions.TASK_ADDED,
        case,
        target=task,
        new={
            "due_on": due_on,
            "owner_id": owner.pk,
            "people": [p.pk for p in people],
            "gate": gate.audit_values() if gate else None,
            "mentions_confirmed": bool(mentions),
        },
    )
    return task


@gated(Involves.PEOPLE)
@transaction.atomic
def task_close(*, actor, task: Task, status: str = TaskStatus.DONE) -> Task:
    case = lock_case(task.case)
    _require(actor, "work", case)
    task = Task.objects.select_for_update().get(pk=task.pk)
    if task.status != TaskStatus.OPEN:
        raise CaseError(_("Opgaven er allerede afsluttet."))
    if status not in (TaskStatus.DONE, TaskStatus.CANCELLED):
        raise CaseError(_("Ukendt status."))
    if status == TaskStatus.DONE:
        require_gate(
            case, what=_("En opgave om kontakt med familie eller netværk"), people=task.people.all(), planned=True
        )
    task.status = status
    task.completed_at = timezone.now()
    task.completed_by = actor
    task.save(update_fields=["status", "completed_at", "completed_by"])
    audit_case_event(
        actor, audit_actions.TASK_CLOSED, case, target=task, old={"status": TaskStatus.OPEN}, new={"status": status}
    )
    return task


@gated(Involves.PEOPLE)
@transaction.atomic
def decision_record(
    *,
    actor,
    case: Case,
    kind: str,
    decided_on: datetime.date,
    title: str,
    text: str,
    legal_basis: str = "",
    people=(),
    no_family: bool = False,
    mentions_confirmed: MentionsAnswer = False,
) -> Decision:
    """A decision in the case. An afgørelse is notified to the parties and a partshøring asks
    them (forvaltningsloven §§ 19, 22): the worker names who from the family or network
    (`people`) or says nobody (`no_family`), and with people the risk gate decides."""
    case = lock_case(case)
    _require(actor, "work", case)
    if kind not in DecisionKind.values:
        raise CaseError(_("Vælg beslutningens type."))
    _check_date(decided_on, dates.PAST_EVENT)
    people = _gate_people(case, people)
    _who_took_part(
        kind_needs_answer=kind in CONTACT_DECISION_KINDS,
        people=people,
        no_family=no_family,
        question=_("Angiv, hvem fra familie og netværk der er part og høres eller får afgørelsen, eller at ingen er."),
    )
    gate = require_gate(case, what=DecisionKind(kind).label, people=people, planned=True)
    mentions = check_mentions(case, [title, text, legal_basis], named=people, confirmed=mentions_confirmed)
    decision = Decision.objects.create(
        case=case,
        kind=kind,
        decided_on=decided_on,
        title=title,
        text=text,
        legal_basis=legal_basis,
        recorded_at=timezone.now(),
        decided_by=actor,
    )
    decision.people.set(people)
    audit_case_event(
        actor,
        audit_actions.DECISION_RECORDED,
        case,
        target=decision,
        new={
            "kind": kind,
            "decided_on": decided_on,
            "people": [p.pk for p in people],
            "gate": gate.audit_values() if gate else None,
            "mentions_confirmed": bool(mentions),
        },
    )
    return decision


@gated(Involves.PEOPLE)
@transaction.atomic
def intervention_add(
    *,
    actor,
    case: Case,
    kind: str,
    prevention_level: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    legal_basis: str = "",
    description: str = "",
    status: str = InterventionStatus.ACTIVE,
    mentions_confirmed: MentionsAnswer = False,
) -> Intervention:
    """An intervention at one of the plan's prevention levels. One that works with the family
    itself (`FAMILY_INTERVENTION_KINDS`) involves the parents, so the risk gate decides."""
    case = lock_case(case)
    _require(actor, "work", case)
    if kind not in InterventionKind.values:
        raise CaseError(_("Vælg indsatsen."))
    _check_date(starts_on, dates.INTERVENTION_START)
    _check_date(ends_on, dates.INTERVENTION_END)
    family = kind in FAMILY_INTERVENTION_KINDS
    gate = require_gate(case, what=InterventionKind(kind).label, family=family)
    mentions = check_mentions(case, [description], confirmed=mentions_confirmed)
    if ends_on and ends_on < starts_on:
        raise CaseError(_("Slutdatoen ligger før startdatoen."))
    if status == InterventionStatus.ENDED:
        raise CaseError(_("En ny indsats er planlagt eller i gang."))
    intervention = Intervention.objects.create(
        case=case,
        kind=kind,
        prevention_level=prevention_level,
        starts_on=starts_on,
        ends_on=ends_on,
        legal_basis=legal_basis,
        description=description,
        status=status,
        created_at=timezone.now(),
        created_by=actor,
    )
    audit_case_event(
        actor,
        audit_actions.INTERVENTION_ADDED,
        case,
        target=intervention,
        new={
            "kind": kind,
            "prevention_level": prevention_level,
            "starts_on": starts_on,
            "status": status,
            "gate": gate.audit_values() if gate else None,
            "mentions_confirmed": bool(mentions),
        },
    )
    return intervention


@gated(Involves.NEVER)
@transaction.atomic
def intervention_end(
    *,
    actor,
    intervention: Intervention,
    ended_on: datetime.date,
    note: str = "",
    mentions_confirmed: MentionsAnswer = False,
) -> Intervention:
    case = lock_case(intervention.case)
    _require(actor, "work", case)
    check_mentions(case, [note], confirmed=mentions_confirmed, contacts_only=True)
    intervention = Intervention.objects.select_for_update().get(pk=intervention.pk)
    if intervention.status == InterventionStatus.ENDED:
        raise CaseError(_("Indsatsen er allerede afsluttet."))
    _check_date(ended_on, dates.INTERVENTION_END)
    if ended_on < intervention.starts_on:
        raise CaseError(_("Slutdatoen ligger før startdatoen."))
    old = {"status": intervention.status, "ends_on": intervention.ends_on}
    intervention.status = InterventionStatus.ENDED
    intervention.ends_on = ended_on
    intervention.end_note = note
    intervention.save(update_fields=["status", "ends_on", "end_note"])
    audit_case_event(
        actor,
        audit_actions.INTERVENTION_ENDED,
        case,
        target=intervention,
        old=old,
        new={"status": InterventionStatus.ENDED, "ends_on": ended_on},
    )
    return intervention


# --- collaboration with other units --------------------------------------------------------


@gated(Involves.PEOPLE)
@transaction.atomic
def case_share(*, actor, case: Case, unit: Unit, purpose: str, mentions_confirmed: MentionsAnswer = False) -> CaseShare:
    """Share the case with a named unit for a stated purpose (audited; revocable). A purpose
    that names the family or network is asked about while the risk gate is closed."""
    case = lock_case(case)
    _require(actor, "share", case)
    if unit.pk == case.unit_id:
        raise CaseError(_("Sagen hører allerede til den enhed."))
    if not purpose.strip():
        raise CaseError(_("Skriv formålet med delingen."))
    check_mentions(case, [purpose], confirmed=mentions_confirmed)
    if case.shares.filter(unit=unit, revoked_at__isnull=True).exists():
        raise CaseError(_("Sagen er allerede delt med %(unit)s.") % {"unit": unit.name})
    share = CaseShare.objects.create(case=case, unit=unit, purpose=purpose, shared_at=timezone.now(), shared_by=actor)
    audit_case_event(
        actor, audit_actions.CASE_SHARED, case, target=share, new={"unit": unit.code}, purpose=Purpose.COLLABORATION
    )
    return share


@gated(Involves.NEVER)
@transaction.atomic
def case_share_revoke(*, actor, share: CaseShare, reason: str = "") -> CaseShare:
    case = lock_case(share.case)
    if not (case_policy.is_lead(actor, case) or (case.owner_id == actor.pk and case_policy.is_team(actor, case))):
        case_policy.require(actor, "lead", case)
    share = CaseShare.objects.select_for_update(of=("self",)).select_related("unit").get(pk=share.pk)
    if share.revoked_at is not None:
        raise CaseError(_("Delingen er allerede tilbagekaldt."))
    share.revoked_at = timezone.now()
    share.revoked_by = actor
    share.revoke_reason = reason
    share.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    audit_case_event(
        actor,
        audit_actions.CASE_SHARE_REVOKED,
        case,
        target=share,
        new={"unit": share.unit.code},
        purpose=Purpose.COLLABORATION,
    )
    return share


# --- disclosure restrictions ---------------------------------------------------------------


def _item_belongs_to(item, case: Case) -> bool:
    if isinstance(item, Case):
        return item.pk == case.pk
    return getattr(item, "case_id", None) == case.pk


@gated(Involves.NEVER)
@transaction.atomic
def restriction_add(
    *, actor, case: Case, item, field_name: str, audience: str, reason: str, person: CasePerson | None = None
) -> DisclosureRestriction:
    """ "Not to be disclosed to X, because ...", on an item of the case or one of its fields."""
    case = lock_case(case)
    _require(actor, "work", case)
    if not _item_belongs_to(item, case):
        raise CaseError(_("Oplysningen hører ikke til sagen."))
    if audience not in Audience.values:
        raise CaseError(_("Vælg, hvem oplysningen ikke må videregives til."))
    if audience == Audience.PERSON and (person is None or person.case_id != case.pk):
        raise CaseError(_("Vælg personen fra sagens familie og netværk."))
    if not reason.strip():
        raise CaseError(_("Skriv begrundelsen."))
    restriction = DisclosureRestriction.objects.create(
        case=case,
        content_type=ContentType.objects.get_for_model(type(item)),
        object_id=item.pk,
        field_name=field_name,
        audience=audience,
        person=person if audience == Audience.PERSON else None,
        reason=reason,
        created_at=timezone.now(),
        created_by=actor,
    )
    audit_case_event(
        actor,
        audit_actions.RESTRICTION_ADDED,
        case,
        target=restriction,
        new={"item": f"{item._meta.label_lower}:{item.pk}", "field": field_name, "audience": audience},
    )
    return restriction


@gated(Involves.NEVER)
@transaction.atomic
def restriction_lift(*, actor, restriction: DisclosureRestriction) -> DisclosureRestriction:
    """Lift a restriction: its author or a leader."""
    case = lock_case(restriction.case)
    _require(actor, "work", case)
    restriction = DisclosureRestriction.objects.select_for_update().get(pk=restriction.pk)
    if restriction.created_by_id != actor.pk and not case_policy.is_lead(actor, case):
        raise CaseError(_("Kun den, der oprettede begrænsningen, eller en leder kan ophæve den."))
    if restriction.lifted_at is not None:
        raise CaseError(_("Begrænsningen er allerede ophævet."))
    restriction.lifted_at = timezone.now()
    restriction.lifted_by = actor
    restriction.save(update_fields=["lifted_at", "lifted_by"])
    audit_case_event(
        actor, audit_actions.RESTRICTION_LIFTED, case, target=restriction, new={"audience": restriction.audience}
    )
    return restriction


@gated(Involves.NEVER)
@transaction.atomic
def reporter_identity_release(*, actor, case_report: CaseReport, reason: str) -> CaseReport:
    """Decide that the family may learn who reported (withheld by default in an NSK/ÆRK case,
    forvaltningsloven § 15 b), with a written reason."""
    case, case_report = _lock_case_report(case_report)
    _require(actor, "work", case)
    if case_report.report.reporter_anonymous:
        raise CaseError(_("Indberetteren er anonym."))
    if case_report.reporter_released_at is not None:
        raise CaseError(_("Indberetterens identitet er allerede frigivet."))
    problem = reason_problem(reason)
    if problem:
        raise CaseError(problem)
    case_report.reporter_released_at = timezone.now()
    case_report.reporter_released_by = actor
    case_report.reporter_release_reason = reason
    case_report.save(update_fields=["reporter_released_at", "reporter_released_by", "reporter_release_reason"])
    audit_case_event(
        actor,
        audit_actions.REPORTER_RELEASED,
        case,
        target=case_report,
        new={"report": case_report.report.reference},
        purpose=Purpose.SUPERVISION,
    )
    return case_report


@gated(Involves.NEVER)
@transaction.atomic
def outbound_release_record(
    *, actor, case: Case, document: str, recipient: str, released: list, reason: str
) -> OutboundRelease:
    """Record that values the outbound check found (`released`: `outbound.Secret`s) may go in
    a document to `recipient`, with the reason. Only the case team decides."""
    case = lock_case(case)
    if not case_policy.is_team(actor, case):
        raise CaseError(_("Kun sagens enhed kan frigive oplysninger i et dokument."))
    problem = reason_problem(reason)
    if problem:
        raise CaseError(problem)
    release = OutboundRelease.objects.create(
        case=case,
        document=document,
        recipient=recipient,
        released=[{"key": s.key, "label": s.label} for s in released],
        reason=reason,
        decided_at=timezone.now(),
        decided_by=actor,
    )
    audit_case_event(
        actor,
        audit_actions.OUTBOUND_RELEASED,
        case,
        target=release,
        new={"document": document, "recipient": recipient, "released": [s.key for s in released]},
        purpose=Purpose.SUPERVISION,
    )
    return release


# --- closing and reopening -----------------------------------------------------------------


@gated(Involves.NEVER)
@transaction.atomic
def case_close(*, actor, case: Case, outcome: str, note: str = "", mentions_confirmed: MentionsAnswer = False) -> Case:
    case = lock_case(case)
    _require(actor, "work", case)
    check_mentions(case, [note], confirmed=mentions_confirmed, contacts_only=True)
    case.close_outcome = outcome
    case.close_note = note
    case.closed_at = timezone.now()
    _transition(actor=actor, case=case, to_status=CaseStatus.CLOSED, note=note)
    case.save(update_fields=["close_outcome", "close_note", "closed_at"])
    audit_case_event(actor, audit_actions.CASE_CLOSED, case, new={"outcome": outcome})
    return case


@gated(Involves.NEVER)
@transaction.atomic
def case_reopen(*, actor, case: Case, reason: str, mentions_confirmed: MentionsAnswer = False) -> Case:
    case = lock_case(case)
    _require(actor, "reopen", case)
    if not reason.strip():
        raise CaseError(_("Skriv, hvorfor sagen genåbnes."))
    check_mentions(case, [reason], confirmed=mentions_confirmed, contacts_only=True)
    old = {"outcome": case.close_outcome}
    _transition(actor=actor, case=case, to_status=CaseStatus.REOPENED, note=reason)
    case.close_outcome = ""
    case.close_note = ""
    case.closed_at = None
    case.save(update_fields=["close_outcome", "close_note", "closed_at"])
    audit_case_event(actor, audit_actions.CASE_REOPENED, case, old=old)
    reset_gate(actor=actor, case=case, cause=GateResetCause.REOPENED)
    return case
