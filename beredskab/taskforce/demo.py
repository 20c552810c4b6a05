"""The demo roster of the adult taskforce (`manage.py demo_data`, run by `make demo`): Tariq and
Tine Taskforce as key employees, Bo Bagvagt as backup, and Tine on holiday this week, so the
demo's adult inquiries are assigned by the rotation and the overview shows an absence.
Synthetic people only; safe to run again (nothing is created twice)."""

import datetime

from beredskab.accounts.demo import demo_email
from beredskab.accounts.models import Unit, User
from beredskab.accounts.selectors import adults_units
from beredskab.core.dates import today
from beredskab.intake.models import Report

from . import services
from .assignment import assignment_create
from .models import AbsenceKind, RosterMember, RosterRole

UNIT = "taskforce-voksne"
ROSTER = [("taskforce", RosterRole.KEY), ("taskforce2", RosterRole.KEY), ("bagvagt", RosterRole.BACKUP)]
ABSENT = ("taskforce2", AbsenceKind.HOLIDAY, 0, 6)  # who, why, from today + n days, to today + n days


def load_demo_roster() -> int:
    """Create the demo roster where it is missing; returns how many rows were created."""
    unit = Unit.objects.filter(code=UNIT).first()
    actor = User.objects.filter(email=demo_email("koordinator")).first()
    if unit is None or actor is None:
        return 0
    created = 0
    for local_part, role in ROSTER:
        user = User.objects.filter(email=demo_email(local_part)).first()
        if user is None or RosterMember.objects.filter(unit=unit, user=user).exists():
            continue
        services.member_add(actor=actor, unit=unit, user=user, role=role)
        created += 1
    who, kind, start, end = ABSENT
    member = RosterMember.objects.filter(unit=unit, user__email=demo_email(who)).first()
    if member is not None and not member.absences.exists():
        day = today()
        services.absence_add(
            actor=actor,
            member=member,
            kind=kind,
            starts_on=day + datetime.timedelta(days=start),
            ends_on=day + datetime.timedelta(days=end),
        )
        created += 1
    return created


def load() -> None:
    """Found by `manage.py demo_data` (after intake's and cases' demo data, in INSTALLED_APPS
    order): the roster, then every adult inquiry that arrived before it gets its owner by the same
    rule as on arrival."""
    load_demo_roster()
    waiting = Report.objects.filter(receiving_unit__in=adults_units(), taskforce_assignment__isnull=True)
    for report in waiting.order_by("received_at"):
        assignment_create(report=report)
