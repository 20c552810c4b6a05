"""Reads of the safety records. Every read of personal data is audited with the purpose the
reader chose (or implied: the case policy's `read_purpose`)."""

import datetime

from django.db.models import Q
from django.template.loader import render_to_string

from beredskab.audit.purposes import Purpose
from beredskab.audit.services import audit_record
from beredskab.cases.models import OPEN_STATUSES, Case
from beredskab.cases.policies import case_policy
from beredskab.cases.risk.models import FactorRating, Rating
from beredskab.cases.selectors import read_purpose
from beredskab.core import dates
from beredskab.intake.models import Report
from beredskab.intake.policies import report_policy

from . import audit_actions, conf, contacts
from .models import NoShow, SafetyPlan, Trip
from .policies import safety_policy
from .radar import Radar, Subject, radar
from .standing import current_assessment

__all__ = ["current_assessment"]  # the pages word a missing assessment by it


def _audit_read(user, case: Case, action, purpose: str | None, target=None, new=None, persons=()) -> None:
    audit_record(
        actor=user,
        action=action,
        target=target if target is not None else case,
        person_ref=case.person_ref,
        purpose=read_purpose(user, case, purpose),
        new={"case": case.reference, **(new or {})},
        persons=persons,
    )


def safety_overview(*, user, case: Case, purpose: str | None = None) -> dict:
    """The case's safety plans (newest first), no-shows and trips, audited as one read."""
    safety_policy.require(user, "view", case)
    plans = list(
        SafetyPlan.objects.filter(case=case)
        .select_related("risk_assessment", "no_show_reporter", "created_by")
        .prefetch_related("scenarios")
        .order_by("-number")
    )
    no_shows = list(NoShow.objects.filter(case=case).select_related("reported_by", "handled_by", "task"))
    trips = list(Trip.objects.filter(case=case).select_related("recorded_by", "return_task"))
    _audit_read(user, case, audit_actions.WATCH_VIEWED, purpose, new={"plans": len(plans), "trips": len(trips)})
    assessment, why_not = current_assessment(case)
    return {
        "plans": plans,
        "active": next((p for p in plans if p.is_active), None),
        "no_shows": no_shows,
        "trips": trips,
        "assessment": assessment,
        "assessment_reason": why_not,
    }


def with_contacts(plan: SafetyPlan) -> SafetyPlan:
    """The plan with its `scenario_list`, each scenario's `contacts` and the plan's `out_of_hours` route resolved
    from the plan in force now (so a changed number shows at once)."""
    in_force = contacts.current_plan()
    plan.scenario_list = list(plan.scenarios.all())
    for scenario in plan.scenario_list:
        scenario.contacts = contacts.resolve(scenario.contact_codes, in_force)
    plan.out_of_hours = contacts.out_of_hours(in_force)
    return plan


def plan_for_reading(*, user, case: Case, number: int, purpose: str | None = None) -> SafetyPlan:
    """One safety plan (SafetyPlan.DoesNotExist when none), contacts resolved, read audited."""
    safety_policy.require(user, "view", case)
    plan = SafetyPlan.objects.select_related("risk_assessment", "no_show_reporter").get(case=case, number=number)
    _audit_read(user, case, audit_actions.PLAN_VIEWED, purpose, target=plan, new={"number": number})
    return with_contacts(plan)


def audit_plan_print(*, user, case: Case, plan: SafetyPlan, version: str) -> None:
    """The plan printed (`version`: "pocket" for the person, "staff")."""
    safety_policy.require(user, "view", case)
    _audit_read(user, case, audit_actions.PLAN_PRINTED, None, target=plan, new={"version": version})


def _radar_look_up(*, user, subject: Subject, today: datetime.date, audit) -> Radar:
    """The one way into the concern radar, for every path (intake, screening, the case page):
    `radar` builds the reader's scope (protected and restricted cases they may not see are
    unknown to it) and `audit(new, persons)` records the look-up with its purpose, naming every
    person whose case or report it showed (or showed to exist), so each finds it in their log.
    tests/test_radar_paths.py checks that nothing else calls the radar."""
    result = radar(user=user, subject=subject, today=today)
    audit({"rules_fired": [h.code for h in result.hits], "shown": result.shown_refs()}, result.shown_persons())
    return result


def radar_for_case(*, user, case: Case, purpose: str | None, today: datetime.date) -> Radar:
    """The concern radar for the case (see `radar`), the look-up audited with its purpose."""
    safety_policy.require(user, "view", case)
    return _radar_look_up(
        user=user,
        subject=Subject.of_case(case),
        today=today,
        audit=lambda new, persons: _audit_read(
            user, case, audit_actions.RADAR_LOOKUP, purpose, new=new, persons=persons
        ),
    )


