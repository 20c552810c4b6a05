"""The dashboard costs as many queries whatever the number of reports in the period and the
number of adults units (issue 20): counted exactly, at two sizes of each. Everything is synthetic."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from beredskab.accounts.models import Centre, Unit
from beredskab.cases.models import Track
from beredskab.goals import selectors
from beredskab.goals.scope import Filters
from beredskab.taskforce.models import Absence, RosterMember

from . import world

PERIOD = Filters(start=datetime.date(2026, 1, 1), end=datetime.date(2026, 6, 30))


def _adults_unit(plan, make_user, n: int) -> None:
    """An adults unit with a roster (one member away today), an inquiry waiting without an
    owner and an open case without one."""
    unit = Unit.objects.create(
        centre=Centre.objects.first(), code=f"voksne-{n}", name=f"Voksne {n}", kind=Unit.Kind.ADULTS
    )
    for i in range(2):
        member = RosterMember.objects.create(unit=unit, user=make_user("adult_taskforce", unit.code), role="key")
        if i:
            Absence.objects.create(member=member, kind="holiday", starts_on=world.NOW.date(), ends_on=world.NOW.date())
    make_user("unit_leader", unit.code)
    world.report(plan, unit, world.at(2026, 3, 3, 10, 0), kind="private", group="Voksne")
    world.case(unit, member.user, world.at(2026, 4, 1, 9, 0), track=Track.ADULTS)


def _queries(readers) -> list[int]:
    counts = []
    for user, filters in readers:
        with CaptureQueriesContext(connection) as context:
            board = selectors.dashboard(user=user, filters=filters, now=world.NOW)
            board.rows  # noqa: B018 (the rows as the page reads them)
        counts.append(len(context.captured_queries))
    return counts


def test_the_same_number_of_queries_at_3_and_40_reports_and_at_1_and_4_adults_units(
    ishoj_plan, make_user, time_machine
):
    time_machine.move_to(world.NOW, tick=False)
    worker = make_user("child_caseworker", "straxen")
    straxen = Unit.objects.get(code="straxen")
    readers = [
        (make_user("unit_leader", "straxen"), Filters(PERIOD.start, PERIOD.end, unit_id=straxen.pk)),
        (make_user("plan_coordinator"), PERIOD),  # all units: every adults unit's inquiries
    ]
    assert Unit.objects.filter(kind=Unit.Kind.ADULTS).count() == 1
    world.more_reports(ishoj_plan, worker, 3)
    _queries(readers)  # once first: what a reader's first page caches (their roles) is no size
    small = _queries(readers)
    world.more_reports(ishoj_plan, worker, 37)
    assert _queries(readers) == small
    for n in range(3):
        _adults_unit(ishoj_plan, make_user, n)
    assert Unit.objects.filter(kind=Unit.Kind.ADULTS).count() == 4
    assert _queries(readers) == small
