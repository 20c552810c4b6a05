"""Who in an adults unit is available on a given day: active, still holding a case-work role
in the unit, and not absent (an absence on the roster covering the day)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Max
from django.utils.translation import gettext as _

from beredskab.accounts.models import RoleAssignment, Unit, User
from beredskab.cases.models import OPEN_STATUSES, Case
from beredskab.cases.policies import roles_with
from beredskab.core.dates import long_date
from beredskab.core.roles import Capability, Role

from .models import Absence, Assignment, RosterMember


@dataclass
class UnitStaff:
    unit: Unit
    day: datetime.date
    members: list[RosterMember]
    workers: set[int]  # active users with a case-work role in the unit
    leaders: list[User]  # active leaders of the unit
    absent: dict[int, Absence] = field(default_factory=dict)  # user id -> absence covering `day`
    # The kind of absence (sickness is health data) only for those who keep the roster
    # (`TaskforcePolicy.decide_view_absence_kind`); everyone else reads "Fraværende".
    show_kind: bool = False

    def available(self, user_id: int | None) -> bool:
        return user_id is not None and user_id in self.workers and user_id not in self.absent

    def unavailable_reason(self, user_id: int | None) -> str:
        """Why the person cannot own an inquiry today (Danish), or "" when they can."""
        if user_id is None:
            return _("Ingen ejer")
        if user_id not in self.workers:
            return _("Har ikke længere en rolle i enheden")
        absence = self.absent.get(user_id)
        if absence is not None:
            return _("%(kind)s til og med %(date)s") % {
                "kind": absence.get_kind_display() if self.show_kind else _("Fraværende"),
                "date": long_date(absence.ends_on),
            }
        return ""

    def with_role(self, role: str) -> list[User]:
        return [m.user for m in self.members if m.role == role]

    def candidates(self) -> list[User]:
        """Everyone who may take over an inquiry today: the roster, then the leaders."""
        people = {m.user_id: m.user for m in self.members}
        people.update({u.pk: u for u in self.leaders})
        return [u for pk, u in people.items() if self.available(pk)]


def staff_for(unit: Unit, day: datetime.date) -> UnitStaff:
    return staff_for_units([unit], day)[unit.pk]


def staff_for_units(units: list[Unit], day: datetime.date) -> dict[int, UnitStaff]:
    """{unit id: UnitStaff} of each of `units` on `day`: three queries, whatever the number of units."""
    units = list(units)
    ids = [unit.pk for unit in units]
    members = defaultdict(list)
    for member in RosterMember.objects.filter(unit_id__in=ids).select_related("user"):
        members[member.unit_id].append(member)
    workers, leaders = defaultdict(set), defaultdict(dict)
    work_roles = roles_with(Capability.CASE_WORK)
    assignments = RoleAssignment.objects.filter(
        unit_id__in=ids, role__in=[*work_roles, Role.UNIT_LEADER], user__is_active=True
    ).select_related("user")
    for assignment in assignments.order_by("user_id", "pk"):
        if assignment.role in work_roles:
            workers[assignment.unit_id].add(assignment.user_id)
        if assignment.role == Role.UNIT_LEADER:
            leaders[assignment.unit_id].setdefault(assignment.user_id, assignment.user)
    absences = Absence.objects.filter(member__unit_id__in=ids, starts_on__lte=day, ends_on__gte=day)
    absent = defaultdict(dict)
    for absence in absences.select_related("member").order_by("ends_on"):
        absent[absence.member.unit_id][absence.member.user_id] = absence
    return {
        unit.pk: UnitStaff(
            unit=unit,
            day=day,
            members=members[unit.pk],
            workers=workers[unit.pk],
            leaders=list(leaders[unit.pk].values()),
            absent=absent[unit.pk],
        )
        for unit in units
    }


def open_load(unit: Unit) -> dict[int, int]:
    """Open inquiries per owner in the unit: reports waiting without a case, and open cases."""
    load: dict[int, int] = {}
    waiting = (
        Assignment.objects.filter(report__receiving_unit=unit, report__case_link__isnull=True, owner__isnull=False)
        .values("owner_id")
        .annotate(n=Count("pk"))
    )
    cases = (
        Case.objects.filter(unit=unit, status__in=OPEN_STATUSES, owner__isnull=False)
        .values("owner_id")
        .annotate(n=Count("pk"))
    )
    for row in [*waiting, *cases]:
        load[row["owner_id"]] = load.get(row["owner_id"], 0) + row["n"]
    return load


def last_assigned(unit: Unit) -> dict[int, datetime.datetime]:
    rows = Assignment.objects.filter(unit=unit, owner__isnull=False).values("owner_id")
    rows = rows.annotate(last=Max("assigned_at"))
    return {row["owner_id"]: row["last"] for row in rows}


def next_in_turn(people: list[User], unit: Unit) -> tuple[User, int]:
    """Fair rotation: the one with the fewest open inquiries, then the longest since last
    given one (never given one first), then the longest on the roster. Returns (user, open)."""
    load = open_load(unit)
    last = last_assigned(unit)
    never = datetime.datetime.min.replace(tzinfo=datetime.UTC)
    chosen = min(people, key=lambda u: (load.get(u.pk, 0), last.get(u.pk, never), u.pk))
    return chosen, load.get(chosen.pk, 0)
