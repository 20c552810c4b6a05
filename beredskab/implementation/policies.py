"""Who may do what with the plan's implementation.

The coordinator (the capability to manage the plan) disseminates, records training and keeps
the library; every employee acknowledges and reads. Who in a unit has NOT acknowledged the
version in force is seen by the leaders of that unit only, never by the coordinator (who sees
counts) or by colleagues: `may_see_missing` is that rule, and every reader asks it."""

from django.utils.translation import gettext as _

from beredskab.core.policies import ALLOW, Policy, deny
from beredskab.core.roles import Capability, Role


def coordinates(user) -> bool:
    return user.has_capability(Capability.PLAN_MANAGE)


def led_unit_ids(user) -> frozenset[int]:
    return user.unit_ids_with_role(Role.UNIT_LEADER)


def may_see_missing(user, unit) -> bool:
    """THE rule: only a leader of `unit` sees who in it has not acknowledged the plan in force."""
    return bool(user and user.is_authenticated and user.is_active and unit.pk in led_unit_ids(user))


class ImplementationPolicy(Policy):
    """Objects: `accounts.Unit` for the missing list; none for the coordinator's actions."""

    def visible(self, user, queryset):
        """The units whose missing acknowledgements the user may see (those they lead)."""
        if user is None or not user.is_authenticated or not user.is_active:
            return queryset.none()
        return queryset.filter(pk__in=led_unit_ids(user))

    def decide_manage(self, user, obj=None):
        if coordinates(user):
            return ALLOW
        return deny(_("Kun beredskabskoordinatoren kan gøre dette."))

    def decide_view_coverage(self, user, obj=None):
        if coordinates(user) or led_unit_ids(user):
            return ALLOW
        return deny(_("Kun beredskabskoordinatoren og enhedsledere ser dækningen."))

    def decide_view_missing(self, user, unit):
        if may_see_missing(user, unit):
            return ALLOW
        return deny(_("Kun enhedens leder kan se, hvem der mangler at kvittere."))


implementation_policy = ImplementationPolicy()
