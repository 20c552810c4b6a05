"""Writes of the risk app: instruments, assessments (draft, complete, four-eyes approval),
the leader's override of the risk gate, and consultations. One transaction each, the case row
locked, the audit event written in the same transaction."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from beredskab.audit.purposes import Purpose
from beredskab.audit.services import audit_record
from beredskab.cases.case_events import audit_case_event, lock_case
from beredskab.cases.errors import CaseError
from beredskab.cases.gate_state import check_gate_token, flag_case, gate_changed, unflag_case
from beredskab.cases.models import Case, CasePerson, GateBasis
from beredskab.cases.policies import case_policy
from beredskab.core import dates
from beredskab.core.policies import PolicyDenied
from beredskab.core.text import reason_problem
from beredskab.core.workdays import to_local

from . import audit_actions
from .gate import Involves, MentionsAnswer, awaiting_confirmation, check_mentions, gate_decision, gated
from .instruments import InstrumentData, default_instrument_path, read_instrument_file
from .models import (
    AssessmentStatus,
    Consultation,
    Factor,
    FactorGroup,
    FactorRating,
    GateConfirmation,
    GateOverride,
    Identification,
    Instrument,
    Level,
    OverrideKind,
    PartnerKind,
    Rating,
    RiskAssessment,
)
from .policies import risk_policy

# --- instruments ---------------------------------------------------------------------------


@gated(Involves.NEVER)
@transaction.atomic
def instrument_load(*, actor, data: InstrumentData, activate: bool = True) -> tuple[Instrument, bool]:
    """Store an instrument version. Returns (instrument, created). The same version with the
    same text is left as it is; the same version with another text is refused (a loaded version
    never changes, because assessments refer to it)."""
    existing = Instrument.objects.filter(code=data.code, version=data.version).first()
    if existing is not None:
        if existing.source_sha256 != data.sha256:
            raise CaseError(
                _(
                    "Version %(version)s af %(code)s findes allerede med en anden tekst. "
                    "Giv den nye tekst et nyt versionsnummer."
                )
                % {"version": data.version, "code": data.code}
            )
        created = False
        instrument = existing
    else:
        instrument = Instrument.objects.create(
            code=data.code,
            version=data.version,
            name=data.name,
            description=data.description,
            licence_note=data.licence_note,
            source_sha256=data.sha256,
            loaded_at=timezone.now(),
            is_active=False,
        )
        for gi, group in enumerate(data.groups):
            factor_group = FactorGroup.objects.create(
                instrument=instrument,
                order=gi,
                code=group["code"],
                label=group["label"],
                description=group["description"],
            )
            Factor.objects.bulk_create(
                Factor(group=factor_group, order=fi, code=f["code"], label=f["label"], guidance=f["guidance"])
                for fi, f in enumerate(group["factors"])
            )
        created = True
    if activate and not instrument.is_active:
        Instrument.objects.filter(code=data.code).exclude(pk=instrument.pk).update(is_active=False)
        instrument.is_active = True
        instrument.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        action=audit_actions.INSTRUMENT_LOADED,
        target=instrument,
        new={"code": data.code, "version": data.version, "created": created, "active": instrument.is_active},
    )
    return instrument, created


@gated(Involves.NEVER)
def default_instrument(*, actor=None) -> Instrument:
    """The newest active instrument; the shipped neutral one is loaded on first use."""
    instrument = Instrument.objects.filter(is_active=True).order_by("-loaded_at", "-pk").first()
    if instrument is None:
        instrument, _created = instrument_load(actor=actor, data=read_instrument_file(default_instrument_path()))
    return instrument


# --- assessments ---------------------------------------------------------------------------

TEXT_FIELDS = ("protective_factors", "conclusion", "scenarios", "safety_measures")
CHOICE_FIELDS = ("serious_violence_risk", "acute_risk")


@gated(Involves.NEVER)
@transaction.atomic
def risk_assessment_start(*, actor, case: Case, instrument: Instrument | None = None) -> RiskAssessment:
    """Start a new version. It begins as a copy of the newest earlier version (which stays as it
    was), so a reassessment starts from what was known."""
    case = lock_case(case)
    case_policy.require(actor, "work", case)
    if case.risk_assessments.filter(status__in=[AssessmentStatus.DRAFT, AssessmentStatus.COMPLETED]).exists():
        raise CaseError(_("Sagen har allerede en risikovurdering, der er i gang eller afventer godkendelse."))
    previous = case.risk_assessments.order_by("-version").first()
    instrument = instrument or (previous.instrument if previous and previous.instrument.is_active else None)
    instrument = instrument or default_instrument(actor=actor)
    now = timezone.now()
    version = (case.risk_assessments.aggregate(v=Max("version"))["v"] or 0) + 1
    assessment = RiskAssessment.objects.create(
        case=case,
        version=version,
        instrument=instrument,
        based_on=previous,
        author=actor,
        created_at=now,
        updated_at=now,
        subject_is_likely_victim=previous.subject_is_likely_victim if previous else True,
        **({f: getattr(previous, f) for f in (*TEXT_FIELDS, *CHOICE_FIELDS)} if previous else {}),
    )
    earlier = {}
    if previous is not None:
        assessment.possible_perpetrators.set(previous.possible_perpetrators.all())
        assessment.likely_victims.set(previous.likely_victims.all())
        earlier = {(r.factor.group.code, r.factor.code): r for r in previous.ratings.select_related("factor__group")}
    ratings = []
    for factor in Factor.objects.filter(group__instrument=instrument).select_related("group"):
        old = earlier.get((factor.group.code, factor.code))
        ratings.append(
            FactorRating(
                assessment=assessment,
                factor=factor,
                now=old.now if old else "",
                past=old.past if old else "",
                notes=old.notes if old else "",
            )
        )
    FactorRating.objects.bulk_create(ratings)
    audit_case_event(
        actor,
        audit_actions.ASSESSMENT_STARTED,
        case,
        target=assessment,
        new={
            "version": version,
            "instrument": f"{instrument.code}:{instrument.version}",
            "based_on": previous.version if previous else None,
        },
    )
    gate_changed(case)
    return assessment


@dataclass
class RatingInput:
    now: str = ""
    past: str = ""
    notes: str = ""


def _lock_assessment(assessment: RiskAssessment) -> tuple[Case, RiskAssessment]:
    case = lock_case(assessment.case)
    locked = RiskAssessment.objects.select_for_update().get(pk=assessment.pk)
    locked.case = case
    return case, locked


def _people(case: Case, people) -> list[CasePerson]:
    ids = [p.pk if hasattr(p, "pk") else int(p) for p in people or []]
    found = list(CasePerson.objects.filter(case=case, pk__in=ids))
    if len(found) != len(set(ids)):
        raise CaseError(_("Vælg personer fra sagens familie og netværk."))
    return found


@gated(Involves.NEVER)
@transaction.atomic
def risk_assessment_save(
    *,
    actor,
    assessment: RiskAssessment,
    ratings: dict[int, RatingInput],
    possible_perpetrators=(),
    likely_victims=(),
    subject_is_likely_victim: bool = True,
    protective_factors: str = "",
    serious_violence_risk: str = "",
    acute_risk: str = "",
    conclusion: str = "",
    scenarios: str = "",
    safety_measures: str = "",
    reassessment_on: datetime.date | None = None,
) -> RiskAssessment:
    """Save a draft (any part may still be empty)."""
    case, assessment = _lock_assessment(assessment)
    risk_policy.require(actor, "edit", assessment)
    for level in (serious_violence_risk, acute_risk):
        if level and level not in Level.values:
            raise CaseError(_("Ukendt risikoniveau."))
    by_factor = {r.factor_id: r for r in assessment.ratings.all()}
    unknown = set(ratings) - set(by_factor)
    if unknown:
        raise CaseError(_("En faktor hører ikke til vurderingens instrument."))
    if reassessment_on != assessment.reassessment_on and (problem := dates.REASSESSMENT.problem(reassessment_on)):
        raise CaseError(problem)
    changed_ratings = []
    for factor_id, value in ratings.items():
        if (value.now and value.now not in Rating.values) or (value.past and value.past not in Rating.values):
            raise CaseError(_("Ukendt vurdering af en faktor."))
        rating = by_factor[factor_id]
        if (rating.now, rating.past, rating.notes) != (value.now, value.past, value.notes):
            rating.now, rating.past, rating.notes = value.now, value.past, value.notes
            changed_ratings.append(rating)
    FactorRating.objects.bulk_update(changed_ratings, ["now", "past", "notes"])
    assessment.possible_perpetrators.set(_people(case, possible_perpetrators))
    assessment.likely_victims.set(_people(case, likely_victims))
    assessment.subject_is_likely_victim = subject_is_likely_victim
    assessment.protective_factors = protective_factors
    assessment.serious_violence_risk = serious_violence_risk
    assessment.acute_risk = acute_risk
    assessment.conclusion = conclusion
    assessment.scenarios = scenarios
    assessment.safety_measures = safety_measures
    assessment.reassessment_on = reassessment_on
    assessment.updated_at = timezone.now()
    assessment.save()
    audit_case_event(
        actor,
        audit_actions.ASSESSMENT_SAVED,
        case,
        target=assessment,
        new={"version": assessment.version, "ratings_changed": len(changed_ratings)},
    )
    return assessment


class AssessmentIncomplete(CaseError):
    def __init__(self, missing: list[str]):
        super().__init__(_("Vurderingen mangler: %(missing)s.") % {"missing": "; ".join(missing)})
        self.missing = missing


def missing_for_completion(assessment: RiskAssessment) -> list[str]:
    missing = []
    unrated = [r for r in assessment.ratings.select_related("factor") if not r.now or not r.past]
    if unrated:
        missing.append(
            _("%(count)s faktorer er ikke vurderet både nu og tidligere (fx “%(first)s”)")
            % {"count": len(unrated), "first": unrated[0].factor.label}
        )
    if not assessment.serious_violence_risk:
        missing.append(_("risiko for alvorlig vold"))
    if not assessment.acute_risk:
        missing.append(_("akut risiko"))
    if not assessment.conclusion.strip():
        missing.append(_("den samlede faglige vurdering"))
    if not assessment.safety_measures.strip():
        missing.append(_("sikkerhedsforanstaltninger"))
    if not assessment.reassessment_on:
        missing.append(_("dato for revurdering"))
    elif reassessment_date_problem(assessment.reassessment_on):
        missing.append(
            _("en dato for revurdering, der ikke er passeret og højst ligger %(days)s dage fremme")
            % {"days": settings.RISK_REASSESSMENT_MAX_DAYS}
        )
    return missing


def reassessment_date_problem(day: datetime.date) -> str | None:
    """The Danish message when a reassessment date is passed or further ahead than
    `settings.RISK_REASSESSMENT_MAX_DAYS` (days), else None."""
    return dates.REASSESSMENT.problem(day)


@gated(Involves.NEVER)
@transaction.atomic
def risk_assessment_complete(*, actor, assessment: RiskAssessment) -> RiskAssessment:
    """The author completes the assessment; from now on it never changes."""
    case, assessment = _lock_assessment(assessment)
    risk_policy.require(actor, "complete", assessment)
    missing = missing_for_completion(assessment)
    if missing:
        raise AssessmentIncomplete(missing)
    assessment.status = AssessmentStatus.COMPLETED
    assessment.completed_at = timezone.now()
    assessment.save(update_fields=["status", "completed_at"])
    audit_case_event(
        actor,
        audit_actions.ASSESSMENT_COMPLETED,
        case,
        target=assessment,
        new={
            "version": assessment.version,
            "serious_violence_risk": assessment.serious_violence_risk,
            "acute_risk": assessment.acute_risk,
            "reassessment_on": assessment.reassessment_on,
        },
    )
    gate_changed(case)
    return assessment


@gated(Involves.NEVER)
@transaction.atomic
def risk_assessment_approve(*, actor, assessment: RiskAssessment, note: str = "") -> RiskAssessment:
    """A second person (another case worker or a leader of the case's unit) approves."""
    case, assessment = _lock_assessment(assessment)
    risk_policy.require(actor, "review", assessment)
    assessment.status = AssessmentStatus.APPROVED
    assessment.reviewed_by = actor
    assessment.reviewed_at = timezone.now()
    assessment.review_note = note
    assessment.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
    audit_case_event(
        actor,
        audit_actions.ASSESSMENT_APPROVED,
        case,
        target=assessment,
        old={"status": AssessmentStatus.COMPLETED},
        new={"version": assessment.version, "status": AssessmentStatus.APPROVED, "author_id": assessment.author_id},
    )
    gate_changed(case)
    return assessment


@gated(Involves.NEVER)
@transaction.atomic
def risk_assessment_return(*, actor, assessment: RiskAssessment, note: str) -> RiskAssessment:
    """The second person sends it back with a note; it stays readable and a new version is made."""
    case, assessment = _lock_assessment(assessment)
    risk_policy.require(actor, "review", assessment)
    if not note.strip():
        raise CaseError(_("Skriv, hvorfor vurderingen sendes tilbage."))
    assessment.status = AssessmentStatus.RETURNED
    assessment.reviewed_by = actor
    assessment.reviewed_at = timezone.now()
    assessment.review_note = note
    assessment.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
    audit_case_event(
        actor,
        audit_actions.ASSESSMENT_RETURNED,
        case,
        target=assessment,
        old={"status": AssessmentStatus.COMPLETED},
        new={"version": assessment.version, "status": AssessmentStatus.RETURNED},
    )
    gate_changed(case)
    return assessment


# --- the gate override ---------------------------------------------------------------------


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
    if latest.reassessment_on is None or latest.reassessment_on < to_local(timezone.now()).date():
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


# --- consultations -------------------------------------------------------------------------


@gated(Involves.PEOPLE)
@transaction.atomic
def consultation_record(
    *,
    actor,
    case: Case,
    partner_kind: str,
    partner_name: str,
    consulted_on: datetime.date,
    identification: str,
    question: str,
    advice: str,
    partner=None,
    contact_person: str = "",
    consent_note: str = "",
    legal_basis: str = "",
    follow_up: str = "",
    mentions_confirmed: MentionsAnswer = False,
) -> Consultation:
    """Advice from the police, a SIRI security consultant (serviceloven § 12 c), VISO or another
    partner: named only with consent (or, except for the security consultants, another legal
    basis); otherwise anonymised."""
    case = lock_case(case)
    case_policy.require(actor, "work", case)
    if partner_kind not in PartnerKind.values:
        raise CaseError(_("Vælg samarbejdspartneren."))
    if identification not in Identification.values:
        raise CaseError(_("Angiv, om barnet er nævnt med navn."))
    if identification == Identification.NAMED_CONSENT and not consent_note.strip():
        raise CaseError(_("Skriv, hvem der har givet samtykke, og hvornår."))
    if identification == Identification.NAMED_LEGAL_BASIS:
        if partner_kind == PartnerKind.SECURITY_CONSULTANT:
            raise CaseError(_("Sikkerhedskonsulenten rådgiver med navn kun med samtykke. Ellers anonymiseret."))
        if not legal_basis.strip():
            raise CaseError(_("Skriv hjemlen for at videregive oplysningerne."))
    if problem := dates.PAST_EVENT.problem(consulted_on):
        raise CaseError(problem)
    # A partner is never the family: a partner or contact person who reads like a family member
    # is asked about while the gate is closed.
    # A partner is never the family; the question and the advice may discuss the family, but
    # a sentence in them that records a contact with it is asked about.
    mentions = check_mentions(case, [partner_name, contact_person], confirmed=mentions_confirmed)
    mentions += check_mentions(case, [question, advice, follow_up], confirmed=mentions_confirmed, contacts_only=True)
    consultation = Consultation.objects.create(
        case=case,
        partner_kind=partner_kind,
        partner=partner,
        partner_name=partner_name or (partner.name if partner else PartnerKind(partner_kind).label),
        contact_person=contact_person,
        consulted_on=consulted_on,
        identification=identification,
        consent_note=consent_note,
        legal_basis=legal_basis,
        question=question,
        advice=advice,
        follow_up=follow_up,
        recorded_at=timezone.now(),
        recorded_by=actor,
    )
    audit_case_event(
        actor,
        audit_actions.CONSULTATION_RECORDED,
        case,
        target=consultation,
        new={
            "partner_kind": partner_kind,
            "identification": identification,
            "consulted_on": consulted_on,
            "mentions_confirmed": bool(mentions),
        },
        purpose=Purpose.COLLABORATION,
    )
    return consultation
