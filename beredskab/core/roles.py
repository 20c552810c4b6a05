"""Roles and what they allow.

Roles decide what a user may do (capabilities); units decide which cases they may see
(see the case policies). A user may hold several roles, in several units.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    FRONTLINE = "frontline", _("Frontmedarbejder")
    CHILD_CASEWORKER = "child_caseworker", _("Børnesagsbehandler")
    ADULT_TASKFORCE = "adult_taskforce", _("Taskforcemedlem (voksne)")
    UNIT_LEADER = "unit_leader", _("Enhedsleder")
    PLAN_COORDINATOR = "plan_coordinator", _("Beredskabskoordinator")
    AUDITOR = "auditor", _("Revisor / databeskyttelsesrådgiver")
    SYSADMIN = "sysadmin", _("Systemadministrator")


class Capability(models.TextChoices):
    """Things a role allows. Policies combine these with unit membership and case state."""

    REPORT_ON_BEHALF = "intake.report_on_behalf", _("Registrere underretninger modtaget pr. telefon")
    CASE_WORK = "cases.work", _("Arbejde med sager i egen enhed")
    CASE_LEAD = "cases.lead", _("Lede sager: fordele, godkende og tilsidesætte risikoporten")
    PLAN_MANAGE = "plan.manage", _("Redigere og vedtage beredskabsplanen")
    AUDIT_VIEW = "audit.view", _("Se og søge i revisionsloggen")
    SYSTEM_ADMIN = "system.admin", _("Administrere brugere og organisation")


ROLE_CAPABILITIES: dict[str, frozenset[str]] = {
    Role.FRONTLINE: frozenset(),
    Role.CHILD_CASEWORKER: frozenset({Capability.REPORT_ON_BEHALF, Capability.CASE_WORK}),
    Role.ADULT_TASKFORCE: frozenset({Capability.REPORT_ON_BEHALF, Capability.CASE_WORK}),
    Role.UNIT_LEADER: frozenset({Capability.REPORT_ON_BEHALF, Capability.CASE_WORK, Capability.CASE_LEAD}),
    Role.PLAN_COORDINATOR: frozenset({Capability.PLAN_MANAGE}),
    Role.AUDITOR: frozenset({Capability.AUDIT_VIEW}),
    Role.SYSADMIN: frozenset({Capability.SYSTEM_ADMIN}),
}

# Roles that only make sense inside a unit (they give access to that unit's cases).
UNIT_ROLES = frozenset({Role.CHILD_CASEWORKER, Role.ADULT_TASKFORCE, Role.UNIT_LEADER})
# Roles whose holders can see personal data in cases; they must use two-factor login.
CASE_ROLES = UNIT_ROLES


# --- who needs a second factor ----------------------------------------------------------------
# What a capability lets its holder reach beyond their own account. Every capability is listed
# (a test checks it; one left out counts as reaching everything), so adding a capability means
# deciding this, and the roles that need a second factor follow from it: no hand-kept role list
# for a new role to be missing from.
PERSONAL_DATA = "personal_data"  # reads personal data: cases, reports, the audit log, user accounts
PUBLIC_CONTENT = "public_content"  # changes what the public or staff are told: the plan, the guide
ACCESS = "access"  # changes who may do what
ALL_REACH = frozenset({PERSONAL_DATA, PUBLIC_CONTENT, ACCESS})

CAPABILITY_REACH: dict[str, frozenset[str]] = {
    Capability.REPORT_ON_BEHALF: frozenset({PERSONAL_DATA}),
    Capability.CASE_WORK: frozenset({PERSONAL_DATA}),
    Capability.CASE_LEAD: frozenset({PERSONAL_DATA, ACCESS}),
    Capability.PLAN_MANAGE: frozenset({PUBLIC_CONTENT}),
    Capability.AUDIT_VIEW: frozenset({PERSONAL_DATA}),
    Capability.SYSTEM_ADMIN: frozenset({PERSONAL_DATA, ACCESS}),
}


def role_reach(role: str) -> frozenset[str]:
    """What holding `role` reaches (PERSONAL_DATA, PUBLIC_CONTENT, ACCESS). A case role reaches
    its unit's cases by membership alone; a role or capability not described here reaches
    everything (fail closed)."""
    if role not in ROLE_CAPABILITIES:
        return ALL_REACH
    reach = frozenset({PERSONAL_DATA}) if role in CASE_ROLES else frozenset()
    for capability in ROLE_CAPABILITIES[role]:
        reach |= CAPABILITY_REACH.get(capability, ALL_REACH)
    return reach


def role_needs_second_factor(role: str) -> bool:
    """Every role that can read personal data, change what the public is told, or change who may
    do what must log in with a second factor."""
    return bool(role_reach(role))


TWO_FACTOR_ROLES = frozenset(role for role in Role if role_needs_second_factor(role))
