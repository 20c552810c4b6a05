"""Reads for the goals dashboard: the statutory-duty barometer, the detection, collaboration and
implementation figures, and the cases behind a barometer figure.

Every function takes the acting user, asks `GoalsPolicy` and records the read. The dashboard
holds counts only (no person), so its event names no person; the list of cases behind a figure
names each person shown, with the purpose "Ledelsestilsyn" (supervision).
"""

import datetime
from dataclasses import dataclass, replace

from django.utils import timezone
from django.utils.translation import gettext as _

from beredskab.audit.purposes import Purpose
from beredskab.audit.services import audit_record
from beredskab.cases.models import Case, Track
from beredskab.cases.policies import case_policy, lead_unit_ids
from beredskab.cases.selectors import listed
from beredskab.core.dates import today as local_today
from beredskab.intake.policies import report_policy

from . import audit_actions, barometer, detection, exports, scope, statistics
from .barometer import Indicator
from .models import ExportJob
from .policies import goals_policy, sees_small_counts
from .scope import Filters
from .tables import FEW_MISSED, ROUNDED_NOTE, Table, show_count, show_kept, show_kept_share, small


@dataclass
class BarometerRow:
    indicator: Indicator
    earlier: Indicator  # the same period last year

    def show(self, indicator: Indicator, suppress: bool) -> str:
        if indicator.key == barometer.MEDIAN:
            if indicator.value is None:
                return "–"
            if suppress and small(indicator.basis):
                return "< 5"
            return f"{indicator.value:.1f}".replace(".", ",")
        if indicator.whole is None:
            return show_count(indicator.part, suppress=suppress)
        return show_kept_share(indicator.part, indicator.whole, suppress=suppress)


@dataclass
class Figures:
    """Everything the dashboard counts for one period (no user, no audit: `dashboard` is the reader)."""

    filters: Filters
    barometer: list[Indicator]
    totals: dict
    tables: list[Table]


def figures(
    filters: Filters,
    *,
    now: datetime.datetime,
    today: datetime.date,
    snapshot: bool = True,
    adult_ids: set[int] | None = None,
) -> Figures:
    adult_ids = scope.adults_unit_ids() if adult_ids is None else adult_ids
    return Figures(
        filters=filters,
        barometer=barometer.barometer(filters, now=now, today=today, snapshot=snapshot),
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
    suppress: bool  # counts below 5 are shown as "< 5", every other count rounded to the nearest 5
    may_see_cases: bool
    # The figures with a case behind them that the reader may see (need-to-know): a link to the
    # list only where one of them is, so a case hidden from them is not told by a link to an
    # empty list.
    with_cases: frozenset[str] = frozenset()
    # The period asked for, when `filters` widened it to whole months (`scope.whole_months`).
    asked: Filters | None = None

    @property
    def widened(self) -> bool:
        return self.asked is not None and (self.asked.start, self.asked.end) != (self.filters.start, self.filters.end)

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
                    "value": row.show(now, self.suppress),
                    "part": show_kept(now.part, now.whole, suppress=self.suppress) if now.whole is not None else "",
                    "whole": show_count(now.whole, suppress=self.suppress) if now.whole is not None else "",
                    "of_whole": self._of_whole(now),
                    "earlier": "–" if now.key == barometer.ADULT_OWNER else row.show(then, self.suppress),
                    "has_cases": self.may_see_cases and now.key in self.with_cases,
                }
            )
        return out

    def _of_whole(self, indicator: Indicator) -> str:
        """ "8 af 10" under the figure ("" without a whole), guarded as the figure is."""
        if not indicator.whole:
            return ""
        part = show_kept(indicator.part, indicator.whole, suppress=self.suppress)
        whole = show_count(indicator.whole, suppress=self.suppress)
        if part == str(FEW_MISSED):
            return _("%(whole)s i alt, < 5 ikke overholdt") % {"whole": whole}
        return _("%(part)s af %(whole)s") % {"part": part, "whole": whole}

    @property
    def implementation_rows(self) -> list[list[str]]:
        """The implementation figures as the page shows them (counts below 5 suppressed when
        `suppress`, as every other count of the dashboard)."""
        return exports.implementation_rows(self.implementation, suppress=self.suppress)

    @property
    def tables(self) -> list[Table]:
        return [detection.totals_table(self.current.totals, self.earlier.totals), *self.current.tables]

    @property
    def charts(self) -> list[dict]:
        """Each table with what its chart and table show (counts below 5 suppressed when `suppress`)."""
        out = []
        for table in self.tables:
            bars = table.bars(suppress=self.suppress)
            out.append(
                {
                    "table": table,
                    "rows": table.shown(suppress=self.suppress),
                    "bars": bars,
                    "summary": table.summary(suppress=self.suppress),
                    "rounded": str(ROUNDED_NOTE) if self.suppress else "",
                }
            )
        return out


