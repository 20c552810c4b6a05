"""Statutory clocks, computed (never stored) from the reports, the case and its tasks.

- 24-hour assessment (barnets lov § 136): 24 hours of elapsed time from the moment of receipt.
  Elapsed time is used, so across a change to or from summer time the deadline moves one hour
  on the wall clock (a report received 12:00 on the Saturday before summer time ends is due
  11:00 on the Sunday).
- Receipt to a named reporter (§ 137): by the end of the 6th Danish working day after the day
  of receipt (`beredskab.core.workdays`). Built for every named reporter, not only
  professionals (docs/domain.md, unconfirmed).
- Feedback to a professional reporter (§ 137) on whether an afdækning, an investigation or
  support was started. The law's time limit is not confirmed here: `CASES_FEEDBACK_DUE_MONTHS`
  (default 3) sets it.
- Tasks (due date, end of day) and the risk assessment's reassessment date.
- An adult's inquiry (serviceloven; `beredskab.cases.tracks`) has none of the children's
  clocks above: it has the adults unit's stated contact time instead (by the end of the
  unit's number of working days after receipt; `tracks.adult_contact_working_days`). The
  clock stops when the case's work starts (status "I gang") or the case is closed. A report the
  children's unit received before a hand-over at 18 starts no clock on the adult case.

Each clock has a stable key, used by the reminders so a deadline is reminded only once.
"""

import datetime
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from beredskab.cases.risk.models import AssessmentStatus, RiskAssessment
from beredskab.core.fields import encrypted_field_names
from beredskab.core.workdays import local_zone, to_local, working_days_deadline
from beredskab.intake.deadlines import RECEIPT_WORKING_DAYS, adult_contact_working_days
from beredskab.intake.models import Report, ReporterKind

from .models import CaseReport, CaseStatus, CaseStatusChange, Task, TaskStatus, Track, UrgentAssessment

ASSESSMENT_HOURS = 24


def feedback_due_months() -> int:
    return int(getattr(settings, "CASES_FEEDBACK_DUE_MONTHS", 3))


class ClockKind(StrEnum):
    ASSESSMENT = "assessment"
    RECEIPT = "receipt"
    FEEDBACK = "feedback"
    TASK = "task"
    REASSESSMENT = "reassessment"
    CONTACT = "contact"


CLOCK_LABELS = {
    ClockKind.ASSESSMENT: _("Vurdering inden for 24 timer"),
    ClockKind.RECEIPT: _("Kvittering til indberetter"),
    ClockKind.FEEDBACK: _("Tilbagemelding til fagperson"),
    ClockKind.TASK: _("Opgave"),
    ClockKind.REASSESSMENT: _("Revurdering af risiko"),
    ClockKind.CONTACT: _("Kontakt til borgeren"),
}
CLOCK_LAW = {
    ClockKind.ASSESSMENT: "barnets lov § 136",
    ClockKind.RECEIPT: "barnets lov § 137",
    ClockKind.FEEDBACK: "barnets lov § 137",
    ClockKind.TASK: "",
    ClockKind.REASSESSMENT: "barnets lov § 18, stk. 3",
    ClockKind.CONTACT: "",
}
# How long before the deadline a clock counts as "due soon" and a reminder is sent.
REMINDER_LEAD = {
    ClockKind.ASSESSMENT: datetime.timedelta(hours=6),
    ClockKind.RECEIPT: datetime.timedelta(days=2),
    ClockKind.FEEDBACK: datetime.timedelta(days=14),
    ClockKind.TASK: datetime.timedelta(days=1),
    ClockKind.REASSESSMENT: datetime.timedelta(days=7),
    ClockKind.CONTACT: datetime.timedelta(days=1),
}


class ClockState(StrEnum):
    DONE = "done"
    DONE_LATE = "done_late"
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    RUNNING = "running"


STATE_LABELS = {
    ClockState.DONE: _("Overholdt"),
    ClockState.DONE_LATE: _("Udført efter fristen"),
    ClockState.OVERDUE: _("Overskredet"),
    ClockState.DUE_SOON: _("Fristen nærmer sig"),
    ClockState.RUNNING: _("I gang"),
}


