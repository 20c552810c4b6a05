"""Keeping the taskforce roster: members (key employees and backups) and their absences. The
plan coordinator or the unit's leader; every change audited in its own transaction."""

import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from beredskab.accounts.models import RoleAssignment, Unit, User
from beredskab.accounts.selectors import is_adults_unit
from beredskab.audit.services import audit_record
from beredskab.core.dates import DateRange

from . import audit_actions
from .errors import TaskforceError
from .models import Absence, AbsenceKind, RosterMember, RosterRole
from .policies import TEAM_ROLES, taskforce_policy

# An absence is registered up to a year after it began and planned up to two years ahead.
ABSENCE_DATE = DateRange(earliest=-365, latest=2 * 365)


def _check_unit(actor, unit: Unit) -> None:
    if not is_adults_unit(unit):
        raise TaskforceError(_("Vagtplanen hører til en enhed for voksne."))
    taskforce_policy.require(actor, "manage_roster", unit)


def _check_role(role: str) -> None:
    if role not in RosterRole.values:
        raise TaskforceError(_("Vælg nøglemedarbejder eller bagvagt."))


def roster_candidates(unit: Unit):
    """Who may be put on the roster: active users with a taskforce or leader role in the unit."""
    holders = RoleAssignment.objects.filter(unit=unit, role__in=TEAM_ROLES).values("user_id")
    return User.objects.filter(is_active=True, pk__in=holders).order_by("full_name", "pk")


def _locked_member(member: RosterMember) -> RosterMember:
    """The member, locked; taken off the roster meanwhile (another tab): refused, not a 500."""
    locked = RosterMember.objects.select_for_update().select_related("unit").filter(pk=member.pk).first()
    if locked is None:
        raise TaskforceError(_("Medarbejderen står ikke længere på vagtplanen."))
    return locked


@transaction.atomic
def member_add(*, actor, unit: Unit, user: User, role: str) -> RosterMember:
    _check_unit(actor, unit)
    _check_role(role)
    if not roster_candidates(unit).filter(pk=user.pk).exists():
        raise TaskforceError(_("Medarbejderen skal være taskforcemedlem eller leder i enheden."))
    try:
        with transaction.atomic():
            member = RosterMember.objects.create(unit=unit, user=user, role=role)
    except IntegrityError:
        raise TaskforceError(_("Medarbejderen står allerede på vagtplanen.")) from None
    audit_record(
        actor=actor,
        action=audit_actions.MEMBER_ADDED,
        target=member,
        new={"unit": unit.code, "user_id": user.pk, "role": role},
    )
    return member


@transaction.atomic
def member_change_role(*, actor, member: RosterMember, role: str) -> RosterMember:
    member = _locked_member(member)
    _check_unit(actor, member.unit)
    _check_role(role)
    if member.role == role:
        raise TaskforceError(_("Medarbejderen har allerede den rolle."))
    old = member.role
    member.role = role
    member.save(update_fields=["role"])
    audit_record(
        actor=actor,
        action=audit_actions.MEMBER_CHANGED,
        target=member,
        old={"role": old},
        new={"unit": member.unit.code, "user_id": member.user_id, "role": role},
    )
    return member


@transaction.atomic
def member_remove(*, actor, member: RosterMember) -> None:
    """Take someone off the roster (their absences go with them; the audit log keeps both)."""
    member = RosterMember.objects.select_for_update().select_related("unit").filter(pk=member.pk).first()
    if member is None:
        raise TaskforceError(_("Medarbejderen står ikke længere på vagtplanen."))
    _check_unit(actor, member.unit)
    absences = [(a.kind, a.starts_on.isoformat(), a.ends_on.isoformat()) for a in member.absences.all()]
    audit_record(
        actor=actor,
        action=audit_actions.MEMBER_REMOVED,
        target=member,
        old={"unit": member.unit.code, "user_id": member.user_id, "role": member.role, "absences": absences},
    )
    member.delete()


def _check_dates(starts_on: datetime.date, ends_on: datetime.date) -> None:
    for value in (starts_on, ends_on):
        problem = ABSENCE_DATE.problem(value)
        if problem:
            raise TaskforceError(problem)
    if ends_on < starts_on:
        raise TaskforceError(_("Slutdatoen ligger før startdatoen."))


@transaction.atomic
def absence_add(*, actor, member: RosterMember, kind: str, starts_on: datetime.date, ends_on: datetime.date) -> Absence:
    """Register an absence (both dates inclusive). One that overlaps one already registered
    for the person is refused (so a form sent twice registers it once)."""
    member = _locked_member(member)
    _check_unit(actor, member.unit)
    if kind not in AbsenceKind.values:
        raise TaskforceError(_("Vælg ferie, sygdom eller kursus."))
    _check_dates(starts_on, ends_on)
    if member.absences.filter(starts_on__lte=ends_on, ends_on__gte=starts_on).exists():
        raise TaskforceError(_("Medarbejderen har allerede registreret fravær i den periode."))
    absence = Absence.objects.create(member=member, kind=kind, starts_on=starts_on, ends_on=ends_on, created_by=actor)
    audit_record(
        actor=actor,
        action=audit_actions.ABSENCE_ADDED,
        target=absence,
        new={
            "unit": member.unit.code,
            "user_id": member.user_id,
            "kind": kind,
            "starts_on": starts_on.isoformat(),
            "ends_on": ends_on.isoformat(),
        },
    )
    return absence


@transaction.atomic
def absence_remove(*, actor, absence: Absence) -> None:
    absence = Absence.objects.select_for_update().select_related("member__unit").filter(pk=absence.pk).first()
    if absence is None:
        raise TaskforceError(_("Fraværet er allerede slettet."))
    _check_unit(actor, absence.member.unit)
    audit_record(
        actor=actor,
        action=audit_actions.ABSENCE_REMOVED,
        target=absence,
        old={
            "unit": absence.member.unit.code,
            "user_id": absence.member.user_id,
            "kind": absence.kind,
            "starts_on": absence.starts_on.isoformat(),
            "ends_on": absence.ends_on.isoformat(),
        },
    )
    absence.delete()
