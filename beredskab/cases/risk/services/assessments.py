"""Risk assessments: a draft, completed by its author, approved or returned by a second person
(four eyes). A new version starts as a copy of the one before it."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from beredskab.cases.case_events import audit_case_event, lock_case
from beredskab.cases.errors import CaseError
from beredskab.cases.gate_state import gate_changed
from beredskab.cases.models import Case, CasePerson
from beredskab.cases.policies import case_policy
from beredskab.core import dates

from .. import audit_actions
from ..gate import Involves, gated
from ..models import AssessmentStatus, Factor, FactorRating, Instrument, Level, Rating, RiskAssessment
from ..policies import risk_policy
from .instruments import default_instrument

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


def _record_review(*, actor, case: Case, assessment: RiskAssessment, status: str, note: str, action, new: dict):
    """The second person's decision on a completed (locked) assessment: `status`, who, when and
    the note; audited as `action` with `new`; the gate counts the change."""
    assessment.status = status
    assessment.reviewed_by = actor
    assessment.reviewed_at = timezone.now()
    assessment.review_note = note
    assessment.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
    audit_case_event(actor, action, case, target=assessment, old={"status": AssessmentStatus.COMPLETED}, new=new)
    gate_changed(case)


@gated(Involves.NEVER)
@transaction.atomic
def risk_assessment_approve(*, actor, assessment: RiskAssessment, note: str = "") -> RiskAssessment:
    """A second person (another case worker or a leader of the case's unit) approves."""
    case, assessment = _lock_assessment(assessment)
    risk_policy.require(actor, "review", assessment)
    _record_review(
        actor=actor,
        case=case,
        assessment=assessment,
        status=AssessmentStatus.APPROVED,
        note=note,
        action=audit_actions.ASSESSMENT_APPROVED,
        new={"version": assessment.version, "status": AssessmentStatus.APPROVED, "author_id": assessment.author_id},
    )
    return assessment


@gated(Involves.NEVER)
@transaction.atomic
def risk_assessment_return(*, actor, assessment: RiskAssessment, note: str) -> RiskAssessment:
    """The second person sends it back with a note; it stays readable and a new version is made."""
    case, assessment = _lock_assessment(assessment)
    risk_policy.require(actor, "review", assessment)
    if not note.strip():
        raise CaseError(_("Skriv, hvorfor vurderingen sendes tilbage."))
    _record_review(
        actor=actor,
        case=case,
        assessment=assessment,
        status=AssessmentStatus.RETURNED,
        note=note,
        action=audit_actions.ASSESSMENT_RETURNED,
        new={"version": assessment.version, "status": AssessmentStatus.RETURNED},
    )
    return assessment
