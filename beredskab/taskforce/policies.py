"""Who may see and keep the adult taskforce's roster and overview.

The roster (names, roles, absences) is seen by the unit's taskforce and leaders and by the plan
coordinator, and kept by the coordinator or the unit's leader. The overview and the
reassignment page show the unit's inquiries, so only the unit's taskforce and leaders see them,
and only the leader reassigns. Everyone else: the unit is "not found"."""

from django.utils.translation import gettext as _

from beredskab.accounts.selectors import adults_units
from beredskab.core.policies import ALLOW, Policy, deny
from beredskab.core.roles import Role

TEAM_ROLES = (Role.ADULT_TASKFORCE, Role.UNIT_LEADER)


def _team_unit_ids(user) -> frozenset[int]:
    return user.unit_ids_with_role(*TEAM_ROLES)


def _coordinates(user) -> bool:
    return user.has_role(Role.PLAN_COORDINATOR)


class TaskforcePolicy(Policy):
    """Objects are adults units (`accounts.Unit` of kind ADULTS)."""

    def visible(self, user, queryset):
        if user is None or not user.is_authenticated or not user.is_active:
            return queryset.none()
        queryset = queryset.filter(pk__in=adults_units())
        return queryset if _coordinates(user) else queryset.filter(pk__in=_team_unit_ids(user))

    def decide_view_roster(self, user, unit):
        if _coordinates(user) or unit.pk in _team_unit_ids(user):
            return ALLOW
        return deny(_("Du hører ikke til taskforcen."))

    def decide_manage_roster(self, user, unit):
        if _coordinates(user) or unit.pk in user.unit_ids_with_role(Role.UNIT_LEADER):
            return ALLOW
        return deny(_("Kun beredskabskoordinatoren og enhedens leder kan ændre vagtplanen."))

    def decide_view_absence_kind(self, user, unit):
        """Sickness is health data: the kind of an absence is for those who keep the roster."""
        return self.decide_manage_roster(user, unit)

    def decide_view_overview(self, user, unit):
        if unit.pk in _team_unit_ids(user):
            return ALLOW
        return deny(_("Kun taskforcen og dens leder kan se overblikket."))

    def decide_reassign(self, user, unit):
        if unit.pk in user.unit_ids_with_role(Role.UNIT_LEADER):
            return ALLOW
        return deny(_("Kun enhedens leder kan fordele henvendelser."))


taskforce_policy = TaskforcePolicy()
