"""Who sees the goals dashboard, and who sees the cases behind its figures.

The dashboard (counts only) is for the unit leaders (they lead cases) and the plan coordinator
(who keeps the plan and its goals). The cases behind a barometer figure are need-to-know: only
someone with a case role in the unit the dashboard is filtered to may open the list, and the list
itself holds only the cases `beredskab.cases.policies.case_policy` lets them see. Small counts
are shown as they are only to that same person, and only when no report or case they may not
see is among those counted (`sees_small_counts`)."""

from django.utils.translation import gettext as _

from beredskab.cases.models import Case
from beredskab.cases.policies import case_policy, case_unit_ids, lead_unit_ids
from beredskab.core.policies import ALLOW, Policy, deny
from beredskab.core.roles import Capability
from beredskab.intake.policies import report_policy

from . import scope


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


def hides_something(user, filters) -> bool:
    """Whether the figures for `filters` (this period and the same period last year) count a
    report or a case the user may not see: a protected case they are not named on, a restricted
    case, a report held for one. Its exact count would tell them it exists (the concern radar's
    rule: a case the reader may not see is not a hit, nor a count). A case counts when it was
    open at some time in the two periods; today's open adult inquiries count whatever the period
    (the barometer's snapshot, `scope.open_adult_inquiries`). Four queries, whatever the number
    of reports."""
    open_reports, open_cases = scope.open_adult_inquiries(filters)
    for reports in (scope.reports(filters), scope.reports(filters.last_year()), open_reports):
        if reports.exclude(pk__in=report_policy.visible(user, reports).values("pk")).exists():
            return True
    earliest = filters.last_year().since
    cases = scope.cases(filters).filter(received_at__lt=filters.until).exclude(closed_at__lt=earliest)
    cases = cases | open_cases
    return cases.exclude(pk__in=case_policy.visible(user, Case.objects.all()).values("pk")).exists()


def sees_small_counts(user, filters) -> bool:
    """Counts below 5 are shown as they are only to someone with access to the unit's cases, and
    only when they count nothing hidden from them (`hides_something`)."""
    return may_view(user) and has_case_access(user, filters) and not hides_something(user, filters)
