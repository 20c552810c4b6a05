"""Reads for the goals dashboard: the statutory-duty barometer, the detection, collaboration and
implementation figures, and the cases behind a barometer figure.

Every function takes the acting user, asks `GoalsPolicy` and records the read. The dashboard
holds counts only (no person), so its event names no person; the list of cases behind a figure
names each person shown, with the purpose "Ledelsestilsyn" (supervision).
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from beredskab.audit.purposes import Purpose
from beredskab.audit.services import audit_record
from beredskab.cases.models import Case
from beredskab.cases.policies import case_policy
from beredskab.cases.selectors import listed
from beredskab.core.dates import today as local_today

from . import audit_actions, barometer, detection, scope
from .barometer import Indicator
from .policies import goals_policy, sees_small_counts
from .scope import Filters
from .tables import Table, show_count, show_share, small


@dataclass
class BarometerRow:
    indicator: Indicator
    earlier: Indicator  # the same period last year

    def _show(self, indicator: Indicator, suppress: bool) -> str:
        if indicator.key == barometer.MEDIAN:
            if indicator.value is None:
                return "–"
            if suppress and small(indicator.basis):
                return "< 5"
            return f"{indicator.value:.1f}".replace(".", ",")
        if indicator.whole is None:
            return show_count(indicator.part, suppress=suppress)
        return show_share(indicator.part, indicator.whole, suppress=suppress)


@dataclass
class Figures:
    """Everything the dashboard counts for one period (no user, no audit: `dashboard` is the reader)."""

    filters: Filters
    barometer: list[Indicator]
    totals: dict
    tables: list[Table]


def figures(filters: Filters, *, now: datetime.datetime, today: datetime.date) -> Figures:
    adult_ids = scope.adults_unit_ids()
    return Figures(
        filters=filters,
        barometer=barometer.barometer(filters, now=now, today=today),
        totals=detection.totals(filters, adult_ids),
        tables=[
            detection.per_month(filters, adult_ids),
            detection.by_reporter(filters, adult_ids),
            detection.by_unit(filters, adult_ids),
            detection.by_sign(filters, adult_ids),
            detection.collaboration(filters),
        ],
    )


@dataclass
class Dashboard:
    filters: Filters
    current: Figures
    earlier: Figures  # the same period last year
    implementation: dict
    suppress: bool  # counts below 5 are shown as "< 5"
    may_see_cases: bool

    @property
    def rows(self) -> list[dict]:
        """The barometer's rows as the page and the exports show them."""
        out = []
        for now, then in zip(self.current.barometer, self.earlier.barometer, strict=True):
            row = BarometerRow(now, then)
            out.append(
                {
                    "key": now.key,
                    "label": now.label,
                    "definition": now.definition,
                    "target": now.target,
                    "value": row._show(now, self.suppress),
                    "part": show_count(now.part, suppress=self.suppress) if now.whole is not None else "",
                    "whole": show_count(now.whole, suppress=self.suppress) if now.whole is not None else "",
                    "earlier": "–" if now.key == barometer.ADULT_OWNER else row._show(then, self.suppress),
                    "has_cases": bool(now.case_ids),
                }
            )
        return out

    @property
    def tables(self) -> list[Table]:
        return [detection.totals_table(self.current.totals, self.earlier.totals), *self.current.tables]


def dashboard(*, user, filters: Filters, now: datetime.datetime | None = None) -> Dashboard:
    """The dashboard for `filters` with the same period last year beside it (PolicyDenied for
    anyone but the leaders and the coordinator). Counts only; the view is recorded."""
    goals_policy.require(user, "view", filters)
    now = now or timezone.now()
    day = local_today()
    result = Dashboard(
        filters=filters,
        current=figures(filters, now=now, today=day),
        earlier=figures(filters.last_year(), now=now, today=day),
        implementation=detection.implementation(day),
        suppress=not sees_small_counts(user, filters),
        may_see_cases=goals_policy.can(user, "view_cases", filters),
    )
    audit_record(
        actor=user,
        action=audit_actions.DASHBOARD_VIEWED,
        purpose=Purpose.SUPERVISION,
        new={"filters": filters.as_query()},
    )
    return result


@dataclass
class CasesBehind:
    indicator: Indicator
    cases: list[Case]
    overrides: list  # GateOverride (the risk gate's figure only), with their reasons


def cases_behind(*, user, filters: Filters, key: str, now: datetime.datetime | None = None) -> CasesBehind:
    """The cases where the duty of barometer figure `key` was not kept, of those the user may
    see (need-to-know), with the leaders' overrides and their reasons for the risk gate's
    figure. LookupError for an unknown figure; PolicyDenied without access to the unit's cases.
    ONE event names every person shown."""
    goals_policy.require(user, "view_cases", filters)
    now = now or timezone.now()
    indicator = next((i for i in barometer.barometer(filters, now=now, today=local_today()) if i.key == key), None)
    if indicator is None:
        raise LookupError(key)
    visible = case_policy.visible(user, Case.objects.filter(pk__in=indicator.case_ids))
    cases = list(visible.select_related("unit", "owner").order_by("received_at", "pk"))
    overrides = []
    if key == barometer.GATE:
        overrides = list(
            barometer.overrides(filters)
            .filter(case__in=case_policy.visible(user, Case.objects.all()))
            .select_related("case", "granted_by")
            .order_by("granted_at", "pk")
        )
    shown = listed(cases + [o.case for o in overrides if o.case not in cases])
    audit_record(
        actor=user,
        action=audit_actions.CASES_BEHIND_VIEWED,
        purpose=Purpose.SUPERVISION,
        persons=shown["persons"],
        new={"figure": key, "filters": filters.as_query(), **shown["new"]},
    )
    return CasesBehind(indicator=indicator, cases=cases, overrides=overrides)
