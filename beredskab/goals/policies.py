"""Who sees the goals dashboard, and who sees the cases behind its figures.

The dashboard (counts only) is for the unit leaders (they lead cases) and the plan coordinator
(who keeps the plan and its goals). The cases behind a barometer figure are need-to-know: only
someone with a case role in the unit the dashboard is filtered to may open the list, and the list
itself holds only the cases `beredskab.cases.policies.case_policy` lets them see. Small counts
are shown as they are only to that same person (`sees_small_counts`)."""

from django.utils.translation import gettext as _

from beredskab.cases.policies import case_unit_ids, lead_unit_ids
from beredskab.core.policies import ALLOW, Policy, deny
from beredskab.core.roles import Capability


def may_view(user) -> bool:
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and (user.has_capability(Capability.CASE_LEAD) or user.has_capability(Capability.PLAN_MANAGE))
    )


def has_case_access(user, filters) -> bool:
    """The dashboard is filtered to a unit where the user holds a case role."""
    return bool(filters.unit_id) and filters.unit_id in case_unit_ids(user)


class GoalsPolicy(Policy):
    """Objects: the dashboard's `Filters`."""

    def visible(self, user, queryset):
        return queryset if may_view(user) else queryset.none()

    def decide_view(self, user, filters=None):
        if may_view(user):
            return ALLOW
        return deny(_("Kun enhedsledere og beredskabskoordinatoren ser målopfølgningen."))

    def decide_view_cases(self, user, filters):
        if not may_view(user):
            return self.decide_view(user, filters)
        if has_case_access(user, filters):
            return ALLOW
        return deny(_("Sagerne bag tallet ser kun dem, der arbejder med sager i den valgte enhed."))

    def decide_export_statistics(self, user, filters=None):
        """The reports for Danmarks Statistik: one row per report (not counts), so only a unit
        leader, and only of the units they lead."""
        if user and user.is_authenticated and user.is_active and lead_unit_ids(user):
            return ALLOW
        return deny(_("Kun enhedsledere kan hente underretningerne til Danmarks Statistik."))


goals_policy = GoalsPolicy()


def sees_small_counts(user, filters) -> bool:
    """Counts below 5 are shown as they are only to someone with access to the unit's cases."""
    return may_view(user) and has_case_access(user, filters)
