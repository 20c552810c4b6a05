"""Revision reminders: the plan must be revised at least every 4 years (barnets lov § 15,
stk. 3). The coordinators are reminded 12, 6 and 1 months before the deadline of the version in
force, and once it has passed.

The deadline is the plan's own `revision.due` (Ishøj 2024: 1 April 2028, "forventes i 2028"),
else 4 years after its adoption (`plan.models.latest_revision_due`).

`manage.py implementation_revision_reminders` (cron, daily) or the task
`beredskab.implementation.tasks.send_revision_reminders` sends what is due. Each reminder is one
`RevisionReminder` row per version and threshold, made before the e-mail is sent and in the
same transaction: the job run twice (or two runs at once) sends once, and a failing e-mail
leaves no row, so the next run tries again. A job that first runs after several thresholds have
passed sends the latest one only (the earlier ones are recorded as superseded). The e-mail and
the notice on the start page are content-free: a deadline and a link, no person, no case."""

import calendar
import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from beredskab.accounts.models import User
from beredskab.audit.services import audit_record
from beredskab.core.dates import long_date, today
from beredskab.core.jobs import JobRun
from beredskab.core.roles import Role
from beredskab.plan.models import Plan, latest_revision_due
from beredskab.plan.selectors import plan_in_force

from . import audit_actions
from .models import RevisionReminder, Threshold

logger = logging.getLogger(__name__)

# Months before the deadline; PASSED is the day after it.
MONTHS_BEFORE = {Threshold.MONTHS_12: 12, Threshold.MONTHS_6: 6, Threshold.MONTHS_1: 1}


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (or earlier, when negative); a day the month lacks becomes
    its last day (31 March - 1 month = 28/29 February)."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last))


def revision_due(plan: Plan | None) -> datetime.date | None:
    """The version's revision deadline: its own date, else 4 years after adoption; None when
    neither is known."""
    if plan is None:
        return None
    if plan.revision_due:
        return plan.revision_due
    return latest_revision_due(plan.adopted_on) if plan.adopted_on else None


def threshold_dates(due: datetime.date) -> list[tuple[str, datetime.date]]:
    """[(threshold, the first day it applies)] in order: 12, 6, 1 months before, then passed."""
    dates = [(threshold, add_months(due, -months)) for threshold, months in MONTHS_BEFORE.items()]
    return [*dates, (Threshold.PASSED, due + datetime.timedelta(days=1))]


def reached_thresholds(due: datetime.date, day: datetime.date) -> list[str]:
    return [threshold for threshold, first in threshold_dates(due) if first <= day]


def coordinators():
    return User.objects.filter(is_active=True, role_assignments__role=Role.PLAN_COORDINATOR).distinct()


def reminder_text(threshold: str, due: datetime.date) -> tuple[str, str]:
    with translation.override("da"):
        if threshold == Threshold.PASSED:
            subject = _("Fristen for revision af beredskabsplanen er overskredet")
            first = _("Beredskabsplanen i kraft skulle have været revideret senest %(date)s.")
        else:
            subject = _("Påmindelse: beredskabsplanen skal revideres senest %(date)s") % {"date": long_date(due)}
            first = _("Beredskabsplanen i kraft skal revideres senest %(date)s.")
        body = "\n".join(
            [
                first % {"date": long_date(due)},
                _("Barnets lov § 15, stk. 3, kræver, at planen revideres mindst hvert 4. år."),
                "",
                _("Log ind i Beredskab for at se fristen og gå i gang:"),
                settings.SITE_URL.rstrip("/") + reverse("core:home"),
                "",
                _("Denne e-mail indeholder bevidst ingen personoplysninger."),
            ]
        )
    return subject, body


def _send(plan: Plan, due: datetime.date, reached: list[str]) -> int:
    done = set(RevisionReminder.objects.filter(plan=plan).values_list("threshold", flat=True))
    latest = reached[-1]
    if latest in done:
        return 0
    now = timezone.now()
    addresses = sorted({u.email for u in coordinators() if u.email})
    with transaction.atomic():  # the row first: a second run waits on it, then finds it
        for threshold in reached[:-1]:
            if threshold not in done:
                RevisionReminder.objects.create(
                    plan=plan, threshold=threshold, due_on=due, created_at=now, superseded=True
                )
        reminder = RevisionReminder.objects.create(
            plan=plan, threshold=latest, due_on=due, created_at=now, recipients=len(addresses)
        )
        audit_record(
            actor=None,
            action=audit_actions.REVISION_REMINDER_SENT,
            target=reminder,
            new={"plan_id": plan.pk, "threshold": latest, "due_on": due, "recipients": len(addresses)},
        )
        if not addresses:
            logger.warning("No plan coordinator to remind of the revision of plan %s", plan.pk)
        subject, body = reminder_text(latest, due)
        for address in addresses:  # one each: coordinators do not see each other's addresses
            EmailMessage(subject=subject, body=body, to=[address]).send()
    return 1


def revision_reminders_send(*, run: JobRun | None = None) -> int:
    """Send the revision reminder that is due for the version in force, if not sent before.
    Returns the number of reminders sent (0 or 1)."""
    own_run = run is None
    run = run or JobRun("implementation_revision_reminders")
    plan = plan_in_force()
    due = revision_due(plan)
    sent = 0
    if due is not None:
        reached = reached_thresholds(due, today())
        if reached:
            with run.item("plan", plan.pk):
                sent = _send(plan, due, reached)
    if own_run:
        run.finish()
    return sent


def revision_status(plan: Plan | None = None) -> dict | None:
    """For the coordinator's start page: {"due": date, "days_left": int (negative when passed),
    "passed": bool, "reminder": the latest RevisionReminder not superseded, or None}."""
    plan = plan if plan is not None else plan_in_force()
    due = revision_due(plan)
    if due is None:
        return None
    reminder = RevisionReminder.objects.filter(plan=plan, superseded=False).order_by("-created_at", "-pk").first()
    days_left = (due - today()).days
    return {"plan": plan, "due": due, "days_left": days_left, "passed": days_left < 0, "reminder": reminder}