@dataclass(frozen=True)
class Clock:
    key: str
    kind: ClockKind
    due_at: datetime.datetime
    done_at: datetime.datetime | None = None
    case: object = None
    report: object = None
    task: object = None
    detail: str = ""

    @property
    def label(self):
        return CLOCK_LABELS[self.kind]

    @property
    def law(self) -> str:
        if self.case is not None and getattr(self.case, "is_adult", False):
            return ""  # an adult's case is never handled under barnets lov
        return CLOCK_LAW[self.kind]

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    def state(self, now: datetime.datetime | None = None) -> ClockState:
        now = now or timezone.now()
        if self.done_at is not None:
            return ClockState.DONE if self.done_at <= self.due_at else ClockState.DONE_LATE
        if now > self.due_at:
            return ClockState.OVERDUE
        if now >= self.due_at - REMINDER_LEAD[self.kind]:
            return ClockState.DUE_SOON
        return ClockState.RUNNING

    @property
    def current_state(self) -> ClockState:
        return self.state()

    @property
    def state_label(self):
        return STATE_LABELS[self.state()]

    @property
    def remind_from(self) -> datetime.datetime:
        return self.due_at - REMINDER_LEAD[self.kind]

    @property
    def reference(self) -> str:
        if self.case is not None:
            return self.case.reference
        return self.report.reference if self.report is not None else ""


def end_of_day(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(23, 59, 59), tzinfo=local_zone())


def _date_done(day: datetime.date | None) -> datetime.datetime | None:
    """A date something was done counts as done at the start of that day (so a receipt sent on
    the last day is on time)."""
    if day is None:
        return None
    return datetime.datetime.combine(day, datetime.time(0, 0), tzinfo=local_zone())


def add_months(moment: datetime.datetime, months: int) -> datetime.datetime:
    local = to_local(moment)
    month_index = local.month - 1 + months
    year, month = local.year + month_index // 12, month_index % 12 + 1
    day = local.day
    while True:
        try:
            return end_of_day(datetime.date(year, month, day))
        except ValueError:
            day -= 1


def assessment_due(received_at: datetime.datetime) -> datetime.datetime:
    """24 elapsed hours after receipt (barnets lov § 136), counted in UTC: an aware local time
    plus 24 hours would be 23 or 25 real hours across a summer-time change."""
    return to_local(received_at).astimezone(datetime.UTC) + datetime.timedelta(hours=ASSESSMENT_HOURS)


def receipt_due(received_at: datetime.datetime) -> datetime.datetime:
    return working_days_deadline(received_at, RECEIPT_WORKING_DAYS)


def feedback_due(received_at: datetime.datetime) -> datetime.datetime:
    return add_months(received_at, feedback_due_months())


def report_assessment_clock(report, *, case=None, assessed_at=None) -> Clock:
    return Clock(
        key=f"assessment:report:{report.pk}",
        kind=ClockKind.ASSESSMENT,
        due_at=assessment_due(report.received_at),
        done_at=assessed_at,
        case=case,
        report=report,
        detail=report.reference,
    )


def contact_due(received_at: datetime.datetime, unit) -> datetime.datetime:
    return working_days_deadline(received_at, adult_contact_working_days(unit))


def contact_clock(report, *, unit, case=None, done_at=None) -> Clock:
    """The adults unit's stated contact time for an inquiry (serviceloven)."""
    return Clock(
        key=f"contact:report:{report.pk}",
        kind=ClockKind.CONTACT,
        due_at=contact_due(report.received_at, unit),
        done_at=done_at,
        case=case,
        report=report,
        detail=report.reference,
    )


def queue_clock(report) -> Clock:
    """The first clock of a report not yet on a case: the 24-hour assessment, or for an inquiry
    routed to an adults unit, the unit's contact time."""
    if report.is_adult_inquiry:
        return contact_clock(report, unit=report.receiving_unit)
    return report_assessment_clock(report)


def _work_started_at(case) -> datetime.datetime | None:
    """When an adult's case left "received" (the citizen was contacted), from its prefetched history."""
    changes = [c for c in case.status_changes.all() if c.from_status == CaseStatus.RECEIVED]
    return min((c.changed_at for c in changes), default=None)


def case_report_clocks(case_report, *, case=None) -> list[Clock]:
    """The clocks of one report in a case (the case and report objects are not re-read)."""
    report = case_report.report
    case = case or case_report.case
    if case.is_adult:
        if report.receiving_unit_id != case.unit_id:
            return []  # received by the children's unit before a hand-over at 18: its clocks are over
        return [contact_clock(report, unit=case.unit, case=case, done_at=_work_started_at(case))]
    assessment = case_report.urgent_assessment
    clocks = [report_assessment_clock(report, case=case, assessed_at=assessment.assessed_at if assessment else None)]
    if case_report.needs_receipt:
        clocks.append(
            Clock(
                key=f"receipt:report:{report.pk}",
                kind=ClockKind.RECEIPT,
                due_at=receipt_due(report.received_at),
                done_at=_date_done(case_report.receipt_sent_on),
                case=case,
                report=report,
                detail=report.reference,
            )
        )
    if case_report.needs_feedback:
        clocks.append(
            Clock(
                key=f"feedback:report:{report.pk}",
                kind=ClockKind.FEEDBACK,
                due_at=feedback_due(report.received_at),
                done_at=_date_done(case_report.feedback_sent_on),
                case=case,
                report=report,
                detail=report.reference,
            )
        )
    return clocks


