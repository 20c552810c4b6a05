"""The no-show rule: while a personal safety plan is active, the person it names (e.g. the
school contact) records in one step that the young person did not turn up; a task opens for the
case owner with a deadline in hours from the plan (real elapsed hours: weekends, holidays and a
change to or from summer time do not stretch it). `beredskab.safety.watch` escalates to the
leader and then the out-of-hours route when nobody records what was done in time."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beredskab.cases.case_events import audit_case_event, lock_case
from beredskab.cases.errors import CaseError
from beredskab.cases.models import Case, CaseStatus, Task, TaskStatus
from beredskab.cases.risk.gate import Involves, gated
from beredskab.core.workdays import to_local

from .. import audit_actions
from ..models import EscalationStop, NoShow
from ..policies import active_plan, safety_policy


def task_owner(case: Case, plan):
    """The case owner when active, else the plan's author (who knows the person)."""
    if case.owner_id and case.owner.is_active:
        return case.owner
    return plan.created_by


def ladder_stop_reason(no_show: NoShow) -> str:
    """Why the no-show's ladder must stop ("" when it goes on): the case is closed, or was
    closed after the no-show was reported (its task was closed to close the case: a case reopened
    since is a new start, whether or not the watch ran while it was closed), or the plan is no
    longer in force. The watch stops the ladder for it; a new no-show may then be recorded."""
    case = no_show.case
    if (
        not case.is_open
        or case.status_changes.filter(to_status=CaseStatus.CLOSED, changed_at__gte=no_show.reported_at).exists()
    ):
        return EscalationStop.CASE_CLOSED
    if not no_show.plan.is_active:
        return EscalationStop.PLAN_ENDED
    return ""


def no_show_title(deadline: datetime.datetime) -> str:
    """The task's title: content-free (no name, no place), with the local deadline."""
    return _("Udeblivelse: reagér senest %(time)s") % {"time": to_local(deadline).strftime("%d.%m. kl. %H:%M")}


@gated(Involves.NEVER)
@transaction.atomic
def no_show_record(*, actor, case: Case) -> NoShow:
    """The person did not turn up (one step). Opens a task for the case owner due within the
    plan's `no_show_hours` (hours). Raises PolicyDenied unless the actor is named in the active
    plan or works on the case; CaseError when there is no active plan or the case is closed."""
    case = lock_case(case)
    safety_policy.require(actor, "report_no_show", case)
    if not case.is_open:
        raise CaseError(_("Sagen er lukket. Der kan ikke meldes udeblivelser på en lukket sag."))
    plan = active_plan(case)
    if plan is None:
        raise CaseError(_("Sikkerhedsplanen er afsluttet. Der kan kun meldes udeblivelser, mens en plan gælder."))
    pending = plan.no_shows.filter(handled_at__isnull=True, escalation_stopped_at__isnull=True).select_related("plan")
    if any(not ladder_stop_reason(n) for n in pending):
        raise CaseError(_("En udeblivelse er allerede meldt og endnu ikke håndteret. Sagsbehandleren er i gang."))
    now = timezone.now()
    deadline = now + datetime.timedelta(hours=plan.no_show_hours)
    owner = task_owner(case, plan)
    task = Task.objects.create(
        case=case,
        title=no_show_title(deadline),
        due_on=to_local(deadline).date(),
        owner=owner,
        created_at=now,
        created_by=actor,
    )
    no_show = NoShow.objects.create(
        plan=plan, case=case, reported_at=now, reported_by=actor, deadline_at=deadline, task=task
    )
    audit_case_event(
        actor,
        audit_actions.NO_SHOW_RECORDED,
        case,
        target=no_show,
        new={"task": task.pk, "owner_id": owner.pk, "hours": plan.no_show_hours},
    )
    return no_show


@gated(Involves.NEVER)
@transaction.atomic
def no_show_handle(*, actor, no_show: NoShow, action_taken: str) -> NoShow:
    """Record what was done (the escalation stops) and close the task."""
    case = lock_case(no_show.case)
    safety_policy.require(actor, "work", case)
    no_show = NoShow.objects.select_for_update().get(pk=no_show.pk)
    if no_show.handled_at is not None:
        raise CaseError(_("Udeblivelsen er allerede håndteret."))
    if not action_taken.strip():
        raise CaseError(_("Skriv, hvad der blev gjort."))
    now = timezone.now()
    no_show.handled_at = now
    no_show.handled_by = actor
    no_show.action_taken = action_taken.strip()
    no_show.save(update_fields=["handled_at", "handled_by", "action_taken"])
    Task.objects.filter(pk=no_show.task_id, status=TaskStatus.OPEN).update(
        status=TaskStatus.DONE, completed_at=now, completed_by=actor
    )
    audit_case_event(
        actor,
        audit_actions.NO_SHOW_HANDLED,
        case,
        target=no_show,
        new={"late": now > no_show.deadline_at, "escalated": no_show.leader_alerted_at is not None},
    )
    return no_show
