"""Reads of plans.

The plan holds no personal data (only the official contact points of public bodies), so the
version in force is readable by everyone, including the public action guide, and its reads
are not audited. Lists of versions for staff go through the policy.
"""

import datetime

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from beredskab.core import dates
from beredskab.core.workdays import to_local

from .content import plan_data
from .models import Audience, Plan, PlanInForcePeriod, PlanReader, PlanStatus
from .policies import plan_policy


def plan_in_force(municipality_code: str | None = None, *, on: datetime.date | None = None) -> Plan | None:
    """The version of the municipality's plan (default: this installation's) in force on `on`
    (default: today, in Copenhagen), or None.

    This is the one place that says which version is in force; every reader (the guide, the
    action cards, routing, intake, the API, implementation) asks it. A version the council
    adopted with a future in-force date (status SCHEDULED) is in force from that date on, even
    before the daily job (`services.plan_switch_due`) has made it ADOPTED and archived its
    predecessor; until that date the predecessor stays in force."""
    code = municipality_code or settings.MUNICIPALITY_CODE
    day = on or dates.today()
    candidates = Plan.objects.filter(
        Q(status=PlanStatus.ADOPTED) | Q(status=PlanStatus.SCHEDULED, in_force_from__lte=day),
        municipality_code=code,
    )
    # One query: at most the ADOPTED version and the one SCHEDULED version whose day has come.
    versions = sorted(candidates, key=lambda p: p.status != PlanStatus.SCHEDULED)
    if not versions:
        return None
    plan = versions[0]
    plan.__dict__["is_in_force"] = True  # Plan.is_in_force need not ask again
    return plan


def plan_in_force_at(moment: datetime.datetime | None, municipality_code: str | None = None) -> Plan | None:
    """The version in force at `moment` (default: now; naive: Copenhagen time): a reader
    answering for a moment (the API's and `plan_route`'s `at`) answers with the version in force
    then, not the version in force when asked.

    Now and later: as `plan_in_force` on that day (a version scheduled for the day is in force
    from its start). In the past: from the recorded history (`PlanInForcePeriod`), so a moment
    before a roll back or an adoption today answers with the version in force then. None when
    no version is known to have been in force then (before the first recorded version; see the
    migration `0013_plan_in_force_history` for what could be derived for older versions)."""
    if moment is None:
        return plan_in_force(municipality_code)
    code = municipality_code or settings.MUNICIPALITY_CODE
    local = to_local(moment)
    if local >= timezone.now():
        return plan_in_force(code, on=local.date())
    period = PlanInForcePeriod.objects.covering(code, local)
    if period is not None and period.ends_at is not None:
        return period.plan  # a closed period: that version was in force, whatever came after
    # In the open period (or before any recorded one): a version whose in-force day had come by
    # then was in force from the start of that day, even before the daily job recorded it.
    current = plan_in_force(code, on=local.date())
    if current is not None and current.status == PlanStatus.SCHEDULED:
        return current
    return period.plan if period is not None else None


def plan_in_force_before(plan: Plan) -> Plan | None:
    """The version a roll back of `plan` goes back to: the one in force just before `plan` first
    came into force (recorded history), or None. A scheduled version whose day has come and the
    daily job has not switched on yet goes back to the version it replaces (still ADOPTED)."""
    if plan.status == PlanStatus.SCHEDULED:
        return Plan.objects.filter(municipality_code=plan.municipality_code, status=PlanStatus.ADOPTED).first()
    return PlanInForcePeriod.objects.predecessor(plan)


def plan_in_force_periods(plan: Plan) -> list[PlanInForcePeriod]:
    """When `plan` was in force (recorded history), oldest first; [] when never (or not known)."""
    return list(PlanInForcePeriod.objects.filter(plan=plan).order_by("starts_at", "pk"))


def plan_scheduled(municipality_code: str | None = None) -> Plan | None:
    """The version adopted by the council that waits for its in-force date, or None."""
    code = municipality_code or settings.MUNICIPALITY_CODE
    return Plan.objects.filter(municipality_code=code, status=PlanStatus.SCHEDULED).first()


def plans_for_staff(user) -> QuerySet[Plan]:
    """Every version the user may manage, this installation's municipality first."""
    return plan_policy.visible(user, Plan.objects.all()).order_by("municipality_code", "-created_at", "-pk")


def plan_latest(municipality_code: str) -> Plan | None:
    """The version in force, else the newest version (for exports)."""
    return (
        plan_in_force(municipality_code)
        or Plan.objects.filter(municipality_code=municipality_code).order_by("-created_at", "-pk").first()
    )


# The readers every public page offers, whatever the plan's duty-to-report rows name:
# professionals (barnets lov § 133), citizens (§ 135) and the person concerned.
ALWAYS_OFFERED_AUDIENCES: tuple[str, ...] = (Audience.PROFESSIONAL, Audience.CITIZEN, Audience.SELF)


def offered_readers(plan: Plan | None) -> list[tuple[str, PlanReader | None]]:
    """ "Hvem er du?" as the guide and the report form both offer it: (audience, None) for the
    three readers always offered, then (audience, reader) for each reader the plan adds
    (e.g. "Sagsbehandler", who reports as a professional). The readers are the version's kept
    ones (`content.plan_data`): after the first request, no query."""
    offered: list[tuple[str, PlanReader | None]] = [(audience, None) for audience in ALWAYS_OFFERED_AUDIENCES]
    if plan is not None:
        offered += [(reader.audience, reader) for reader in plan_data(plan).details().readers]
    return offered