def radar_summary(user, case: Case) -> str | None:
    """The concern radar at screening (registered with `cases.hooks`): the rules that fired and
    what lies behind them, as this reader may see it, or None for a reader outside the case's
    team. Each showing is an audited look-up (purpose: the reader's default for the case)."""
    if not safety_policy.can(user, "view", case):
        return None
    result = radar_for_case(user=user, case=case, purpose=None, today=dates.today())
    return render_to_string("safety/_radar_summary.html", {"case": case, "radar": result})


def radar_for_report(*, user, report: Report, today: datetime.date) -> Radar:
    """The concern radar at intake, for a report before it is in a case (the person only: a
    report has no network yet), audited with the purpose intake. PolicyDenied for a reader who
    may not see the report."""
    report_policy.require(user, "view", report)

    def audit(new, persons):
        audit_record(
            actor=user,
            action=audit_actions.RADAR_LOOKUP,
            target=report,
            person_ref=report.person_ref,
            purpose=Purpose.INTAKE,
            new={"report": report.reference, **new},
            persons=persons,
        )

    return _radar_look_up(user=user, subject=Subject.of_report(report), today=today, audit=audit)


def radar_intake_summary(user, report: Report) -> str | None:
    """The concern radar on the intake queue's page for a report (registered with
    `cases.hooks`), or None for a reader who may not see the report. Each showing is an
    audited look-up (purpose: intake)."""
    if not report_policy.can(user, "view", report):
        return None
    result = radar_for_report(user=user, report=report, today=dates.today())
    return render_to_string("safety/_radar_summary.html", {"report": report, "radar": result})


def _travel_risk_cases(case_ids) -> set[int]:
    """Cases whose latest approved assessment rates a travel-risk factor present now."""
    ratings = FactorRating.objects.filter(
        assessment__case_id__in=case_ids,
        assessment__status="approved",
        factor__code__in=conf.travel_risk_factors(),
        now__in=[Rating.PARTLY, Rating.PRESENT],
    ).values_list("assessment__case_id", "assessment__version")
    latest = {}
    for case_id, version in ratings:
        latest[case_id] = max(version, latest.get(case_id, 0))
    approved = Case.objects.filter(pk__in=latest).prefetch_related("risk_assessments")
    return {
        c.pk
        for c in approved
        if max((a.version for a in c.risk_assessments.all() if a.status == "approved"), default=0) == latest[c.pk]
    }


def upcoming_holidays(today: datetime.date) -> list[dict]:
    """The school holidays the list is for: starting within SAFETY_HOLIDAY_LIST_DAYS, or going on."""
    horizon = today + datetime.timedelta(days=conf.holiday_list_days())
    return [h for h in conf.school_holidays() if h["ends_on"] >= today and h["starts_on"] <= horizon]


def holiday_watch(*, user, holiday: dict) -> list[dict]:
    """Before a school holiday: the open NSK/ÆRK-flagged cases the user's team works on with an
    open trip (dates unknown, or overlapping the holiday) or a known risk of one (the current
    assessment rates a travel-risk factor present). Each row: case, trips, travel_risk. Audited
    per case (purpose: case work)."""
    team_cases = Case.objects.filter(status__in=OPEN_STATUSES, nsk_aerk_flag=True)
    cases = [c for c in case_policy.visible(user, team_cases).select_related("unit") if case_policy.is_team(user, c)]
    ids = [c.pk for c in cases]
    overlapping = Q(departs_on__isnull=True) | Q(departs_on__lte=holiday["ends_on"])
    overlapping &= Q(expected_return_on__isnull=True) | Q(expected_return_on__gte=holiday["starts_on"])
    trips: dict[int, list] = {}
    for trip in Trip.objects.filter(overlapping, case_id__in=ids, returned_on__isnull=True):
        trips.setdefault(trip.case_id, []).append(trip)
    risky = _travel_risk_cases(ids)
    rows = [
        {"case": c, "trips": trips.get(c.pk, []), "travel_risk": c.pk in risky}
        for c in cases
        if c.pk in trips or c.pk in risky
    ]
    for row in rows:
        audit_record(
            actor=user,
            action=audit_actions.HOLIDAY_LIST_VIEWED,
            target=row["case"],
            person_ref=row["case"].person_ref,
            purpose=Purpose.CASE_WORK,
            new={"case": row["case"].reference, "holiday": holiday["name"]},
        )
    return sorted(rows, key=lambda r: r["case"].reference)