def _board(user, filters: Filters, now: datetime.datetime | None, *, suppress: bool) -> Dashboard:
    """The dashboard counted for `filters`. The one place of the rule for what a reader is shown:
    when `suppress` (a reader without access to every case behind the figures, and every
    export), the period is widened to whole calendar months and the counts are suppressed below
    5 and rounded to the nearest 5 (`beredskab.goals.tables`), so neither two periods a day
    apart nor all units minus the others give a small count away. Otherwise the exact days asked
    and exact counts."""
    asked = filters
    if suppress:
        filters = scope.whole_months(filters)
    now = now or timezone.now()
    day = local_today()
    adult_ids = scope.adults_unit_ids()
    current = figures(filters, now=now, today=day, adult_ids=adult_ids)
    may_see_cases = goals_policy.can(user, "view_cases", filters)
    with_cases = frozenset()
    if may_see_cases:  # one EXISTS a figure
        visible = case_policy.visible(user, Case.objects.all())
        with_cases = frozenset(i.key for i in current.barometer if (i.cases & visible).exists())
    return Dashboard(
        filters=filters,
        current=current,
        # Widened, last year's period is the same whole months (1-28 February 2025 against all
        # of February 2024, 29 February included: one day short would give that day away).
        earlier=figures(
            scope.whole_months(filters.last_year()) if suppress else filters.last_year(),
            now=now,
            today=day,
            snapshot=False,
            adult_ids=adult_ids,
        ),
        implementation=detection.implementation(day),
        suppress=suppress,
        may_see_cases=may_see_cases,
        with_cases=with_cases,
        asked=asked,
    )


def dashboard(*, user, filters: Filters, now: datetime.datetime | None = None) -> Dashboard:
    """The dashboard for `filters` with the same period last year beside it (PolicyDenied for
    anyone but the leaders and the coordinator). Counts only; the view is recorded."""
    goals_policy.require(user, "view", filters)
    result = _board(user, filters, now, suppress=not sees_small_counts(user, filters))
    audit_record(
        actor=user,
        action=audit_actions.DASHBOARD_VIEWED,
        purpose=Purpose.SUPERVISION,
        new={"filters": result.filters.as_query()},
    )
    return result


def export(*, user, filters: Filters, fmt: str, now: datetime.datetime | None = None) -> tuple[bytes, str, str]:
    """The dashboard's tables as a file ("csv" or "xlsx"): (content, content type, file name).
    In every export, whoever asks, the period is whole months and counts are suppressed below 5
    and rounded to the nearest 5. The download is recorded."""
    goals_policy.require(user, "view", filters)
    board = _board(user, filters, now, suppress=True)
    content, content_type = exports.render(board, fmt)
    audit_record(
        actor=user,
        action=audit_actions.EXPORTED,
        purpose=Purpose.REPORTING,
        new={"filters": board.filters.as_query(), "format": fmt},
    )
    return content, content_type, exports.filename(board.filters, fmt)


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
    visible = case_policy.visible(user, indicator.cases)
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


def statistics_export(*, user, filters: Filters) -> tuple[bytes, str]:
    """The reports about children (under 18 or of unknown age: `statistics.about_children`)
    received in the period by the units the user leads (and may see:
    the intake's report policy), one row per report in Danmarks Statistik's shape
    (`beredskab.goals.statistics`): (content, file name). ONE event names every child in it."""
    goals_policy.require(user, "export_statistics", filters)
    reports = report_policy.visible(
        user,
        statistics.about_children(
            scope.reports(replace(filters, track=Track.CHILDREN)).filter(receiving_unit_id__in=lead_unit_ids(user))
        ),
    )
    table = statistics.rows(reports)
    refs = list(reports.values_list("pk", "subject_cpr_index"))
    audit_record(
        actor=user,
        action=audit_actions.STATISTICS_EXPORTED,
        purpose=Purpose.REPORTING,
        persons=[f"cpr:{index}" if index else f"intake.report:{pk}" for pk, index in refs],
        new={"filters": filters.as_query(), "count": len(table)},
    )
    name = f"underretninger-dst-{filters.start:%Y-%m-%d}-{filters.end:%Y-%m-%d}.csv"
    return statistics.to_csv(table), name


def council_report(*, user, year: int, now: datetime.datetime | None = None) -> Dashboard:
    """The year's figures for the council (all units, both tracks), counts below 5 suppressed
    whoever asks (the PDF leaves the building); the year so far when it is this year. Recorded
    as an export."""
    day = local_today()
    filters = Filters(start=datetime.date(year, 1, 1), end=min(datetime.date(year, 12, 31), day))
    goals_policy.require(user, "view", filters)
    board = _board(user, filters, now, suppress=True)
    board.may_see_cases = False
    audit_record(
        actor=user,
        action=audit_actions.EXPORTED,
        purpose=Purpose.REPORTING,
        new={"filters": board.filters.as_query(), "format": "pdf"},
    )
    return board


def export_job(*, user, job_id):
    """A file the user asked for (its status; the file itself stays in the database): LookupError
    for anyone else's or an expired one. No personal data, not audited (the download is)."""
    goals_policy.require(user, "view")
    job = ExportJob.objects.defer("content").filter(pk=job_id, requester=user, expires_at__gt=timezone.now()).first()
    if job is None:
        raise LookupError(job_id)
    return job


def my_exports(*, user, limit: int = 10) -> list:
    """The user's own files not yet expired, newest first (without their content)."""
    return list(
        ExportJob.objects.defer("content")
        .filter(requester=user, expires_at__gt=timezone.now())
        .order_by("-created_at")[:limit]
    )
