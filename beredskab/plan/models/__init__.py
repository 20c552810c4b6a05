"""The preparedness plan as data.

A `Plan` is one version of one municipality's plan. Everything in it hangs off the plan
(centres, contact units with opening hours, target groups with warning signs, procedures and
duty-to-report texts, partners, definitions, prevention levels, goals), so a version can be
copied, compared, adopted and archived as a whole. Plans hold no personal data: only the
official contact points of public bodies and organisations.

Facts the plan text does not state (e.g. opening hours) can be stored with an "unconfirmed"
note (`unconfirmed.UnconfirmedFactsMixin`). Staff pages show them as "ikke bekræftet" until
the plan coordinator confirms them (`services.plan_fact_confirm`).

The models live in modules by part of the plan (`plan`, `contacts`, `target_groups`,
`partners`); Django finds them through this module, and callers import them from here.
"""

from .contacts import (
    Centre,
    CentreArea,
    ContactUnit,
    OpeningHours,
    OutOfHoursVia,
    SpecialDay,
    UnitRole,
    more_phone_field,
)
from .partners import Goal, GoalActivity, Partner, PreventionLevel
from .plan import (
    UNKNOWN_AGE_CHOICE,
    AcuteStep,
    ClosureDay,
    DatePrecision,
    Definition,
    Plan,
    PlanInForcePeriod,
    PlanStatus,
    SeparateRoute,
    TargetGroupChoice,
    Term,
    latest_revision_due,
)
from .target_groups import (
    Audience,
    District,
    Duty,
    DutyToReport,
    PlanReader,
    ProcedureStep,
    ReaderProcedure,
    SignGroup,
    TargetGroup,
    TargetGroupAdvice,
    WarningSign,
)
from .unconfirmed import UnconfirmedFact, UnconfirmedFactsMixin

__all__ = [
    "UNKNOWN_AGE_CHOICE",
    "AcuteStep",
    "Audience",
    "Centre",
    "CentreArea",
    "ClosureDay",
    "ContactUnit",
    "DatePrecision",
    "Definition",
    "District",
    "Duty",
    "DutyToReport",
    "Goal",
    "GoalActivity",
    "OpeningHours",
    "OutOfHoursVia",
    "Partner",
    "Plan",
    "PlanInForcePeriod",
    "PlanReader",
    "PlanStatus",
    "PreventionLevel",
    "ProcedureStep",
    "ReaderProcedure",
    "SeparateRoute",
    "SignGroup",
    "SpecialDay",
    "TargetGroup",
    "TargetGroupAdvice",
    "TargetGroupChoice",
    "Term",
    "UnconfirmedFact",
    "UnconfirmedFactsMixin",
    "UnitRole",
    "WarningSign",
    "latest_revision_due",
    "more_phone_field",
]
