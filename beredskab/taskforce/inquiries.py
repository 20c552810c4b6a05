"""The open inquiries of an adults unit and who owns each: a report waiting without a case is
owned by its assignment; once a case is opened, the case's owner owns it until it is closed."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from beredskab.accounts.models import Unit, User
from beredskab.cases.models import OPEN_STATUSES, Case
from beredskab.cases.policies import case_policy
from beredskab.intake.policies import report_policy
from beredskab.intake.selectors import not_in_a_case

from .models import Assignment
from .staff import UnitStaff, staff_for_units


@dataclass
class Inquiry:
    kind: str  # "report" (waiting, no case yet) or "case"
    pk: int
    reference: str
    arrived_at: datetime.datetime
    owner: User | None
    assignment: Assignment | None
    unavailable: str  # why the owner cannot own it today (Danish), "" when they can

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.pk}:{self.owner.pk if self.owner else 0}"

    @property
    def waiting(self) -> datetime.timedelta:
        return timezone.now() - self.arrived_at

    @property
    def waiting_days(self) -> int:
        return self.waiting.days


def open_inquiries(unit: Unit, staff: UnitStaff, *, user=None) -> list[Inquiry]:
    """Every open inquiry of the unit, oldest first; only those `user` may see when given."""
    reports = not_in_a_case().filter(receiving_unit=unit)
    cases = Case.objects.filter(unit=unit, status__in=OPEN_STATUSES)
    if user is not None:
        reports = report_policy.visible(user, reports)
        cases = case_policy.visible(user, cases)
    return _inquiries(reports, cases, {unit.pk: staff})


def units_open_inquiries(units: list[Unit], day: datetime.date) -> list[Inquiry]:
    """`open_inquiries` of every one of `units`, each judged by its own unit's staff on `day`
    (`staff_for_units`): a fixed number of queries, whatever the number of units."""
    units = list(units)
    reports = not_in_a_case().filter(receiving_unit__in=units)
    cases = Case.objects.filter(unit__in=units, status__in=OPEN_STATUSES)
    return _inquiries(reports, cases, staff_for_units(units, day))


def _inquiries(reports, cases, staff: dict[int, UnitStaff]) -> list[Inquiry]:
    """The reports waiting without a case and the open cases as inquiries, oldest first, each
    judged by the staff of its unit (`staff`: {unit id: UnitStaff})."""
    inquiries = []
    for report in reports.select_related("taskforce_assignment__owner"):
        assignment = getattr(report, "taskforce_assignment", None)
        owner = assignment.owner if assignment is not None else None
        inquiries.append(
            Inquiry(
                kind="report",
                pk=report.pk,
                reference=report.reference,
                arrived_at=report.received_at,
                owner=owner,
                assignment=assignment,
                unavailable=staff[report.receiving_unit_id].unavailable_reason(owner.pk if owner else None),
            )
        )
    for case in cases.select_related("owner"):
        inquiries.append(
            Inquiry(
                kind="case",
                pk=case.pk,
                reference=case.reference,
                arrived_at=case.received_at,
                owner=case.owner,
                assignment=None,
                unavailable=staff[case.unit_id].unavailable_reason(case.owner_id),
            )
        )
    return sorted(inquiries, key=lambda i: (i.arrived_at, i.reference))
