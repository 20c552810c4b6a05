"""Reminders before a statutory deadline passes: content-free e-mails.

A reminder says only that a deadline is near on a case (or a report waiting in the queue) and
where to log in: the reference, never a name, a CPR number or anything from the case. It goes
to the case's owner (a task's owner for a task), else to the unit's inbox. Each clock is
reminded once (`DeadlineReminder.clock_key`), from `clocks.REMINDER_LEAD` before its deadline;
a clock already overdue when first seen is reminded too.

Run by cron or a timer: `manage.py send_deadline_reminders` (or enqueue
`beredskab.cases.tasks.send_deadline_reminders`).
"""

import datetime
import logging
from collections import defaultdict

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from beredskab.audit.purposes import Purpose
from beredskab.audit.services import audit_record
from beredskab.intake.models import Report

from . import audit_actions
from .clocks import Clock, case_clocks, closed_case_reply_clocks, pending_reply_q, report_assessment_clock
from .models import OPEN_STATUSES, Case, CaseReport, CaseStatus, DeadlineReminder, Task

logger = logging.getLogger(__name__)


def _open_clocks() -> list[Clock]:
    from beredskab.risk.models import RiskAssessment

    clocks = [
        report_assessment_clock(report)
        for report in Report.objects.filter(case_link__isnull=True).select_related("receiving_unit")
    ]
    cases = (
        Case.objects.filter(status__in=OPEN_STATUSES)
        .select_related("unit", "owner")
        .prefetch_related(
            Prefetch("case_reports", queryset=CaseReport.objects.select_related("report", "urgent_assessment")),
            Prefetch("tasks", queryset=Task.objects.select_related("owner")),
            Prefetch(
                "risk_assessments",
                queryset=RiskAssessment.objects.only("pk", "case_id", "status", "version", "reassessment_on"),
            ),
        )
    )
    for case in cases:
        clocks.extend(case_clocks(case, include_done=False))
    closed = CaseReport.objects.filter(pending_reply_q(), case__status=CaseStatus.CLOSED).select_related(
        "report", "case", "case__unit", "case__owner"
    )
    clocks.extend(closed_case_reply_clocks(closed))
    return clocks


def _recipient(clock: Clock) -> tuple[str, str]:
    """(address, kind) for a clock: the responsible person, else the unit's inbox."""
    if clock.task is not None and clock.task.owner.is_active:
        return clock.task.owner.email, "owner"
    case = clock.case
    if case is not None and case.owner_id and case.owner.is_active:
        return case.owner.email, "owner"
    unit = case.unit if case is not None else clock.report.receiving_unit
    return unit.inbox_email, "unit_inbox"


def reminder_text(references: list[str]) -> tuple[str, str]:
    with translation.override("da"):
        subject = _("En frist nærmer sig i Beredskab")
        lines = [_("En frist nærmer sig eller er overskredet på:"), ""]
        lines += [f"  {reference}" for reference in references]
        lines += [
            "",
            _("Log ind i Beredskab for at se fristerne:"),
            settings.SITE_URL.rstrip("/") + reverse("cases:deadlines"),
            "",
            _("Denne e-mail indeholder bevidst ingen personoplysninger."),
        ]
    return subject, "\n".join(lines)


def deadline_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Send the reminders that are due. Returns the number of e-mails sent."""
    now = now or timezone.now()
    already = set(DeadlineReminder.objects.values_list("clock_key", flat=True))
    due: dict[tuple[str, str], list[Clock]] = defaultdict(list)
    for clock in _open_clocks():
        if clock.key in already or now < clock.remind_from:
            continue
        address, kind = _recipient(clock)
        if not address:
            logger.warning("No address for a deadline reminder (clock %s)", clock.key)
            continue
        due[(address, kind)].append(clock)
    sent = 0
    for (address, kind), clocks in due.items():
        try:
            with transaction.atomic():
                for clock in clocks:
                    DeadlineReminder.objects.create(
                        clock_key=clock.key,
                        case=clock.case,
                        report=clock.report if clock.case is None else None,
                        due_at=clock.due_at,
                        sent_at=now,
                        sent_to=kind,
                    )
                    target = clock.case if clock.case is not None else clock.report
                    audit_record(
                        actor=None,
                        action=audit_actions.DEADLINE_REMINDER_SENT,
                        target=target,
                        person_ref=target.person_ref,
                        purpose=Purpose.CASE_WORK,
                        new={"clock": clock.key, "kind": str(clock.kind), "sent_to": kind},
                    )
                references = sorted({clock.reference for clock in clocks})
                subject, body = reminder_text(references)
                EmailMessage(subject=subject, body=body, to=[address]).send()
        except IntegrityError:
            logger.info("Deadline reminders already sent by another run")
            continue
        sent += 1
    return sent
