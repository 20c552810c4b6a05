"""Protected cases ("beskyttet sag"): e.g. when a relative of the child works in the municipality.

A leader of the case's unit marks the case protected, gives a reason and names the people who
may see it. From then on the case is visible only to them and to the leader who protected it
(CasePolicy.visible and CasePolicy.decide), in every page, list, queue, deadline view, search,
PDF, admin page and export, and its reports are hidden from the intake pages too
(cases.apps registers `policies.reports_hidden_from` with `intake.hooks.hides_reports`).

Anyone else who tries to open it gets "not found", like any case they may not see, and the
unit's leaders get a security event in the audit log and a content-free e-mail
(`alert_refused_attempt`).
"""

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from beredskab.accounts.models import User
from beredskab.audit.purposes import Purpose
from beredskab.audit.services import audit_record
from beredskab.cases.risk.gate import Involves, gated
from beredskab.core.roles import CASE_ROLES

from . import audit_actions, security_notices
from .case_events import audit_case_event
from .errors import CaseError
from .holds import hold_waiting_reports
from .models import Case, ProtectedCaseMember, Task, TaskStatus
from .policies import case_policy

# An alert e-mail per user and case at most this often (every attempt is still audited).
ALERT_EMAIL_EVERY_SECONDS = 600


def eligible_members(case: Case):
    """Who can be named: active users with a case role in the case's unit."""
    return (
        User.objects.filter(
            is_active=True, role_assignments__unit_id=case.unit_id, role_assignments__role__in=CASE_ROLES
        )
        .distinct()
        .order_by("full_name", "pk")
    )


def _lock(case: Case) -> Case:
    return Case.objects.select_for_update(of=("self",)).select_related("unit").get(pk=case.pk)


def _set_members(*, actor, case: Case, users) -> tuple[list[int], list[int]]:
    eligible = set(eligible_members(case).values_list("pk", flat=True))
    wanted = {u.pk for u in users}
    if wanted - eligible:
        raise CaseError(_("Kun medarbejdere med en sagsrolle i sagens enhed kan få adgang."))
    current = set(case.protection_members.values_list("user_id", flat=True))
    ProtectedCaseMember.objects.filter(case=case, user_id__in=current - wanted).delete()
    now = timezone.now()
    for user_id in sorted(wanted - current):
        ProtectedCaseMember.objects.create(case=case, user_id=user_id, added_at=now, added_by=actor)
    _take_back_tasks(actor=actor, case=case, allowed=wanted | {case.protected_by_id or actor.pk})
    return sorted(current), sorted(wanted)


def _take_back_tasks(*, actor, case: Case, allowed: set[int]) -> None:
    """Open tasks of people who may no longer see the case go to the leader who protects it,
    who gives them on: nobody gets reminders about a case they cannot open."""
    for task in (
        Task.objects.select_for_update().filter(case=case, status=TaskStatus.OPEN).exclude(owner_id__in=allowed)
    ):
        old_owner = task.owner_id
        task.owner = actor
        task.save(update_fields=["owner"])
        audit_case_event(
            actor,
            audit_actions.TASK_REASSIGNED,
            case,
            target=task,
            old={"owner_id": old_owner},
            new={"owner_id": actor.pk, "cause": "protection"},
            purpose=Purpose.SUPERVISION,
        )


@gated(Involves.NEVER)
@transaction.atomic
def case_protect(*, actor, case: Case, reason: str, members) -> Case:
    """Mark the case protected and name who may see it (the protecting leader always may)."""
    case = _lock(case)
    case_policy.require(actor, "protect", case)
    if case.protected:
        raise CaseError(_("Sagen er allerede beskyttet."))
    if not reason.strip():
        raise CaseError(_("Skriv en begrundelse."))
    _old, new = _set_members(actor=actor, case=case, users=members)
    case.protected = True
    case.protected_at = timezone.now()
    case.protected_by = actor
    case.protection_reason = reason.strip()
    case.save(update_fields=["protected", "protected_at", "protected_by", "protection_reason"])
    hold_waiting_reports(for_case=case)  # reports about the child waiting in the queue go to the case
    audit_case_event(actor, audit_actions.CASE_PROTECTED, case, new={"members": new}, purpose=Purpose.SUPERVISION)
    return case


@gated(Involves.NEVER)
@transaction.atomic
def case_protection_members_set(*, actor, case: Case, members) -> Case:
    """Change who may see a protected case."""
    case = _lock(case)
    case_policy.require(actor, "protect", case)
    if not case.protected:
        raise CaseError(_("Sagen er ikke beskyttet."))
    old, new = _set_members(actor=actor, case=case, users=members)
    if old != new:
        audit_case_event(
            actor,
            audit_actions.PROTECTION_MEMBERS_CHANGED,
            case,
            old={"members": old},
            new={"members": new},
            purpose=Purpose.SUPERVISION,
        )
    return case


@gated(Involves.NEVER)
@transaction.atomic
def case_unprotect(*, actor, case: Case) -> Case:
    """Lift the protection: the case is again seen by its unit and shared units."""
    case = _lock(case)
    case_policy.require(actor, "protect", case)
    if not case.protected:
        raise CaseError(_("Sagen er ikke beskyttet."))
    old = sorted(case.protection_members.values_list("user_id", flat=True))
    case.protection_members.all().delete()
    case.protected = False
    case.protected_at = None
    case.protected_by = None
    case.protection_reason = ""
    case.save(update_fields=["protected", "protected_at", "protected_by", "protection_reason"])
    audit_case_event(actor, audit_actions.CASE_UNPROTECTED, case, old={"members": old}, purpose=Purpose.SUPERVISION)
    return case


@transaction.atomic
def alert_refused_attempt(*, user, reference: str, via: str = "page") -> bool:
    """If `reference` names a protected case the user may not see, record a security event and
    alert the unit's leaders. Returns True when it did. The user still just gets "not found"."""
    if user is None or not user.is_authenticated:
        return False
    case = Case.objects.filter(reference=reference, protected=True).first()
    if case is None or case_policy.is_protection_member(user, case):
        return False
    audit_record(
        actor=user,
        action=audit_actions.PROTECTED_CASE_REFUSED,
        target=case,
        new={"case": case.reference, "unit": case.unit_id, "via": via},
    )
    key = f"protected-alert:{case.pk}:{user.pk}"
    if cache.add(key, 1, ALERT_EMAIL_EVERY_SECONDS):
        security_notices.notify_on_commit(security_notices.PROTECTED_REFUSED, case.pk)
    return True
