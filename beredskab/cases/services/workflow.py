"""The case workflow: the one place a status changes (`_transition`, used by every service that
moves a case on), and closing and reopening a case."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beredskab.cases.risk.gate import Involves, gated
from beredskab.cases.risk.mentions import MentionsAnswer, check_mentions

from .. import audit_actions
from ..case_events import audit_case_event, lock_case
from ..errors import CaseError
from ..gate_state import reset_gate
from ..models import (
    Case,
    CaseStatus,
    CaseStatusChange,
    GateResetCause,
    InterventionStatus,
    ScreeningOutcome,
    TaskStatus,
)
from ..policies import case_policy


def _transition_guard(case: Case, to_status: str) -> str | None:
    """Facts a status requires. Returns the Danish refusal, or None."""
    if to_status == CaseStatus.ASSESSED and case.case_reports.filter(urgent_assessment__isnull=True).exists():
        return _("Vurderingen inden for 24 timer er ikke registreret for alle underretninger.")
    if to_status == CaseStatus.SCREENED:
        last_change = case.status_changes.order_by("-changed_at", "-pk").first()
        screening = case.screenings.order_by("-screened_at", "-pk").first()
        if screening is None or (last_change and screening.screened_at < last_change.changed_at):
            return _("Sagen skal screenes først.")
    if to_status == CaseStatus.IN_PROGRESS and not case.is_adult:  # adults are not screened (serviceloven)
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
    if to_status not in case.transitions.get(from_status, frozenset()):
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
    case_policy.require(actor, "work", locked)
    return _transition(actor=actor, case=locked, to_status=to_status, note=note)


@gated(Involves.NEVER)
@transaction.atomic
def case_close(*, actor, case: Case, outcome: str, note: str = "", mentions_confirmed: MentionsAnswer = False) -> Case:
    case = lock_case(case)
    case_policy.require(actor, "work", case)
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
    case_policy.require(actor, "reopen", case)
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
