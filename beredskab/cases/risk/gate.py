"""The risk gate (barnets lov § 18, stk. 3): when negative social control or an honour-related
conflict may be involved, the risk is assessed before the parents or the network are involved.

The rule, once:

- **Closed until decided.** Every case here is about a possible NSK/ÆRK concern, so a case
  starts with the gate closed. It opens only by
  (a) a screening that rules NSK/ÆRK out, with a written reason, approved by a leader who did
      not screen (four eyes),
  (b) a *current* approved risk assessment: the latest version, approved, its reassessment
      date not passed, and approved (or confirmed with a reason) after the last new report or
      reopening, or
  (c) a leader's override with a written reason (removing the flag is an override too).
- **About people, not pages.** Every service that writes something that can involve a person
  of the child's family or network calls `require_gate` inside its transaction, naming the
  people (or saying the family as such is involved). Free text that names such a person is
  caught by `beredskab.cases.risk.mentions.check_mentions` and asked about.

`gate_decision(case)` decides; `require_gate` enforces (the services of
`beredskab.cases.services` and `beredskab.cases.risk.services` call it); `check_network_step` words
the answer for one network step (the case page's buttons, the step's page, the admin); `gated`
marks each service with what it involves (a test enumerates the services and holds every one
to its mark) and writes a refused attempt to the audit log. The gate's state on the case (the
flag, resets, the version a page was shown) is written by `beredskab.cases.gate_state`.
"""

import datetime
import functools
from dataclasses import dataclass

from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from beredskab.audit.purposes import Purpose
from beredskab.audit.services import audit_record
from beredskab.cases import audit_actions as case_audit_actions
from beredskab.cases.errors import CaseError
from beredskab.cases.models import ADULT_STEP_LABELS, GateBasis, GateResetCause, NetworkStepKind, YesNoUnknown
from beredskab.core.dates import today
from beredskab.core.policies import Decision
from beredskab.core.workdays import to_local

from .models import AssessmentStatus, GateConfirmation, GateOverride, OverrideKind, RiskAssessment


@dataclass(frozen=True)
class GateDecision(Decision):
    """Open (`allowed`) or closed, with `reason`: always a sentence the case page shows."""

    basis: str = ""
    assessment: RiskAssessment | None = None
    override: GateOverride | None = None
    screening: object | None = None

    def audit_values(self) -> dict:
        """What an audit event records about the gate (codes and ids, never text)."""
        return {
            "basis": self.basis,
            "assessment": self.assessment.version if self.assessment else None,
            "override": self.override.pk if self.override else None,
            "screening": getattr(self.screening, "pk", None),
        }


class GateClosed(CaseError):
    """Raised by services when the gate refuses; `reason` is shown to the user."""

    # A refusal; `beredskab.cases.risk.mentions.NetworkMentioned` asks a question instead (audited apart).
    question = False

    def __init__(self, reason, *, case=None, what: str = ""):
        super().__init__(reason)
        self.case = case
        self.what = what


# --- what the case holds, read from prefetched rows when the page already has them -------------


def _rows(case, name: str, queryset):
    cache = getattr(case, "_prefetched_objects_cache", {})
    if name in cache:
        return list(cache[name])
    return list(queryset)


def _active_override(case) -> GateOverride | None:
    rows = _rows(case, "gate_overrides", case.gate_overrides.filter(revoked_at__isnull=True))
    active = [o for o in rows if o.revoked_at is None]
    return max(active, key=lambda o: (o.granted_at, o.pk)) if active else None


def _latest_assessment(case) -> RiskAssessment | None:
    rows = _rows(case, "risk_assessments", case.risk_assessments.order_by("-version")[:1])
    return max(rows, key=lambda a: a.version) if rows else None


def _after_reset(case, moment) -> bool:
    """Was this made after the last new report or reopening (so with it in view)?"""
    return case.gate_reset_at is None or (moment is not None and moment > case.gate_reset_at)


def _current_screening(case):
    """The latest screening, if it was made after the last new report or reopening."""
    rows = _rows(case, "screenings", case.screenings.all())
    latest = max(rows, key=lambda s: (s.screened_at, s.pk)) if rows else None
    return latest if latest is not None and _after_reset(case, latest.screened_at) else None


def _approved_screen_out(case):
    screening = _current_screening(case)
    if screening is not None and not screening.nsk_aerk_possible and screening.gate_approved_at is not None:
        return screening
    return None


def _confirmed_after_reset(case, assessment: RiskAssessment) -> bool:
    """Written (completed) after the last new report or reopening, or confirmed since: an
    assessment completed before them and only approved after is confirmed too."""
    if _after_reset(case, assessment.completed_at):
        return True
    rows = _rows(case, "gate_confirmations", GateConfirmation.objects.filter(case=case))
    return any(c.assessment_id == assessment.pk and _after_reset(case, c.confirmed_at) for c in rows)


def _date(day: datetime.date) -> str:
    return date_format(day, "j. F Y")


