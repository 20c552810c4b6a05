"""The periodic watch between the meetings (idempotent: run it as often as you like).

- **No-shows** not handled by their deadline (`NoShow.deadline_at`, real elapsed hours): the
  leaders of the case's unit are alerted once; when still not handled after the same number of
  hours again (or `SAFETY_OUT_OF_HOURS_AFTER_HOURS`), the plan's out-of-hours route is alerted
  once (its e-mail in the plan in force; the leaders are told to call it when it has none).
  When the case was closed (since the no-show, also if reopened since) or the plan ended, the
  ladder stops instead (no notice), and why is recorded on the row (`escalation_stop_reason`)
  and in the audit log (`services.no_shows.ladder_stop_reason`).
- **Return checks**: the day after a trip's expected return date with no return confirmed, a
  task opens for the case owner, due `SAFETY_RETURN_CHECK_WORKING_DAYS` working days after the
  expected return; when it is overdue and still not confirmed, the owner and the leaders are
  alerted once.

- **Review**: on an active plan's review date (`SafetyPlan.review_on`, the assessment's
  reassessment date), a task opens for the case owner and the owner is told once.

Each step and its e-mail go together (a failed e-mail rolls the step back, the next run
tries again). Every notice is content-free: the case reference and where to log in, never a name, a place, a
country or anything typed. Each step is recorded on its row and in the audit log.

Run by cron: `manage.py safety_watch` (or enqueue `beredskab.safety.tasks.run_safety_watch`),
e.g. every 15 minutes around the clock: the no-show ladder counts hours, not office hours.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from beredskab.audit.purposes import Purpose
from beredskab.audit.services import audit_record
from beredskab.cases.models import OPEN_STATUSES, Task
from beredskab.cases.security_notices import unit_leaders
from beredskab.core.jobs import JobRun
from beredskab.core.workdays import add_working_days, to_local

from . import audit_actions, conf, contacts
from .models import NoShow, SafetyPlan, SafetyPlanStatus, Trip
from .services.no_shows import ladder_stop_reason

logger = logging.getLogger(__name__)

LEADER, OUT_OF_HOURS, STOPPED = "leader", "out_of_hours", "stopped"


def _notice(case, *, subject: str, lead: str) -> tuple[str, str]:
    with translation.override("da"):
        lines = [
            lead,
            "",
            f"  {case.reference}",
            "",
            _("Log ind i Beredskab for at se sagen:"),
            settings.SITE_URL.rstrip("/") + reverse("safety:overview", args=[case.reference]),
            "",
            _("Denne e-mail indeholder bevidst ingen personoplysninger."),
        ]
        return str(subject), "\n".join(lines)


def _send(addresses, subject: str, body: str) -> None:
    addresses = sorted({a for a in addresses if a})
    if addresses:
        EmailMessage(subject=subject, body=body, to=addresses).send()
    else:
        logger.warning("No address for a safety notice")


def _leader_addresses(case) -> list[str]:
    emails = [u.email for u in unit_leaders(case.unit_id) if u.email]
    return emails or [case.unit.inbox_email]


def _audit(action, case, target, new: dict) -> None:
    audit_record(
        actor=None,
        action=action,
        target=target,
        person_ref=case.person_ref,
        purpose=Purpose.CASE_WORK,
        new={"case": case.reference, **new},
    )


def _second_step_hours(no_show: NoShow) -> int:
    hours = conf.out_of_hours_after_hours()
    return int(hours) if hours is not None else no_show.plan.no_show_hours


def escalate_no_show(no_show: NoShow, now: datetime.datetime) -> str:
    """The next step due for one no-show, taken at most once each: "" (nothing due), LEADER
    or OUT_OF_HOURS; or STOPPED (once) when the case was closed or the plan ended, with the
    reason recorded on the row and in the audit log."""
    no_show = NoShow.objects.select_for_update(of=("self",)).select_related("case__unit", "plan").get(pk=no_show.pk)
    case = no_show.case
    if no_show.handled_at is not None or no_show.escalation_stopped_at is not None or now < no_show.deadline_at:
        return ""
    if reason := ladder_stop_reason(no_show):
        no_show.escalation_stopped_at = now
        no_show.escalation_stop_reason = reason
        no_show.save(update_fields=["escalation_stopped_at", "escalation_stop_reason"])
        _audit(audit_actions.NO_SHOW_ESCALATION_STOPPED, case, no_show, {"reason": reason})
        return STOPPED
    if no_show.leader_alerted_at is None:
        no_show.leader_alerted_at = now
        no_show.save(update_fields=["leader_alerted_at"])
        _audit(audit_actions.NO_SHOW_ESCALATED, case, no_show, {"to": LEADER})
        subject, body = _notice(
            case,
            subject=_("Udeblivelse ikke håndteret i tide"),
            lead=_("En meldt udeblivelse er ikke håndteret inden for sikkerhedsplanens frist på sagen:"),
        )
        _send(_leader_addresses(case), subject, body)
        return LEADER
    second = no_show.leader_alerted_at + datetime.timedelta(hours=_second_step_hours(no_show))
    if no_show.out_of_hours_alerted_at is None and now >= second:
        no_show.out_of_hours_alerted_at = now
        no_show.save(update_fields=["out_of_hours_alerted_at"])
        _audit(audit_actions.NO_SHOW_ESCALATED, case, no_show, {"to": OUT_OF_HOURS})
        subject, body = _notice(
            case,
            subject=_("Udeblivelse: vagten skal reagere"),
            lead=_(
                "En meldt udeblivelse er stadig ikke håndteret. Vagten uden for åbningstid skal reagere efter "
                "sikkerhedsplanen på sagen:"
            ),
        )
        to = [contacts.out_of_hours_email(), *_leader_addresses(case)]
        _send(to, subject, body)
        return OUT_OF_HOURS
    return ""


def check_return(trip: Trip, today: datetime.date) -> str:
    """The return check for one trip: "opened" (a task), "overdue" (the alert) or ""."""
    trip = Trip.objects.select_for_update(of=("self",)).select_related("case__unit", "case__owner").get(pk=trip.pk)
    case = trip.case
    if not case.is_open:  # closed since the list was read: nobody acts on a closed case
        return ""
    if trip.returned_on is not None or trip.expected_return_on is None or today <= trip.expected_return_on:
        return ""
    due = add_working_days(trip.expected_return_on, conf.return_check_working_days())
    if trip.return_task_id is None:
        owner = case.owner if case.owner_id and case.owner.is_active else trip.recorded_by
        trip.return_task = Task.objects.create(
            case=case,
            title=_("Tjek hjemkomst efter rejse"),
            due_on=due,
            owner=owner,
            created_at=timezone.now(),
            created_by=trip.recorded_by,
        )
        trip.save(update_fields=["return_task"])
        _audit(audit_actions.RETURN_CHECK_OPENED, case, trip, {"task": trip.return_task_id, "due_on": due})
        return "opened"
    if today > trip.return_task.due_on and trip.overdue_alerted_at is None:
        trip.overdue_alerted_at = timezone.now()
        trip.save(update_fields=["overdue_alerted_at"])
        _audit(audit_actions.RETURN_OVERDUE, case, trip, {"task": trip.return_task_id})
        subject, body = _notice(
            case,
            subject=_("Hjemkomst efter rejse ikke bekræftet"),
            lead=_("Ingen har bekræftet, at den unge er kommet hjem efter en rejse til udlandet, på sagen:"),
        )
        to = [trip.return_task.owner.email, *_leader_addresses(case)]
        _send(to, subject, body)
        return "overdue"
    return ""


def check_review(plan: SafetyPlan, today: datetime.date) -> str:
    """The review reminder for one plan: "review" (a task and a notice, once) or ""."""
    plans = SafetyPlan.objects.select_for_update(of=("self",)).select_related("case__unit", "case__owner")
    plan = plans.get(pk=plan.pk)
    case = plan.case
    if not case.is_open or not plan.is_active or plan.review_task_id is not None or today < plan.review_on:
        return ""
    owner = case.owner if case.owner_id and case.owner.is_active else plan.created_by
    plan.review_task = Task.objects.create(
        case=case,
        title=_("Revidér den personlige sikkerhedsplan"),
        due_on=plan.review_on,
        owner=owner,
        created_at=timezone.now(),
        created_by=plan.created_by,
    )
    plan.save(update_fields=["review_task"])
    _audit(audit_actions.REVIEW_DUE, case, plan, {"task": plan.review_task_id, "review_on": plan.review_on})
    subject, body = _notice(
        case,
        subject=_("En personlig sikkerhedsplan skal revideres"),
        lead=_("Revisionsdatoen for den personlige sikkerhedsplan er nået på sagen:"),
    )
    _send([owner.email] if owner.email else _leader_addresses(case), subject, body)
    return "review"


def safety_watch(*, now: datetime.datetime | None = None, run: JobRun | None = None) -> dict:
    """One run of the watch; returns how many steps of each kind were taken."""
    own_run = run is None
    run = run or JobRun("safety_watch")
    now = now or timezone.now()
    today = to_local(now).date()
    counts = {LEADER: 0, OUT_OF_HOURS: 0, STOPPED: 0, "opened": 0, "overdue": 0, "review": 0}
    open_no_shows = NoShow.objects.filter(
        handled_at__isnull=True, escalation_stopped_at__isnull=True, deadline_at__lte=now
    ).order_by("pk")
    for no_show in run.rows(open_no_shows, "no-show"):
        with run.item("no-show", no_show.pk), transaction.atomic():
            if step := escalate_no_show(no_show, now):
                counts[step] += 1
    trips = Trip.objects.filter(
        returned_on__isnull=True,
        expected_return_on__lt=today,
        overdue_alerted_at__isnull=True,
        case__status__in=OPEN_STATUSES,
    ).order_by("pk")
    for trip in run.rows(trips, "trip"):
        with run.item("trip", trip.pk), transaction.atomic():
            if step := check_return(trip, today):
                counts[step] += 1
    plans = SafetyPlan.objects.filter(
        status=SafetyPlanStatus.ACTIVE, review_task__isnull=True, review_on__lte=today, case__status__in=OPEN_STATUSES
    ).order_by("pk")
    for plan in run.rows(plans, "plan"):
        with run.item("plan", plan.pk), transaction.atomic():
            if step := check_review(plan, today):
                counts[step] += 1
    if own_run:
        run.finish()
    return counts
