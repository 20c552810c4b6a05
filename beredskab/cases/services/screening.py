"""Screening (barnets lov § 18) and the NSK/ÆRK flag that keeps the risk gate closed."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beredskab.audit.purposes import Purpose
from beredskab.cases.risk.gate import Involves, gated
from beredskab.cases.risk.mentions import MentionsAnswer, check_mentions
from beredskab.core.text import reason_problem

from .. import audit_actions
from ..case_events import audit_case_event, lock_case
from ..errors import CaseError
from ..gate_state import check_gate_token, flag_case, gate_changed, unflag_case
from ..models import Case, CaseStatus, GateBasis, Screening, ScreeningOutcome, YesNoUnknown
from ..policies import case_policy
from .workflow import _transition

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
    case_policy.require(actor, "work", case)
    if case.is_adult:
        raise CaseError(_("En voksensag behandles efter serviceloven og screenes ikke."))
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
    case_policy.require(actor, "work", case)
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
    override with a reason (`beredskab.cases.risk.services.gate_override_grant` with
    `OverrideKind.NOT_INVOLVED`), or a screening that rules it out, approved by a leader
    (`screening_gate_approve`)."""
    case = lock_case(case)
    case_policy.require(actor, "work", case)
    flag_case(actor=actor, case=case)
    return case