# --- the rule ---------------------------------------------------------------------------------


# Why the latest assessment does not count (assessment_standing); "" when it does.
MISSING, NOT_APPROVED, EXPIRED, UNCONFIRMED = "missing", "not_approved", "expired", "unconfirmed"


def assessment_standing(case, *, on: datetime.date | None = None) -> tuple[RiskAssessment | None, str]:
    """The rule for a *current* risk assessment, once: (latest version, "") when it is approved,
    its reassessment date (`on`, default today in Copenhagen, is the last day it counts) not
    passed, and approved or confirmed after the last new report or reopening; else (latest or
    None, MISSING | NOT_APPROVED | EXPIRED | UNCONFIRMED). The gate and the adult action plan
    word the answer each in their own terms."""
    on = on or today()
    assessment = _latest_assessment(case)
    if assessment is None:
        return None, MISSING
    if assessment.status != AssessmentStatus.APPROVED:
        return assessment, NOT_APPROVED
    if assessment.reassessment_on is None or assessment.reassessment_on < on:
        return assessment, EXPIRED
    if not _confirmed_after_reset(case, assessment):
        return assessment, UNCONFIRMED
    return assessment, ""


def gate_decision(case, *, on: datetime.date | None = None) -> GateDecision:
    """Is the gate open for this case now, and why (or why not)?

    Open by (in this order) a leader's active override, a screening ruling NSK/ÆRK out that a
    leader approved, or the latest risk assessment while approved, not past its reassessment
    date (`on`, default today in Copenhagen, is the last day it counts) and approved or confirmed
    after the last new report or reopening. Otherwise closed. Source: barnets lov § 18, stk. 3."""
    on = on or today()  # in Copenhagen: a reassessment date runs out at local midnight
    override = _active_override(case)
    if override is not None and (case.gate_reset_at is None or override.granted_at >= case.gate_reset_at):
        if override.kind == OverrideKind.NOT_INVOLVED:
            reason = _("En leder har fjernet markeringen af mulig NSK/ÆRK med en skriftlig begrundelse.")
        else:
            reason = _("Risikoporten er tilsidesat af en leder.")
        return GateDecision(True, reason, basis=GateBasis.OVERRIDE, override=override)
    if not case.nsk_aerk_flag:
        screening = _approved_screen_out(case)
        if screening is not None:
            return GateDecision(
                True,
                _("Screeningen den %(date)s konkluderede, at NSK/ÆRK ikke er involveret, og en leder har godkendt det.")
                % {"date": _date(to_local(screening.screened_at).date())},
                basis=GateBasis.SCREENED_OUT,
                screening=screening,
            )
    assessment, problem = assessment_standing(case, on=on)
    if problem == MISSING:
        return GateDecision(False, _("Der er ingen godkendt risikovurdering."))
    if problem == NOT_APPROVED:
        return GateDecision(
            False,
            _(
                "Den nyeste risikovurdering (version %(v)s) har status “%(status)s”. Porten følger kun den "
                "nyeste version, og kun når den er godkendt."
            )
            % {"v": assessment.version, "status": AssessmentStatus(assessment.status).label},
        )
    if problem == EXPIRED:
        return GateDecision(
            False,
            _("Risikovurderingen (version %(v)s) skulle revurderes senest %(date)s.")
            % {
                "v": assessment.version,
                "date": _date(assessment.reassessment_on) if assessment.reassessment_on else "–",
            },
        )
    if problem == UNCONFIRMED:
        cause = (
            GateResetCause(case.gate_reset_cause).label
            if case.gate_reset_cause in GateResetCause.values
            else _("Sagen er ændret")
        )
        return GateDecision(
            False,
            _(
                "%(cause)s, efter at risikovurderingen (version %(v)s) blev godkendt. Vurdér risikoen igen, eller "
                "bekræft den gældende vurdering med en begrundelse."
            )
            % {"cause": cause, "v": assessment.version},
        )
    return GateDecision(
        True,
        _("Risikovurderingen (version %(v)s) er godkendt og gælder til og med %(date)s.")
        % {"v": assessment.version, "date": _date(assessment.reassessment_on)},
        basis=GateBasis.ASSESSMENT,
        assessment=assessment,
    )


def awaiting_confirmation(case) -> RiskAssessment | None:
    """The latest assessment when it is approved and current but the gate is closed only
    because a new report came or the case was reopened since (the worker may confirm it)."""
    assessment, problem = assessment_standing(case)
    return assessment if problem == UNCONFIRMED else None


def screening_awaiting_approval(case):
    """The latest screening when it rules NSK/ÆRK out, was made after the last new report or
    reopening, and a leader has not approved it yet."""
    screening = _current_screening(case)
    if screening is not None and not screening.nsk_aerk_possible and screening.gate_approved_at is None:
        return screening
    return None


