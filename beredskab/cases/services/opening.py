"""Opening a case from reports (the queue), adding a further report, and who owns the case."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beredskab.accounts.models import Unit, User
from beredskab.audit.purposes import Purpose
from beredskab.cases.risk.gate import Involves, gated
from beredskab.core.references import next_reference
from beredskab.core.text import reason_problem
from beredskab.core.workdays import to_local
from beredskab.intake.models import Report

from .. import audit_actions
from ..case_events import audit_case_event, lock_case
from ..errors import CaseError
from ..gate_state import reset_gate
from ..holds import check_release, hold_waiting_reports, inherit_safeguards, open_holds, release_holds
from ..hooks import suggested_owner
from ..models import Case, CaseReport, CaseStatus, CaseStatusChange, GateResetCause
from ..policies import case_policy, lead_unit_ids, may_open_from_report
from ..tracks import track_for_unit
from .checks import check_case_worker


def _subject_source(reports: list[Report]) -> Report:
    """The report whose facts about the child the case starts from: one with a CPR number if
    any, else the earliest."""
    with_cpr = [r for r in reports if r.subject_cpr_index]
    return (with_cpr or reports)[0]


def _check_same_person(indexes: set[str]) -> None:
    if len({i for i in indexes if i}) > 1:
        raise CaseError(_("Underretningerne handler om forskellige CPR-numre og kan ikke samles i én sag."))


def _lock_reports_to_open(actor, reports: list[Report]) -> tuple[list[Report], Unit]:
    """The reports locked, oldest first, and the unit that received them all. Raises CaseError
    when the actor may not open a case from one of them, one is already on a case, they went to
    different units, or they are about different CPR numbers."""
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
    return locked, Unit.objects.get(pk=unit_ids.pop())


def _check_hold_release(*, actor, unit: Unit, owner: User, holds: list, reason: str) -> None:
    """Reports held for the child's existing case become a new case only by a leader of the unit
    with a written reason (and, for a protected case, people named on it). Raises CaseError."""
    if unit.pk not in lead_unit_ids(actor):
        adult = any(h.case.is_adult for h in holds)
        raise CaseError(
            _(
                "Borgeren har allerede en sag, som henvendelsen hører til. Læg den på sagen, eller få en "
                "leder til at beslutte en ny sag med en begrundelse."
            )
            if adult
            else _(
                "Barnet har allerede en sag, som underretningen hører til. Læg den på sagen, eller få en "
                "leder til at beslutte en ny sag med en begrundelse."
            )
        )
    problem = reason_problem(reason)
    if problem:
        raise CaseError(_("Skriv, hvorfor der skal være en ny sag.") + " " + problem)
    check_release(actor=actor, owner=owner, holds=holds)


def _may_release_to(owner: User, holds: list) -> bool:
    """May `owner` own a new case from these held reports (protection: named on the case)?"""
    return all(not h.case.protected or case_policy.is_protection_member(owner, h.case) for h in holds)


def _create_case(*, actor, unit: Unit, owner: User, reports: list[Report]) -> Case:
    """The new case with its first status and its reports (the child's facts from
    `_subject_source`). Raises CaseError when another case took one of the reports meanwhile."""
    now = timezone.now()
    source = _subject_source(reports)
    case = Case.objects.create(
        reference=next_reference("K", to_local(now).year),
        unit=unit,
        track=track_for_unit(unit),
        owner=owner,
        status=CaseStatus.RECEIVED,
        opened_at=now,
        opened_by=actor,
        received_at=reports[0].received_at,
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
            for report in reports:
                CaseReport.objects.link(case=case, report=report, added_at=now, added_by=actor)
    except IntegrityError:
        raise CaseError(_("En af underretningerne er netop lagt på en anden sag. Prøv igen.")) from None
    return case


@gated(Involves.NEVER)
@transaction.atomic
def case_open(*, actor, reports: list[Report], owner: User | None = None, hold_release_reason: str = "") -> Case:
    """Open a case from one or several reports about the same child, received by the same unit.

    A worker opens it for themselves (they claim it); a leader may give it to another worker.
    A report held for the child's protected or flagged case (`beredskab.cases.holds`) belongs
    on that case: only a leader of the unit may open a new case from it, with a written
    `hold_release_reason`, and the new case inherits the earlier case's safeguards. Raises
    CaseError with the reason."""
    locked, unit = _lock_reports_to_open(actor, reports)
    holds = open_holds(locked)
    suggested = None if owner is not None else suggested_owner(locked)  # e.g. assigned on arrival
    if holds and suggested is not None and not _may_release_to(suggested, holds):
        suggested = None  # not named on the protected case: the one opening it owns it
    owner = owner or suggested or actor
    if holds:
        _check_hold_release(actor=actor, unit=unit, owner=owner, holds=holds, reason=hold_release_reason)
    if owner.pk != actor.pk and owner != suggested and unit.pk not in lead_unit_ids(actor):
        raise CaseError(_("Kun en leder kan fordele en sag til en anden sagsbehandler."))
    check_case_worker(owner, unit.pk)
    case = _create_case(actor=actor, unit=unit, owner=owner, reports=locked)
    audit_case_event(
        actor,
        audit_actions.CASE_OPENED,
        case,
        new={
            "reports": [r.reference for r in locked],
            "unit": unit.code,
            "track": case.track,
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
    case_policy.require(actor, "work", case)
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.receiving_unit_id != case.unit_id:
        raise CaseError(_("Underretningen er sendt til en anden enhed end sagens."))
    if CaseReport.objects.filter(report=report).exists():
        raise CaseError(_("Underretningen er allerede lagt på en sag."))
    held = open_holds([report])
    if held and held[0].case_id != case.pk:
        raise CaseError(
            _("Henvendelsen hører til en anden sag om borgeren.")
            if held[0].case.is_adult
            else _("Underretningen hører til en anden sag om barnet.")
        )
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
    case_report = CaseReport.objects.link(case=case, report=report, added_at=timezone.now(), added_by=actor)
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
    case_policy.require(actor, "claim", case)
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
    case_policy.require(actor, "assign", case)
    if not case.is_open:
        raise CaseError(_("Sagen er lukket."))
    check_case_worker(owner, case.unit_id, case)
    old = case.owner_id
    case.owner = owner
    case.save(update_fields=["owner"])
    audit_case_event(actor, audit_actions.CASE_ASSIGNED, case, old={"owner_id": old}, new={"owner_id": owner.pk})
    return case
