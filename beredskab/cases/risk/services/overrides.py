"""Decisions at the risk gate by a person: a leader's override (or "not involved") and its
revocation, and a worker's confirmation that an approved assessment still holds after a new
report or a reopening."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beredskab.audit.purposes import Purpose
from beredskab.audit.services import audit_record
from beredskab.cases.case_events import audit_case_event, lock_case
from beredskab.cases.errors import CaseError
from beredskab.cases.gate_state import check_gate_token, flag_case, gate_changed, unflag_case
from beredskab.cases.models import Case, GateBasis
from beredskab.cases.policies import case_policy
from beredskab.core import dates
from beredskab.core.policies import PolicyDenied
from beredskab.core.text import reason_problem

from .. import audit_actions
from ..gate import Involves, awaiting_confirmation, gate_decision, gated
from ..models import AssessmentStatus, GateConfirmation, GateOverride, OverrideKind


def audit_override_refusal(actor, case: Case) -> None:
    """Someone who may not tried to open the gate: a security event."""
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=audit_actions.GATE_OVERRIDE_REFUSED,
            target=case,
            person_ref=case.person_ref,
            purpose=Purpose.CASE_WORK,
            new={"case": case.reference},
        )


@gated(Involves.NEVER)
def gate_override_grant(
    *, actor, case: Case, reason: str, kind: str = OverrideKind.OVERRIDE, seen_gate_token: str | None = None
) -> GateOverride:
    """A unit leader opens the closed gate with a written reason: an override (the parents or
    network may be involved before an approved assessment) or `OverrideKind.NOT_INVOLVED`
    (removing the NSK/ÆRK flag). Anyone else is refused, and the refusal is audited too."""
    try:
        return _gate_override_grant(actor=actor, case=case, reason=reason, kind=kind, seen=seen_gate_token)
    except PolicyDenied:
        audit_override_refusal(actor, case)
        raise


@transaction.atomic
def _gate_override_grant(*, actor, case: Case, reason: str, kind: str, seen: str | None) -> GateOverride:
    case = lock_case(case)
    case_policy.require(actor, "override_gate", case)
    check_gate_token(case, seen)
    if kind not in OverrideKind.values:
        raise CaseError(_("Ukendt type tilsidesættelse."))
    if not case.is_open:
        raise CaseError(_("Sagen er lukket."))
    if kind == OverrideKind.NOT_INVOLVED and not case.nsk_aerk_flag:
        raise CaseError(_("Sagen er ikke markeret med mulig NSK/ÆRK."))
    if case.gate_overrides.filter(revoked_at__isnull=True).exists():
        raise CaseError(_("Risikoporten er allerede tilsidesat."))
    if kind == OverrideKind.OVERRIDE and gate_decision(case).allowed:
        raise CaseError(_("Risikoporten er ikke lukket, så der er intet at tilsidesætte."))
    problem = reason_problem(reason)
    if problem:
        raise CaseError(problem)
    override = GateOverride.objects.create(
        case=case, kind=kind, granted_by=actor, granted_at=timezone.now(), reason=reason
    )
    audit_case_event(
        actor,
        audit_actions.GATE_OVERRIDDEN,
        case,
        target=override,
        new={"override": override.pk, "kind": kind},
        purpose=Purpose.SUPERVISION,
    )
    if kind == OverrideKind.NOT_INVOLVED:
        unflag_case(actor=actor, case=case, basis=GateBasis.OVERRIDE)
    gate_changed(case)
    return override


@gated(Involves.NEVER)
@transaction.atomic
def gate_assessment_confirm(*, actor, case: Case, reason: str, seen_gate_token: str | None = None) -> GateConfirmation:
    """After a new report or a reopening, the worker confirms with a written reason that the
    approved, still current risk assessment holds; the gate opens on it again."""
    case = lock_case(case)
    case_policy.require(actor, "work", case)
    check_gate_token(case, seen_gate_token)
    latest = case.risk_assessments.order_by("-version").first()
    if latest is None or latest.status != AssessmentStatus.APPROVED:
        raise CaseError(_("Der er ingen godkendt risikovurdering at bekræfte. Lav en ny."))
    if latest.reassessment_on is None or latest.reassessment_on < dates.today():
        raise CaseError(_("Risikovurderingen er forældet og skal revurderes. Lav en ny version."))
    if awaiting_confirmation(case) is None:
        raise CaseError(_("Risikovurderingen gælder allerede. Der er intet at bekræfte."))
    problem = reason_problem(reason)
    if problem:
        raise CaseError(problem)
    confirmation = GateConfirmation.objects.create(
        case=case, assessment=latest, confirmed_by=actor, confirmed_at=timezone.now(), reason=reason
    )
    audit_case_event(
        actor,
        audit_actions.GATE_ASSESSMENT_CONFIRMED,
        case,
        target=confirmation,
        new={"version": latest.version, "cause": case.gate_reset_cause},
    )
    gate_changed(case)
    return confirmation


@gated(Involves.NEVER)
@transaction.atomic
def gate_override_revoke(*, actor, override: GateOverride) -> GateOverride:
    case = lock_case(override.case)
    case_policy.require(actor, "override_gate", case)
    override = GateOverride.objects.select_for_update().get(pk=override.pk)
    if override.revoked_at is not None:
        raise CaseError(_("Tilsidesættelsen er allerede ophævet."))
    override.revoked_at = timezone.now()
    override.revoked_by = actor
    override.revoke_cause = "leader"
    override.save(update_fields=["revoked_at", "revoked_by", "revoke_cause"])
    if override.kind == OverrideKind.NOT_INVOLVED:
        flag_case(actor=actor, case=case)  # "not involved" no longer stands: the flag is back
    gate_changed(case)
    audit_case_event(
        actor,
        audit_actions.GATE_OVERRIDE_REVOKED,
        case,
        target=override,
        new={"override": override.pk},
        purpose=Purpose.SUPERVISION,
    )
    return override