def refusal_reason(what: str, decision: GateDecision, case=None) -> str:
    if case is not None and case.is_adult:  # serviceloven: no children's law, no parents
        return _(
            "%(what)s er ikke tilladt nu. %(why)s Risikoen for borgeren skal vurderes, før familie eller netværk "
            "inddrages. Kun en leder kan tilsidesætte risikoporten, med en skriftlig begrundelse."
        ) % {"what": what, "why": decision.reason}
    return _(
        "%(what)s er ikke tilladt nu. %(why)s Efter barnets lov § 18, stk. 3 skal risikoen for barnet vurderes, "
        "før forældre eller netværk inddrages. Kun en leder kan tilsidesætte risikoporten, med en skriftlig "
        "begrundelse."
    ) % {"what": what, "why": decision.reason}


def check_network_step(case, step: str | None = None) -> GateDecision:
    """The gate's answer for one of the five "Inddragelse" steps (or in general), with the
    refusal worded for that step: the case page shows or disables each step's button by it,
    the step's page shows it, and the admin refuses a step by it before calling the service.
    Raises ValueError for an unknown step."""
    if step is not None and step not in NetworkStepKind.values:
        raise ValueError(f"Unknown network step {step!r}")
    decision = gate_decision(case)
    if decision.allowed:
        return decision
    if case.is_adult:
        what = ADULT_STEP_LABELS[step] if step else _("Inddragelse af familie eller netværk")
    else:
        what = NetworkStepKind(step).label if step else _("Inddragelse af forældre eller netværk")
    return GateDecision(False, refusal_reason(what, decision, case))


def require_gate(case, *, what: str, people=(), family: bool = False, planned: bool = False):
    """The one check for every write that can involve the child's family or network.

    `people` are the case's family/network persons the record involves; `family=True` says the
    record involves the family as such (a family-oriented intervention). With neither, nothing
    is involved and None is returned. `planned=True` (a contact the worker is about to make)
    also refuses, with the gate open, people marked "må ikke kontaktes" and possible
    perpetrators nobody has recorded may be contacted. Returns the open `GateDecision`, or
    raises `GateClosed` (or `CaseError`) with the Danish reason."""
    people = list(people)
    if any(p.case_id != case.pk for p in people):
        raise CaseError(_("Vælg personer fra sagens familie og netværk."))
    if not people and not family:
        return None
    decision = gate_decision(case)
    if not decision.allowed:
        raise GateClosed(refusal_reason(what, decision, case), case=case, what=what)
    if planned:
        barred = [p for p in people if p.may_contact == YesNoUnknown.NO]
        if barred:
            raise CaseError(
                _("%(who)s må ikke kontaktes ifølge sagen. Ret oplysningen om personen først, hvis det er ændret.")
                % {"who": ", ".join(p.get_relation_display() for p in barred)}
            )
        # A possible perpetrator is contacted only on a recorded decision that they may be.
        undecided = [p for p in people if p.possible_perpetrator and p.may_contact != YesNoUnknown.YES]
        if undecided:
            raise CaseError(
                _(
                    "%(who)s er mulig udøver. Angiv først på personen, at vedkommende må kontaktes, og hvorfor, "
                    "hvis risikovurderingen giver grundlag for det."
                )
                % {"who": ", ".join(p.get_relation_display() for p in undecided)}
            )
    return decision


def audit_refusal(*, actor, case, by: str, kind: str = "", question: bool = False) -> None:
    """Write that the gate refused an attempt (a security event), or only asked about family
    named in a text (`question`, its own action so it does not bury the refusals)."""
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=case_audit_actions.FAMILY_MENTION_ASKED if question else case_audit_actions.NETWORK_STEP_REFUSED,
            target=case,
            person_ref=case.person_ref,
            purpose=Purpose.CASE_WORK,
            new={"case": case.reference, "service": by, "kind": kind},
        )


# --- the mark every case service carries ---------------------------------------------------------


class Involves:
    """What a service's record can involve, for the gate (`gated`)."""

    NEVER = "never"  # internal work: assessments, screening, clocks, access, restrictions
    PEOPLE = "people"  # may involve family or network people, decided by its input
    ALWAYS = "always"  # always involves the family or network


def gated(involves: str):
    """Mark a service with what it involves, and audit every attempt the gate refuses.

    Every public service of the case apps carries this mark; a test enumerates them and runs
    each `PEOPLE`/`ALWAYS` service with the gate closed, so a new service cannot skip the rule."""
    if involves not in (Involves.NEVER, Involves.PEOPLE, Involves.ALWAYS):
        raise ValueError(involves)

    def mark(service):
        if involves == Involves.NEVER:
            service.gate_involves = involves
            return service

        @functools.wraps(service)
        def run(*args, **kwargs):
            try:
                return service(*args, **kwargs)
            except GateClosed as refusal:
                if refusal.case is not None:
                    audit_refusal(
                        actor=kwargs.get("actor"),
                        case=refusal.case,
                        by=service.__name__,
                        kind=kwargs.get("kind", ""),
                        question=refusal.question,
                    )
                raise

        run.gate_involves = involves
        return run

    return mark
