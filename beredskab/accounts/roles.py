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
