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
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from beredskab.audit.purposes import Purpose
from beredskab.audit.services import audit_record
from beredskab.core.jobs import JobRun
from beredskab.intake.selectors import not_in_a_case

from . import audit_actions
from .clocks import (
    Clock,
    case_clocks,
    closed_case_reply_clocks,
    pending_reply_q,
    queue_clock,
    with_clock_rows,
)
from .models import OPEN_STATUSES, Case, CaseReport, CaseStatus, DeadlineReminder

logger = logging.getLogger(__name__)


def _open_clocks(run: JobRun) -> list[Clock]:
    """Every running clock. A report or case whose clocks cannot be computed is left out (and
    counted as failed in `run`); the others are not held up by it."""
    clocks = []
    waiting = not_in_a_case().select_related("receiving_unit")
    for report in run.rows(waiting, "report"):
        with run.item("report", report.pk):
            clocks.append(queue_clock(report))
    cases = with_clock_rows(Case.objects.filter(status__in=OPEN_STATUSES))
    for case in run.rows(cases, "case"):
        with run.item("case", case.pk):
            clocks.extend(case_clocks(case, include_done=False))
    closed = CaseReport.objects.filter(pending_reply_q(), case__status=CaseStatus.CLOSED).select_related(
        "report", "case", "case__unit", "case__owner"
    )
    for case_report in run.rows(closed, "case report"):
        with run.item("case report", case_report.pk):
            clocks.extend(closed_case_reply_clocks([case_report]))
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


def _record_reminder(clock: Clock, *, now: datetime.datetime, sent_to: str) -> None:
    DeadlineReminder.objects.create(
        clock_key=clock.key,
        case=clock.case,
        report=clock.report if clock.case is None else None,
        due_at=clock.due_at,
        sent_at=now,
        sent_to=sent_to,
    )
    target = clock.case if clock.case is not None else clock.report
    audit_record(
        actor=None,
        action=audit_actions.DEADLINE_REMINDER_SENT,
        target=target,
        person_ref=target.person_ref,
        purpose=Purpose.CASE_WORK,
        new={"clock": clock.key, "kind": str(clock.kind), "sent_to": sent_to},
    )


def deadline_reminders_send(*, now: datetime.datetime | None = None, run: JobRun | None = None) -> int:
    """Send the reminders that are due. Returns the number of e-mails sent.

    Each case, report, clock and e-mail is handled on its own (beredskab.core.jobs): one that
    fails is logged by id and counted in `run`, and every other reminder still goes. Without a
    `run` of the caller's, JobFailed is raised at the end when anything failed."""
    own_run = run is None
    run = run or JobRun("send_deadline_reminders")
    now = now or timezone.now()
    already = set(DeadlineReminder.objects.values_list("clock_key", flat=True))
    due: dict[tuple[str, str], list[Clock]] = defaultdict(list)
    for clock in _open_clocks(run):
        with run.item("clock", clock.key):
            if clock.key in already or now < clock.remind_from:
                continue
            address, kind = _recipient(clock)
            if not address:
                logger.warning("No address for a deadline reminder (clock %s)", clock.key)
                continue
            due[(address, kind)].append(clock)
    sent = 0
    for (address, kind), clocks in due.items():
        # One e-mail per recipient; a clock whose record fails is left out of it.
        # If the e-mail cannot be sent, none of its records stay: the next run tries again.
        with run.item("reminder e-mail for clock", clocks[0].key), transaction.atomic():
            recorded = []
            for clock in clocks:
                with run.item("clock", clock.key):
                    try:
                        with transaction.atomic():
                            _record_reminder(clock, now=now, sent_to=kind)
                    except IntegrityError:
                        logger.info("Deadline reminder for clock %s already sent by another run", clock.key)
                        continue
                    recorded.append(clock)
            if not recorded:
                continue
            subject, body = reminder_text(sorted({clock.reference for clock in recorded}))
            EmailMessage(subject=subject, body=body, to=[address]).send()
            sent += 1
    if own_run:
        run.finish()
    return sent
