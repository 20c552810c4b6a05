"""Reads for the API, made of the pages' own selectors and policies: the plan in force
(plan.selectors), the reports and cases the caller may see (intake's and cases' selectors,
through their policies, audited as the pages audit them), and statistics (aggregates only)."""

import datetime

from django.db.models import Count
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from beredskab.audit.purposes import Purpose
from beredskab.audit.services import audit_record
from beredskab.cases import selectors as case_selectors
from beredskab.cases.clocks import case_clocks, end_of_day, with_clock_rows
from beredskab.cases.models import OPEN_STATUSES, Case
from beredskab.core import dates
from beredskab.goals.tables import ROUND_TO, SMALL, protect, protect_total
from beredskab.intake import selectors as report_selectors
from beredskab.intake.models import Report
from beredskab.intake.plan_texts import form_texts
from beredskab.plan.content import plan_data

from . import audit_actions

# Counts below this are suppressed in statistics (a count of 1 to 4 could point to a person), and
# every other count is rounded to the nearest ROUND_TO (the goals dashboard's rule, `goals.tables`).
SUPPRESS_BELOW = SMALL
# The API lists at most this many cases (as the unit's list page), paged.
CASE_LIST_LIMIT = 500


def plan_payload(plan) -> dict:
    """The plan in force as PlanSerializer shows it (no personal data: not audited); its rows as
    kept per version (`plan.content`: shared, read only)."""
    texts = form_texts(plan)
    data = plan_data(plan).details()
    return {
        "municipality_code": plan.municipality_code,
        "municipality_name": plan.municipality_name,
        "title": plan.title,
        "version_label": plan.version_label,
        "adopted_on": plan.adopted_on,
        "adopted_on_precision": plan.adopted_on_precision,
        "unconfirmed": [fact.place for fact in plan.unconfirmed_facts()],
        "emergency_name": plan.emergency_name,
        "emergency_phone": plan.emergency_phone,
        "units": data.unit_list,
        "target_groups": sorted(data.groups, key=lambda g: (g.order, g.pk)),  # the plan's order
        "sign_groups": data.sign_groups,
        "acute_steps": data.acute_steps,
        "partners": data.partners,
        "report_signs": [
            {"group": str(group), "signs": [{"id": value, "text": str(label)} for value, label in options]}
            for group, options in texts.sign_choices
        ],
    }


# --- reports and cases ---------------------------------------------------------------------


def reports_for_caller(*, user, unit: str | None = None, acute: bool | None = None) -> list[Report]:
    """The reports of the caller's units (intake's queue selector: newest 200, the list's read
    audited; a list row holds no personal data), filtered by unit code and acuteness."""
    reports = report_selectors.reports_for_unit_queue(user=user)
    if unit:
        reports = [r for r in reports if r.receiving_unit.code == unit]
    if acute is not None:
        reports = [r for r in reports if r.is_acute == acute]
    return reports


def cases_for_caller(
    *,
    user,
    status: str | None = None,
    unit: str | None = None,
    flagged: bool | None = None,
    deadline_before: datetime.date | None = None,
) -> list[Case]:
    """The cases the caller may see (CasePolicy: need-to-know, protected cases, shares,
    break-glass), oldest first, at most CASE_LIST_LIMIT: open ones unless `status` is given;
    `deadline_before`: only those with a running clock due by the end of that day. Each case gets
    `api_clocks` (its running clocks, soonest first). Nothing is audited here: the view audits
    the page it shows (`audit_cases_listed`)."""
    queryset = with_clock_rows(case_selectors.visible_cases(user=user)).select_related("unit")
    queryset = queryset.prefetch_related("restrictions")
    queryset = queryset.filter(status=status) if status else queryset.filter(status__in=OPEN_STATUSES)
    if unit:
        queryset = queryset.filter(unit__code=unit)
    if flagged is not None:
        queryset = queryset.filter(nsk_aerk_flag=flagged)
    cases = list(queryset.order_by("received_at", "pk")[:CASE_LIST_LIMIT])
    for case in cases:
        case.api_clocks = sorted(case_clocks(case, include_done=False), key=lambda c: c.due_at)
    if deadline_before is not None:
        limit = end_of_day(deadline_before)
        cases = [c for c in cases if c.api_clocks and c.api_clocks[0].due_at <= limit]
    return cases


