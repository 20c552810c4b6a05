"""The travel and return watch: planned or suspected trips abroad, and confirming the return.
The return check itself (a task the day after the expected return, then an alert when it is
overdue) is opened by the periodic job, `beredskab.safety.watch`."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beredskab.cases.case_events import audit_case_event, lock_case
from beredskab.cases.errors import CaseError
from beredskab.cases.models import Case, Task, TaskStatus
from beredskab.cases.risk.gate import Involves, gated
from beredskab.core import dates

from .. import audit_actions
from ..models import Trip, TripKind
from ..policies import safety_policy


@gated(Involves.NEVER)
@transaction.atomic
def trip_record(
    *,
    actor,
    case: Case,
    kind: str,
    destination: str,
    departs_on: datetime.date | None = None,
    expected_return_on: datetime.date | None = None,
    passport_holder: str = "",
    person_said: str = "",
) -> Trip:
    """A planned or suspected trip abroad. Dates may be unknown (a suspicion); an expected
    return date starts the return check. Raises CaseError on a missing country or bad dates."""
    case = lock_case(case)
    safety_policy.require(actor, "work", case)
    if kind not in TripKind.values:
        raise CaseError(_("Vælg, om rejsen er planlagt eller mistænkt."))
    if not destination.strip():
        raise CaseError(_("Skriv landet, rejsen går til."))
    for day in (departs_on, expected_return_on):
        if day is not None and (problem := dates.TASK_DUE.problem(day)):
            raise CaseError(problem)
    if departs_on and expected_return_on and expected_return_on < departs_on:
        raise CaseError(_("Hjemkomsten kan ikke ligge før afrejsen."))
    trip = Trip.objects.create(
        case=case,
        kind=kind,
        destination=destination.strip(),
        departs_on=departs_on,
        expected_return_on=expected_return_on,
        passport_holder=passport_holder.strip(),
        person_said=person_said.strip(),
        recorded_at=timezone.now(),
        recorded_by=actor,
    )
    audit_case_event(
        actor,
        audit_actions.TRIP_RECORDED,
        case,
        target=trip,
        new={"kind": kind, "departs_on": departs_on, "expected_return_on": expected_return_on},
    )
    return trip


@gated(Involves.NEVER)
@transaction.atomic
def trip_return_confirm(*, actor, trip: Trip, returned_on: datetime.date, note: str = "") -> Trip:
    """Someone saw the person back (at school or the next appointment); closes the return check."""
    case = lock_case(trip.case)
    safety_policy.require(actor, "work", case)
    trip = Trip.objects.select_for_update().get(pk=trip.pk)
    if trip.returned_on is not None:
        raise CaseError(_("Hjemkomsten er allerede bekræftet."))
    if problem := dates.PAST_EVENT.problem(returned_on):
        raise CaseError(problem)
    now = timezone.now()
    trip.returned_on = returned_on
    trip.return_confirmed_at = now
    trip.return_confirmed_by = actor
    trip.return_note = note.strip()
    trip.save(update_fields=["returned_on", "return_confirmed_at", "return_confirmed_by", "return_note"])
    if trip.return_task_id:
        Task.objects.filter(pk=trip.return_task_id, status=TaskStatus.OPEN).update(
            status=TaskStatus.DONE, completed_at=now, completed_by=actor
        )
    audit_case_event(actor, audit_actions.RETURN_CONFIRMED, case, target=trip, new={"returned_on": returned_on})
    return trip
