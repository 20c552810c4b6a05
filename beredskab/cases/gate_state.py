"""Writes of the risk gate's state on a locked case, shared by the services that change it (the
case services, the risk services and the holds on new reports). The rule that reads this state
is `beredskab.cases.risk.gate.gate_decision`.

- `flag_case`: NSK/ÆRK may be involved (the default); a leader's "not involved" ends.
- `unflag_case`: only after a leader's approval of a screening or a leader's override.
- `reset_gate`: a new report or a reopening asks for a fresh decision: overrides end, the flag
  is set again, and an assessment counts only once completed or confirmed after this moment.
- `gate_changed`: every change that bears on the gate counts up `Case.gate_version`, so a
  decision posted from a page shown before it (`check_gate_token`) is refused.
"""

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from beredskab.audit.purposes import Purpose
from beredskab.cases.risk.models import GateOverride, OverrideKind

from . import audit_actions
from .case_events import audit_case_event
from .errors import CaseError
from .models import Case, GateResetCause


def gate_changed(case: Case) -> None:
    """Count a change that bears on the gate (the case row is locked by the caller)."""
    Case.objects.filter(pk=case.pk).update(gate_version=F("gate_version") + 1)
    case.gate_version = Case.objects.values_list("gate_version", flat=True).get(pk=case.pk)


def revoke_overrides(*, actor, case: Case, cause: str, kinds=None) -> None:
    """End the case's active overrides (of `kinds`, default all), each audited with its cause."""
    overrides = GateOverride.objects.select_for_update().filter(case=case, revoked_at__isnull=True)
    if kinds is not None:
        overrides = overrides.filter(kind__in=kinds)
    for override in overrides:
        override.revoked_at = timezone.now()
        override.revoked_by = actor if getattr(actor, "is_authenticated", False) else None
        override.revoke_cause = cause
        override.save(update_fields=["revoked_at", "revoked_by", "revoke_cause"])
        audit_case_event(
            actor,
            audit_actions.GATE_OVERRIDE_ENDED,
            case,
            target=override,
            new={"override": override.pk, "cause": cause},
            purpose=Purpose.SUPERVISION,
        )
        gate_changed(case)


def flag_case(*, actor, case: Case, cause: str = GateResetCause.FLAGGED) -> None:
    """Mark that NSK/ÆRK may be involved. Closes the gate unless a current approved assessment
    keeps it open; a leader's "not involved" ends, and a screening made before this moment can
    no longer be approved to rule NSK/ÆRK out (`nsk_aerk_flagged_at`)."""
    revoke_overrides(actor=actor, case=case, cause=cause, kinds=[OverrideKind.NOT_INVOLVED])
    was_flagged = case.nsk_aerk_flag
    case.nsk_aerk_flag = True
    case.nsk_aerk_flagged_at = timezone.now()
    case.save(update_fields=["nsk_aerk_flag", "nsk_aerk_flagged_at"])
    gate_changed(case)
    if not was_flagged:
        audit_case_event(
            actor, audit_actions.FLAG_CHANGED, case, old={"nsk_aerk_flag": False}, new={"nsk_aerk_flag": True}
        )


def unflag_case(*, actor, case: Case, basis: str) -> None:
    """Clear the flag. Only a leader's approval of a screening that rules NSK/ÆRK out and a
    leader's "not involved" override call this."""
    if not case.nsk_aerk_flag:
        return
    case.nsk_aerk_flag = False
    case.save(update_fields=["nsk_aerk_flag"])
    gate_changed(case)
    audit_case_event(
        actor,
        audit_actions.FLAG_CHANGED,
        case,
        old={"nsk_aerk_flag": True},
        new={"nsk_aerk_flag": False, "basis": basis},
        purpose=Purpose.SUPERVISION,
    )


def reset_gate(*, actor, case: Case, cause: str) -> None:
    """A fresh decision at the gate is needed (see the module)."""
    revoke_overrides(actor=actor, case=case, cause=cause)
    flag_case(actor=actor, case=case, cause=cause)
    case.gate_reset_at = timezone.now()
    case.gate_reset_cause = cause
    case.save(update_fields=["gate_reset_at", "gate_reset_cause"])
    audit_case_event(actor, audit_actions.GATE_RESET, case, new={"cause": cause})


def gate_token(case: Case) -> str:
    """What a page that asks for a decision at the gate was shown (`Case.gate_version`)."""
    return str(case.gate_version)


def check_gate_token(case: Case, seen: str | None) -> None:
    """Refuse a decision taken on a page shown before the gate's state last changed (two tabs,
    a form left open). `seen=None`: the caller is not a page (nothing to compare)."""
    if seen is not None and seen != gate_token(case):
        raise CaseError(
            _(
                "Der er sket noget på sagen, der har betydning for risikoporten, siden siden blev vist (fx en ny "
                "underretning, en screening eller en markering). Læs det nye på sagen, og tag stilling igen."
            )
        )