def subject_for(user, case) -> dict:
    """The child or citizen as this caller may see them (disclosure restrictions applied)."""
    subject = case_selectors.disclosure_for(user, case).subject(on=dates.today())
    return {
        "name": subject.name,
        "cpr_masked": subject.cpr_masked,
        "birth_date": subject.birth_date,
        "age": subject.age,
        "withheld": sorted(subject.withheld),
    }


# --- statistics ----------------------------------------------------------------------------


def suppressed(count: int) -> int | None:
    """The count rounded to the nearest 5, or None for 1..SUPPRESS_BELOW-1 (0 is safe to show)."""
    return protect_total(count, zeros_shown=True)


def _counts(rows: dict) -> dict:
    """The total and the counts by key, by the goals dashboard's rule (`goals.tables.protect`: a
    hidden count's total minus the counts shown must not give it away; every count shown rounded
    to the nearest 5, the total rounded by itself from the unrounded counts)."""
    total = sum(rows.values())
    items = sorted(rows.items())
    shown = protect([count for _key, count in items], zeros_shown=True)
    by_key = {str(key): value for (key, _count), value in zip(items, shown, strict=True)}
    return {"total": suppressed(total), "by_key": by_key}


def statistics(*, user, year: int | None = None) -> dict:
    """Aggregates for the goals dashboard and the data warehouse, for one calendar year (default:
        this year, Copenhagen): reports by month and reporter kind, acute reports, cases opened by
        track, open cases by status, flagged cases. Counts of 1-4 are null, every other count rounded to
    the nearest 5 (a calendar year is whole months: the goals dashboard's rule for those without
    access to the cases behind the counts). No personal data; the
        read is audited (purpose: reporting). Until the goals app offers its selectors, the counts
        are made here from intake's and cases' models."""
    year = year or dates.today().year
    start = timezone.make_aware(datetime.datetime(year, 1, 1))
    end = timezone.make_aware(datetime.datetime(year + 1, 1, 1))
    reports = Report.objects.filter(received_at__gte=start, received_at__lt=end)
    by_month = dict.fromkeys(range(1, 13), 0)
    for row in reports.annotate(month=ExtractMonth("received_at")).values("month").annotate(n=Count("pk")):
        by_month[row["month"]] = row["n"]
    by_reporter = {r["reporter_kind"]: r["n"] for r in reports.values("reporter_kind").annotate(n=Count("pk"))}
    opened = Case.objects.filter(opened_at__gte=start, opened_at__lt=end)
    by_track = {r["track"]: r["n"] for r in opened.values("track").annotate(n=Count("pk"))}
    open_now = Case.objects.filter(status__in=OPEN_STATUSES)
    by_status = {r["status"]: r["n"] for r in open_now.values("status").annotate(n=Count("pk"))}
    audit_record(actor=user, action=audit_actions.STATISTICS_VIEWED, purpose=Purpose.REPORTING, new={"year": year})
    return {
        "year": year,
        "suppressed_below": SUPPRESS_BELOW,
        "rounded_to": ROUND_TO,
        "reports_by_month": _counts(by_month),
        "reports_by_reporter": _counts(by_reporter),
        "acute_reports": suppressed(reports.filter(is_acute=True).count()),
        "cases_opened_by_track": _counts(by_track),
        "open_cases_by_status": _counts(by_status),
        "flagged_cases_opened": suppressed(opened.filter(nsk_aerk_flag=True).count()),
    }
