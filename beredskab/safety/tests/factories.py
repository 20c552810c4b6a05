"""Test data for the safety app, through the real services. Everything here is synthetic."""

import datetime

from django.utils import timezone

from beredskab.cases.tests.factories import another_child, assess, open_case, refresh, screen

from .. import services
from ..services.plans import PlanInput

SCENARIOS = "Familien opdager underretningen.\nHun bliver taget med til udlandet i sommerferien."


def _rating(code: str, travel_risk: bool) -> str:
    if code == "udlandet":
        return "present" if travel_risk else "absent"
    return "partly"


def approve_with_scenarios(case, author, approver, *, scenarios=SCENARIOS, travel_risk=False):
    """Start, fill in, complete and approve a risk assessment with these scenarios (one a line).
    `travel_risk`: the factor "udlandet" is rated present now."""
    from beredskab.cases.risk.services import (
        RatingInput,
        risk_assessment_approve,
        risk_assessment_complete,
        risk_assessment_save,
        risk_assessment_start,
    )

    assessment = risk_assessment_start(actor=author, case=case)
    ratings = {
        r.factor_id: RatingInput(now=_rating(r.factor.code, travel_risk), past="absent")
        for r in assessment.ratings.select_related("factor")
    }
    risk_assessment_save(
        actor=author,
        assessment=assessment,
        ratings=ratings,
        possible_perpetrators=[],
        serious_violence_risk="medium",
        acute_risk="low",
        conclusion="Kontrol, ingen konkrete trusler.",
        scenarios=scenarios,
        safety_measures="Samtale på skolen, ikke i hjemmet.",
        reassessment_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    assessment = risk_assessment_complete(actor=author, assessment=assessment)
    return risk_assessment_approve(actor=approver, assessment=assessment)


def assessed_case(worker, approver, *, travel_risk=False, **report_fields):
    """A flagged case (about a child no other test case is about) with a current approved
    assessment with two scenarios."""
    case = screen(assess(open_case(worker, **(report_fields or another_child())), worker), worker, flag=True)
    approve_with_scenarios(case, worker, approver, travel_risk=travel_risk)
    return refresh(case)


def plan_input(reporter, **overrides) -> PlanInput:
    values = {
        "made_with_person_on": datetime.date.today(),
        "safe_channels": "Via skolens kontaktperson.",
        "no_show_reporter": reporter,
        "no_show_hours": 4,
        "no_show_reaction": "Sagsbehandleren ringer til skolen og derefter til den unge.",
        "code_word": "Blåbær",
        "never_channels": ["letter_home", "digital_post", "shared_phone"],
        "documents": ["passport"],
        "documents_note": "I sagsbehandlerens boks.",
    }
    values.update(overrides)
    return PlanInput(**values)


def make_plan(case, worker, reporter, **overrides):
    return services.safety_plan_create(
        actor=worker, case=case, data=plan_input(reporter, **overrides), without_family=True
    )


def child(**extra) -> dict:
    return {**another_child(), **extra}


def days_ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)
