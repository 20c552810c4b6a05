"""The risk gate (barnets lov § 18, stk. 3): when negative social control or an honour-related
conflict may be involved, a risk assessment is made before the parents or the network are.

`check_network_step(case, step)` is the single rule. Every service that involves the parents
or the network (contact, letters, meetings, sharing documents, file access) calls it inside
its transaction and refuses when it says no; the pages, the admin and the API only show the
refusal. Only a unit leader can lift the gate for a case, with a written reason
(`beredskab.risk.services.gate_override_grant`).
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from beredskab.cases.errors import CaseError
from beredskab.cases.models import GateBasis, NetworkStepKind
from beredskab.core.policies import Decision

from .models import AssessmentStatus, GateOverride, RiskAssessment


@dataclass(frozen=True)
class GateDecision(Decision):
    basis: str = ""
    assessment: RiskAssessment | None = None
    override: GateOverride | None = None


def _approved_assessment(case) -> RiskAssessment | None:
    cache = getattr(case, "_prefetched_objects_cache", {})
    if "risk_assessments" in cache:
        approved = [a for a in cache["risk_assessments"] if a.status == AssessmentStatus.APPROVED]
        return max(approved, key=lambda a: a.version) if approved else None
    return case.risk_assessments.filter(status=AssessmentStatus.APPROVED).order_by("-version").first()


def _active_override(case) -> GateOverride | None:
    cache = getattr(case, "_prefetched_objects_cache", {})
    if "gate_overrides" in cache:
        return next((o for o in cache["gate_overrides"] if o.revoked_at is None), None)
    return case.gate_overrides.filter(revoked_at__isnull=True).first()


def refusal_reason(step: str | None = None) -> str:
    what = NetworkStepKind(step).label if step else _("Inddragelse af forældre eller netværk")
    return _(
        "%(what)s er ikke tilladt endnu. Sagen er markeret med mulig negativ social kontrol eller "
        "æresrelateret konflikt, og der er ikke en godkendt risikovurdering. Efter barnets lov § 18, "
        "stk. 3 skal risikoen vurderes, før forældre eller netværk inddrages. Kun en leder kan "
        "tilsidesætte dette, med en skriftlig begrundelse."
    ) % {"what": what}


def check_network_step(case, step: str | None = None) -> GateDecision:
    """May a step that involves the parents or the network be taken in this case now?"""
    if step is not None and step not in NetworkStepKind.values:
        raise ValueError(f"Unknown network step {step!r}")
    if not case.nsk_aerk_flag:
        return GateDecision(True, basis=GateBasis.NOT_FLAGGED)
    assessment = _approved_assessment(case)
    if assessment is not None:
        return GateDecision(True, basis=GateBasis.ASSESSMENT, assessment=assessment)
    override = _active_override(case)
    if override is not None:
        return GateDecision(
            True,
            _("Risikoporten er tilsidesat af en leder."),
            basis=GateBasis.OVERRIDE,
            override=override,
        )
    return GateDecision(False, refusal_reason(step))


class GateClosed(CaseError):
    """Raised by services when the gate refuses a step; `reason` is shown to the user."""


def require_network_step(case, step: str) -> GateDecision:
    decision = check_network_step(case, step)
    if not decision.allowed:
        raise GateClosed(decision.reason)
    return decision
