"""The safety app's data, as settings with documented defaults (never code): Danish school
holidays for the pre-holiday list, the hours of the no-show ladder, the return check, and the
concern radar's escalation rules. A municipality overrides any of them in its settings.

SAFETY_SCHOOL_HOLIDAYS: [{"name": str, "starts_on": "YYYY-MM-DD", "ends_on": "YYYY-MM-DD"}]
    The school holiday periods (first and last day off). The default is the common pattern of
    Danish municipal schools for 2026-2027 (vinterferie uge 7, påske, sommerferie from the last
    Saturday of June, efterårsferie uge 42, juleferie); the municipality's own calendar differs
    by a day or two and should be set. The pre-holiday list shows a holiday from
    SAFETY_HOLIDAY_LIST_DAYS (default 21) days before it starts until it ends.
SAFETY_OUT_OF_HOURS_AFTER_HOURS: int | None
    Hours after the leader was alerted about an unhandled no-show before the out-of-hours route
    is alerted; None (default) uses the safety plan's own reaction time again.
SAFETY_RETURN_CHECK_WORKING_DAYS: int
    Working days after the expected return date the return check task is due (default 1); the
    task opens the day after the expected return, the alert goes when it is overdue.
SAFETY_TRAVEL_RISK_FACTORS: [str]
    Factor codes of the risk instrument (instruments/) that make a known risk of a trip abroad
    when the current assessment rates them partly or fully present now (default "udlandet").
Radar rules: the plan in force's `radar` section (plan file, FORMAT.md) when it has one; else
    SAFETY_RADAR_RULES: [dict]; else the default below (the issue's three examples). See
    `beredskab.safety.radar` for the kinds; each rule has a plain-words `text` shown with every
    hit, e.g. "3 eller flere underretninger om samme person inden for 12 måneder".
"""

import datetime

from django.conf import settings

from beredskab.plan.selectors import plan_in_force

DEFAULT_SCHOOL_HOLIDAYS = [
    {"name": "Vinterferie 2026", "starts_on": "2026-02-07", "ends_on": "2026-02-15"},
    {"name": "Påskeferie 2026", "starts_on": "2026-03-28", "ends_on": "2026-04-06"},
    {"name": "Sommerferie 2026", "starts_on": "2026-06-27", "ends_on": "2026-08-09"},
    {"name": "Efterårsferie 2026", "starts_on": "2026-10-10", "ends_on": "2026-10-18"},
    {"name": "Juleferie 2026", "starts_on": "2026-12-19", "ends_on": "2027-01-03"},
    {"name": "Vinterferie 2027", "starts_on": "2027-02-13", "ends_on": "2027-02-21"},
    {"name": "Påskeferie 2027", "starts_on": "2027-03-20", "ends_on": "2027-03-29"},
    {"name": "Sommerferie 2027", "starts_on": "2027-06-26", "ends_on": "2027-08-08"},
]

DEFAULT_RADAR_RULES = [
    {
        "code": "gentagne-underretninger",
        "kind": "reports_about_person",
        "count": 3,
        "months": 12,
        "text": "3 eller flere underretninger om samme person inden for 12 måneder",
    },
    {
        "code": "soeskende-med-sag",
        "kind": "sibling_open_flagged_case",
        "text": "En søskende eller en anden i husstanden har en åben sag markeret NSK/ÆRK",
    },
    {
        "code": "efter-rejse",
        "kind": "report_after_trip",
        "months": 6,
        "text": "En underretning efter en rejse til udlandet",
    },
]


def school_holidays() -> list[dict]:
    """The holiday periods as dicts with `name`, `starts_on`, `ends_on` (dates), by start."""
    rows = getattr(settings, "SAFETY_SCHOOL_HOLIDAYS", DEFAULT_SCHOOL_HOLIDAYS)
    return sorted(
        (
            {
                "name": r["name"],
                "starts_on": datetime.date.fromisoformat(str(r["starts_on"])),
                "ends_on": datetime.date.fromisoformat(str(r["ends_on"])),
            }
            for r in rows
        ),
        key=lambda r: r["starts_on"],
    )


def holiday_list_days() -> int:
    return int(getattr(settings, "SAFETY_HOLIDAY_LIST_DAYS", 21))


def out_of_hours_after_hours() -> int | None:
    return getattr(settings, "SAFETY_OUT_OF_HOURS_AFTER_HOURS", None)


def return_check_working_days() -> int:
    return int(getattr(settings, "SAFETY_RETURN_CHECK_WORKING_DAYS", 1))


def travel_risk_factors() -> tuple[str, ...]:
    return tuple(getattr(settings, "SAFETY_TRAVEL_RISK_FACTORS", ("udlandet",)))


def radar_rules() -> list[dict]:
    """The radar's rules: the plan in force's, else the setting, else the default."""
    plan = plan_in_force()
    if plan is not None and plan.radar_rules:
        return list(plan.radar_rules)
    return list(getattr(settings, "SAFETY_RADAR_RULES", DEFAULT_RADAR_RULES))
