"""Never unowned: every adult inquiry gets an owner when it arrives, and the leader gives it to
someone else when its owner is away or has left the unit.

On arrival (intake's `on_report_received` hook, inside the report's transaction) a report to
an adults unit goes to an available key employee in turn (`staff.next_in_turn`), else an
available backup, else the unit's leader; the rule and the reason are stored on the
`Assignment` and shown. When a case is opened from the report, its owner is the assigned
person while they are available (cases' `suggests_owner` hook)."""

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from beredskab.accounts.models import Unit, User
from beredskab.accounts.selectors import is_adults_unit
from beredskab.audit.purposes import Purpose
from beredskab.audit.services import audit_record
from beredskab.cases.errors import CaseError
from beredskab.cases.models import OPEN_STATUSES, Case
from beredskab.cases.policies import case_policy
from beredskab.cases.services import case_assign
from beredskab.core.dates import today
from beredskab.core.jobs import JobRun
from beredskab.core.roles import CASE_ROLES
from beredskab.intake.models import Report
from beredskab.intake.policies import report_policy
from beredskab.intake.selectors import not_in_a_case

from . import audit_actions
from .errors import TaskforceError
from .models import Assignment, AssignmentRule, RosterRole
from .policies import taskforce_policy
from .staff import UnitStaff, next_in_turn, staff_for


def may_own(staff: UnitStaff, user: User, report: Report | None) -> bool:
    """Available today and allowed to see the report (need to know: a report held for a
    protected case is seen only by the people named on it, and by the unit's leaders)."""
    return staff.available(user.pk) and (report is None or report_policy.can(user, "view", report))


def choose_owner(staff: UnitStaff, report: Report | None = None) -> tuple[User | None, str, str]:
    """(owner, rule, reason in Danish) for a new inquiry to the unit today: only people who
    may see `report`."""
    keys = staff.with_role(RosterRole.KEY)
    ready = [u for u in keys if may_own(staff, u, report)]
    counts = {"available": len(ready), "total": len(keys)}
    with translation.override("da"):
        if ready:
            owner, load = next_in_turn(ready, staff.unit)
            reason = _(
                "%(available)s af %(total)s nøglemedarbejdere til rådighed; efter tur til den med færrest åbne "
                "henvendelser (%(open)s) og længst tid siden sidste."
            ) % {**counts, "open": load}
            return owner, AssignmentRule.KEY, reason
        backups = [u for u in staff.with_role(RosterRole.BACKUP) if may_own(staff, u, report)]
        if backups:
            owner, _load = next_in_turn(backups, staff.unit)
            reason = _("Ingen af %(total)s nøglemedarbejdere er til rådighed (fravær eller ingen rolle): bagvagten.")
            return owner, AssignmentRule.BACKUP, reason % counts
        leaders = [u for u in staff.leaders if may_own(staff, u, report)]
        if leaders:
            owner, _load = next_in_turn(leaders, staff.unit)
            reason = _("Hverken nøglemedarbejdere eller bagvagt er til rådighed: enhedens leder.")
            return owner, AssignmentRule.LEADER, reason
        reason = _("Ingen i enheden er til rådighed: henvendelsen skal fordeles, så snart nogen er tilbage.")
        return None, AssignmentRule.NOBODY, reason


def _needs_owner(assignment: Assignment | None, report: Report) -> bool:
    """No assignment, one made in another unit (the report was moved), nobody could take it, or
    its owner works in the unit but may not see the report (held for a protected case since).
    An owner who is absent or left the unit is the leader's to reassign (flagged)."""
    if assignment is None or assignment.unit_id != report.receiving_unit_id or assignment.owner_id is None:
        return True
    owner = assignment.owner
    works_here = owner.is_active and report.receiving_unit_id in owner.unit_ids_with_role(*CASE_ROLES)
    return works_here and not report_policy.can(owner, "view", report)


@transaction.atomic
def assignment_create(*, report: Report, lock_unit: bool = True) -> Assignment | None:
    """Give an adult inquiry its owner (system action, audited): on arrival, and again by the
    periodic check when it has none it can use (`_needs_owner`). Nothing for a report to
    another kind of unit, or one whose owner stands (an absent owner: the leader decides).

    On arrival the unit's row is locked, so two reports arriving at once take turns: the second
    reads the load after the first's assignment commits (PostgreSQL; SQLite writes one at a
    time). Arrivals already hold the audit chain's head (the report's own audit event), so the
    order is always audit head, then unit. The periodic check (`lock_unit=False`) does not lock
    the unit: it would take the unit before the audit head, the other way round, and could
    deadlock with an arrival; at worst it and an arrival choose the same person once, which the
    next arrival's rotation (fewest open first) evens out."""
    units = Unit.objects.select_for_update() if lock_unit else Unit.objects
    unit = units.get(pk=report.receiving_unit_id)
    if not is_adults_unit(unit):
        return None
    assignment = (
        Assignment.objects.select_for_update(of=("self",)).select_related("owner").filter(report=report).first()
    )
    if not _needs_owner(assignment, report):
        return None
    owner, rule, reason = choose_owner(staff_for(unit, today()), report)
    old = assignment.owner_id if assignment is not None else None
    if assignment is not None and owner is None and old is None and assignment.unit_id == unit.pk:
        return None  # still nobody: nothing changes
    values = {"unit": unit, "owner": owner, "rule": rule, "reason": reason, "assigned_at": timezone.now()}
    if assignment is None:
        assignment = Assignment.objects.create(report=report, **values)
    else:
        for name, value in {**values, "assigned_by": None}.items():
            setattr(assignment, name, value)
        assignment.save()
    audit_record(
        actor=None,
        action=audit_actions.INQUIRY_ASSIGNED,
        target=assignment,
        person_ref=report.person_ref,
        purpose=Purpose.INTAKE,
        old={"owner_id": old} if old is not None else None,
        new={"report": report.reference, "owner_id": owner.pk if owner else None, "rule": rule},
    )
    return assignment


