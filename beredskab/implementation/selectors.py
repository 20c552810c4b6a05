"""Reads of the plan's implementation, also for the goals dashboard (which calls
`dissemination_coverage` and `training_coverage`).

"Employees of a unit" are the active users holding a role in it (`accounts.RoleAssignment`).
Counts hold no names; the names of those who have not acknowledged come only from
`missing_in_unit`, which asks the policy (leaders of the unit) and audits the read."""

import datetime

from django.db.models import Q, QuerySet

from beredskab.accounts.models import Unit, User
from beredskab.audit.purposes import Purpose
from beredskab.audit.services import audit_record
from beredskab.core.dates import today
from beredskab.core.roles import Role
from beredskab.plan.models import Plan
from beredskab.plan.selectors import plan_in_force

from . import audit_actions
from .models import Acknowledgement, Resource, TrainingActivity, TrainingRequirement, UnitDissemination
from .policies import implementation_policy


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def employees_of(units) -> QuerySet[User]:
    """The active users holding a role in any of `units` (units or their ids)."""
    ids = [getattr(u, "pk", u) for u in units]
    return User.objects.filter(is_active=True, role_assignments__unit__in=ids).distinct()


def disseminated_units(plan: Plan | None = None) -> list[Unit]:
    """The units the version (default: the one in force) was sent to, by name."""
    plan = plan if plan is not None else plan_in_force()
    if plan is None:
        return []
    return [d.unit for d in UnitDissemination.objects.filter(plan=plan).select_related("unit").order_by("unit__name")]


def _acknowledged_ids(plan: Plan) -> set[int]:
    return set(Acknowledgement.objects.filter(plan=plan).values_list("user_id", flat=True))


def dissemination_coverage(unit: Unit | None = None) -> dict:
    """How many employees have acknowledged the version in force, of those in the units it was
    sent to (`unit`: that unit only, whether or not it was sent to it).

    Returns {"acknowledged": int, "expected": int, "share": float 0..1 or None when nobody is
    expected, "per_unit": [{"unit": Unit, "acknowledged": int, "expected": int, "share": ...}]}.
    A person in two units counts once overall and once in each unit. A new version in force
    starts again from 0 (acknowledgements are per version). Counts only, no names."""
    plan = plan_in_force()
    if plan is None:
        return {"acknowledged": 0, "expected": 0, "share": None, "per_unit": []}
    units = [unit] if unit is not None else disseminated_units(plan)
    acknowledged = _acknowledged_ids(plan)
    per_unit, everyone = [], set()
    for u in units:
        staff = set(employees_of([u]).values_list("pk", flat=True))
        everyone |= staff
        done = len(staff & acknowledged)
        per_unit.append({"unit": u, "acknowledged": done, "expected": len(staff), "share": _share(done, len(staff))})
    done = len(everyone & acknowledged)
    return {"acknowledged": done, "expected": len(everyone), "share": _share(done, len(everyone)), "per_unit": per_unit}


def missing_in_unit(*, user, unit: Unit) -> list[User]:
    """Who in `unit` has not acknowledged the version in force, for a leader of the unit only
    (raises PolicyDenied for anyone else). The read is audited (purpose: supervision)."""
    implementation_policy.require(user, "view_missing", unit)
    plan = plan_in_force()
    if plan is None:
        return []
    missing = list(employees_of([unit]).exclude(pk__in=_acknowledged_ids(plan)).order_by("full_name", "pk"))
    audit_record(
        actor=user,
        action=audit_actions.MISSING_VIEWED,
        target=unit,
        purpose=Purpose.SUPERVISION,
        new={"plan_id": plan.pk, "count": len(missing)},
    )
    return missing


def acknowledgement_of(user) -> Acknowledgement | None:
    """The user's acknowledgement of the version in force, or None."""
    plan = plan_in_force()
    if plan is None or not user.is_authenticated:
        return None
    return Acknowledgement.objects.filter(plan=plan, user=user).first()


def asked_to_acknowledge(user) -> bool:
    """Whether the version in force was sent to one of the user's units and they have not yet
    acknowledged it (the start page asks them)."""
    plan = plan_in_force()
    if plan is None or not user.is_authenticated or not user.unit_ids:
        return False
    sent = UnitDissemination.objects.filter(plan=plan, unit_id__in=user.unit_ids).exists()
    return sent and not Acknowledgement.objects.filter(plan=plan, user=user).exists()


def required_roles() -> list[str]:
    return list(TrainingRequirement.objects.order_by("role").values_list("role", flat=True))


def training_since(plan: Plan | None = None) -> datetime.date | None:
    """Training counts from the adoption of the version in force (None: all training counts)."""
    plan = plan if plan is not None else plan_in_force()
    return plan.adopted_on if plan is not None else None


def training_coverage() -> dict:
    """How many holders of the roles that must be trained took part in at least one training
    activity since the version in force was adopted.

    Returns {"trained": int, "expected": int, "share": float 0..1 or None, "since": date or None,
    "per_role": [{"role": str, "label": str, "trained": int, "expected": int, "share": ...}]}.
    A person holding two required roles counts once overall. Counts only, no names. An
    activity planned for a later day counts from that day (nobody is trained by a booking)."""
    since = training_since()
    activities = held_activities()
    if since is not None:
        activities = activities.filter(held_on__gte=since)
    trained = set(activities.values_list("participants", flat=True)) - {None}
    per_role, everyone = [], set()
    for role in required_roles():
        holders = set(
            User.objects.filter(is_active=True, role_assignments__role=role).distinct().values_list("pk", flat=True)
        )
        everyone |= holders
        done = len(holders & trained)
        per_role.append(
            {
                "role": role,
                "label": Role(role).label,
                "trained": done,
                "expected": len(holders),
                "share": _share(done, len(holders)),
            }
        )
    done = len(everyone & trained)
    return {
        "trained": done,
        "expected": len(everyone),
        "share": _share(done, len(everyone)),
        "since": since,
        "per_role": per_role,
    }


def held_activities() -> QuerySet[TrainingActivity]:
    """The training activities held by today (the form also takes planned ones, up to 2 years
    ahead): every count of who is trained reads these."""
    return TrainingActivity.objects.filter(held_on__lte=today())


def training_record_of(user) -> dict:
    """The employee's own training held so far: {"activities": [TrainingActivity], "hours": Decimal}."""
    activities = list(held_activities().filter(participants=user).order_by("-held_on", "-pk"))
    return {"activities": activities, "hours": sum((a.hours for a in activities), start=0)}


def resources_search(query: str = "", kind: str = "") -> QuerySet[Resource]:
    """The library, filtered by words in the title or description (all words must match) and by kind."""
    resources = Resource.objects.select_related("owner")
    for word in query.split()[:10]:
        resources = resources.filter(Q(title__icontains=word) | Q(description__icontains=word))
    if kind:
        resources = resources.filter(kind=kind)
    return resources.order_by("kind", "title", "pk")