def with_clock_rows(cases: QuerySet) -> QuerySet:
    """`cases` (a `Case` queryset) with what `case_clocks` reads prefetched: the unit and owner,
    the reports with their 24-hour assessments, the tasks with their owners, and the risk
    assessments' versions and reassessment dates. Lists and reminders of many cases use it, so
    a case costs no query of its own."""
    # The clocks read no encrypted column of a report: none is decrypted.
    reports = CaseReport.objects.select_related("report", "urgent_assessment").defer(
        *encrypted_field_names(CaseReport),
        *encrypted_field_names(Report, prefix="report__"),
        *encrypted_field_names(UrgentAssessment, prefix="urgent_assessment__"),
    )
    return cases.select_related("unit", "owner").prefetch_related(
        Prefetch("case_reports", queryset=reports),
        Prefetch("tasks", queryset=Task.objects.select_related("owner")),
        Prefetch(
            "status_changes", queryset=CaseStatusChange.objects.only("pk", "case_id", "from_status", "changed_at")
        ),
        Prefetch(
            "risk_assessments",
            queryset=RiskAssessment.objects.only("pk", "case_id", "status", "version", "reassessment_on"),
        ),
    )


def case_clocks(case, *, include_done: bool = True) -> list[Clock]:
    """Every clock of a case, soonest first. Uses the prefetched relations of
    `selectors.case_queryset()` or `with_clock_rows` and reads nothing else from the database."""
    clocks: list[Clock] = []
    for case_report in case.case_reports.all():
        clocks.extend(case_report_clocks(case_report, case=case))
    if case.is_open:
        for task in case.tasks.all():
            if task.status == TaskStatus.OPEN:
                clocks.append(
                    Clock(
                        key=f"task:{task.pk}:{task.due_on.isoformat()}",
                        kind=ClockKind.TASK,
                        due_at=end_of_day(task.due_on),
                        case=case,
                        task=task,
                        detail=task.title,
                    )
                )
        latest = latest_approved_assessment(case)
        if latest is not None and latest.reassessment_on:
            clocks.append(
                Clock(
                    key=f"reassessment:{latest.pk}",
                    kind=ClockKind.REASSESSMENT,
                    due_at=end_of_day(latest.reassessment_on),
                    case=case,
                    detail=str(_("Version %(version)s") % {"version": latest.version}),
                )
            )
    if not include_done:
        clocks = [c for c in clocks if not c.is_done]
    return sorted(clocks, key=lambda c: (c.is_done, c.due_at))


def pending_reply_q():
    """Case reports of any case whose receipt or feedback is still owed (closed cases too:
    a professional reporter is owed feedback also when the case ends without support)."""
    named = Q(report__reporter_anonymous=False) & ~Q(case__track=Track.ADULTS)  # no § 137 for adults
    return named & (
        Q(receipt_sent_on__isnull=True)
        | Q(feedback_sent_on__isnull=True, report__reporter_kind=ReporterKind.PROFESSIONAL)
    )


def closed_case_reply_clocks(case_reports) -> list[Clock]:
    """The receipt and feedback clocks still running on closed cases."""
    clocks = []
    for case_report in case_reports:
        if case_report.case.is_adult:
            continue
        clocks.extend(
            c
            for c in case_report_clocks(case_report)
            if c.kind not in (ClockKind.ASSESSMENT, ClockKind.CONTACT) and not c.is_done
        )
    return clocks


def latest_approved_assessment(case):
    approved = [a for a in case.risk_assessments.all() if a.status == AssessmentStatus.APPROVED]
    return max(approved, key=lambda a: a.version) if approved else None


def worst_state(clocks: list[Clock], now=None) -> ClockState | None:
    order = [ClockState.OVERDUE, ClockState.DUE_SOON, ClockState.RUNNING]
    states = {c.state(now) for c in clocks if not c.is_done}
    return next((s for s in order if s in states), None)