def assign_waiting(unit: Unit, *, run: JobRun) -> int:
    """The periodic check's first step: every report waiting in the unit without an owner it
    can use gets one (its assignment hook failed, it was moved here, nobody was there when it
    arrived, or it was held for a protected case since). A report whose arrival check has not
    run yet (`needs_check`) waits for it (`manage.py hold_waiting_reports`). Each report on its
    own (beredskab.core.jobs). Returns how many were (re)assigned."""
    waiting = not_in_a_case().filter(receiving_unit=unit, needs_check=False)
    waiting = waiting.select_related("taskforce_assignment__owner").order_by("received_at", "pk")
    done = 0
    for report in waiting:
        if not _needs_owner(getattr(report, "taskforce_assignment", None), report):
            continue
        with run.item("report", report.pk):
            done += assignment_create(report=report, lock_unit=False) is not None
    return done


def assign_new_report(report: Report) -> None:
    """intake's `on_report_received` hook."""
    assignment_create(report=report)


def owner_for_new_case(reports: list[Report]) -> User | None:
    """cases' `suggests_owner` hook: the person a report was assigned to, while available."""
    assignments = Assignment.objects.filter(report__in=reports, owner__isnull=False).select_related("owner", "unit")
    for assignment in assignments.order_by("report__received_at", "pk"):
        owner = assignment.owner
        if staff_for(assignment.unit, today()).available(owner.pk) and all(
            report_policy.can(owner, "view", report) for report in reports
        ):
            return owner
    return None


def owner_for_moved_case(case: Case) -> tuple[User | None, str] | None:
    """cases' `owns_moved_case` hook: a case a leader's track correction moved into an adults
    unit is owned by the taskforce's rule for a new inquiry (`choose_owner`: an available key
    employee in turn, else the backup, else the leader) among those who may see the case.
    (owner or None, rule); None for a case in another kind of unit."""
    if not is_adults_unit(case.unit):
        return None
    staff = staff_for(case.unit, today())
    owner, rule, _reason = choose_owner(staff)
    if owner is not None and not case_policy.can(owner, "view", case):
        owner, rule = None, AssignmentRule.NOBODY
    return owner, str(rule)


def _reassign_report(*, actor, unit: Unit, report: Report, owner: User) -> Assignment:
    assignment = Assignment.objects.select_for_update().filter(report=report).first()
    old = assignment.owner_id if assignment is not None else None
    if old == owner.pk:
        raise TaskforceError(_("Henvendelsen er allerede fordelt til %(name)s.") % {"name": owner})
    with translation.override("da"):
        reason = _("Fordelt af enhedens leder.")
    values = {"owner": owner, "rule": AssignmentRule.MANUAL, "reason": reason, "assigned_at": timezone.now()}
    if assignment is None:
        assignment = Assignment.objects.create(report=report, unit=unit, assigned_by=actor, **values)
    else:
        for name, value in {**values, "assigned_by": actor}.items():
            setattr(assignment, name, value)
        assignment.save()
    audit_record(
        actor=actor,
        action=audit_actions.INQUIRY_REASSIGNED,
        target=assignment,
        person_ref=report.person_ref,
        purpose=Purpose.CASE_WORK,
        old={"owner_id": old},
        new={"report": report.reference, "owner_id": owner.pk},
    )
    return assignment


@transaction.atomic
def inquiry_reassign(*, actor, unit: Unit, kind: str, pk: int, owner: User) -> None:
    """The unit's leader gives an open inquiry they may see (a waiting report or an open case;
    one hidden from them, such as a protected case they are not named on, is "no longer open")
    to an available person of the unit who may see it. A case goes through cases' own `case_assign` (audited
    there). Raises TaskforceError with the reason."""
    taskforce_policy.require(actor, "reassign", unit)
    staff = staff_for(unit, today())
    if not staff.available(owner.pk):
        raise TaskforceError(_("Vælg en medarbejder i enheden, der er til rådighed i dag."))
    if kind == "report":
        reports = report_policy.visible(actor, not_in_a_case().filter(receiving_unit=unit))
        report = Report.objects.select_for_update().filter(pk=pk, pk__in=reports.values("pk")).first()
        if report is None:
            raise TaskforceError(_("Henvendelsen er ikke længere åben i enheden."))
        if not report_policy.can(owner, "view", report):
            raise TaskforceError(_("Medarbejderen må ikke se henvendelsen (den hører til en beskyttet sag)."))
        _reassign_report(actor=actor, unit=unit, report=report, owner=owner)
        return
    case = case_policy.visible(actor, Case.objects.filter(pk=pk, unit=unit, status__in=OPEN_STATUSES)).first()
    if case is None:
        raise TaskforceError(_("Sagen er ikke længere åben i enheden."))
    if case.owner_id == owner.pk:
        raise TaskforceError(_("Sagen er allerede fordelt til %(name)s.") % {"name": owner})
    try:
        case_assign(actor=actor, case=case, owner=owner)
    except CaseError as error:
        raise TaskforceError(error.reason) from None
