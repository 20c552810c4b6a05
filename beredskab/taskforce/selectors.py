"""Reads for the taskforce pages. Each takes the acting user, applies the policy and records
the read."""

import datetime
from dataclasses import dataclass, field

from django.http import Http404
from django.utils.translation import gettext as _

from beredskab.accounts.models import Unit, User
from beredskab.audit.purposes import Purpose
from beredskab.audit.services import audit_record
from beredskab.core.dates import today

from . import audit_actions
from .inquiries import Inquiry, open_inquiries
from .models import Absence, RosterMember
from .policies import taskforce_policy
from .staff import UnitStaff, staff_for


def _staff(user, unit: Unit, day: datetime.date) -> UnitStaff:
    """The unit's staff today, telling the kind of an absence only to those who may know it."""
    staff = staff_for(unit, day)
    staff.show_kind = taskforce_policy.can(user, "view_absence_kind", unit)
    return staff


def _labelled(absences, staff: UnitStaff) -> list[Absence]:
    """Each absence with `label`: its kind, or just "Fravær" (sickness is health data)."""
    for absence in absences:
        absence.label = absence.get_kind_display() if staff.show_kind else _("Fravær")
    return list(absences)


def visible_units(*, user) -> list[Unit]:
    return list(taskforce_policy.visible(user, Unit.objects.all()).order_by("name"))


def unit_for(*, user, code: str, action: str) -> Unit:
    """The adults unit, if the user may see its roster, and may do `action` (else 404: a unit
    the user does not belong to is "not found", like a case)."""
    unit = taskforce_policy.visible(user, Unit.objects.all()).filter(code=code).first()
    if unit is None:
        raise Http404
    taskforce_policy.require(user, action, unit)
    return unit


@dataclass
class RosterRow:
    member: RosterMember
    unavailable: str
    absences: list[Absence]


@dataclass
class Roster:
    unit: Unit
    rows: list[RosterRow]
    leaders: list[User]
    may_manage: bool


def roster(*, user, unit: Unit) -> Roster:
    """The roster with each member's absences from today on (recorded as a read: absences are
    about staff)."""
    day = today()
    staff = _staff(user, unit, day)
    upcoming: dict[int, list[Absence]] = {}
    for absence in Absence.objects.filter(member__unit=unit, ends_on__gte=day):  # one query, not one per member
        upcoming.setdefault(absence.member_id, []).append(absence)
    rows = []
    for member in staff.members:
        absences = _labelled(upcoming.get(member.pk, []), staff)
        rows.append(RosterRow(member=member, unavailable=staff.unavailable_reason(member.user_id), absences=absences))
    audit_record(actor=user, action=audit_actions.ROSTER_VIEWED, target=unit, purpose=Purpose.ADMINISTRATION)
    return Roster(
        unit=unit, rows=rows, leaders=staff.leaders, may_manage=taskforce_policy.can(user, "manage_roster", unit)
    )


@dataclass
class OwnerRow:
    owner: User
    unavailable: str
    inquiries: list[Inquiry] = field(default_factory=list)

    @property
    def longest_wait_days(self) -> int:
        return max((i.waiting_days for i in self.inquiries), default=0)


@dataclass
class Overview:
    unit: Unit
    owners: list[OwnerRow]
    without_owner: list[Inquiry]  # no owner, or an owner not available today
    absences: list[Absence]  # this week and next
    weeks: tuple[datetime.date, datetime.date]
    inquiries: list[Inquiry]
    may_reassign: bool


def _owner_rows(staff: UnitStaff, inquiries: list[Inquiry]) -> list[OwnerRow]:
    rows: dict[int, OwnerRow] = {}
    for member in staff.members:  # everyone on the roster, also with nothing open
        rows[member.user_id] = OwnerRow(owner=member.user, unavailable=staff.unavailable_reason(member.user_id))
    for inquiry in inquiries:
        if inquiry.owner is None:
            continue
        row = rows.setdefault(
            inquiry.owner.pk, OwnerRow(owner=inquiry.owner, unavailable=staff.unavailable_reason(inquiry.owner.pk))
        )
        row.inquiries.append(inquiry)
    return sorted(rows.values(), key=lambda r: (-len(r.inquiries), r.owner.full_name))


def overview(*, user, unit: Unit) -> Overview:
    """Open inquiries per owner with their waiting time, those without an available owner, and
    the absences this week and next. Shows references and staff only; the read is recorded."""
    day = today()
    staff = _staff(user, unit, day)
    inquiries = open_inquiries(unit, staff, user=user)
    monday = day - datetime.timedelta(days=day.weekday())
    sunday_next = monday + datetime.timedelta(days=13)
    absences = _labelled(
        Absence.objects.filter(member__unit=unit, starts_on__lte=sunday_next, ends_on__gte=monday).select_related(
            "member__user"
        ),
        staff,
    )
    audit_record(
        actor=user,
        action=audit_actions.OVERVIEW_VIEWED,
        target=unit,
        purpose=Purpose.CASE_WORK,
        new={"open": len(inquiries)},
    )
    return Overview(
        unit=unit,
        owners=_owner_rows(staff, inquiries),
        without_owner=[i for i in inquiries if i.unavailable],
        absences=absences,
        weeks=(monday, sunday_next),
        inquiries=inquiries,
        may_reassign=taskforce_policy.can(user, "reassign", unit),
    )


@dataclass
class Reassignment:
    unit: Unit
    inquiries: list[Inquiry]  # open inquiries whose owner is not available today
    candidates: list[User]


def reassignment(*, user, unit: Unit) -> Reassignment:
    """For the leader: the open inquiries whose owner is away, has left the unit, or is missing,
    and who may take them over today."""
    staff = _staff(user, unit, today())
    inquiries = [i for i in open_inquiries(unit, staff, user=user) if i.unavailable]
    audit_record(
        actor=user,
        action=audit_actions.OVERVIEW_VIEWED,
        target=unit,
        purpose=Purpose.SUPERVISION,
        new={"to_reassign": len(inquiries)},
    )
    return Reassignment(unit=unit, inquiries=inquiries, candidates=staff.candidates())
