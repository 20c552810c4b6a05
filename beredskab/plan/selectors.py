"""Reads of plans.

The plan holds no personal data (only the official contact points of public bodies), so the
version in force is readable by everyone, including the public action guide, and its reads
are not audited. Lists of versions for staff go through the policy.
"""

from django.conf import settings
from django.db.models import QuerySet

from .models import Audience, Plan, PlanReader, PlanStatus
from .policies import plan_policy


def plan_in_force(municipality_code: str | None = None) -> Plan | None:
    """The adopted version of the municipality's plan (default: this installation's), or None."""
    code = municipality_code or settings.MUNICIPALITY_CODE
    return Plan.objects.filter(municipality_code=code, status=PlanStatus.ADOPTED).first()


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
    (e.g. "Sagsbehandler", who reports as a professional)."""
    offered: list[tuple[str, PlanReader | None]] = [(audience, None) for audience in ALWAYS_OFFERED_AUDIENCES]
    if plan is not None:
        offered += [(reader.audience, reader) for reader in plan.readers.all()]
    return offered
