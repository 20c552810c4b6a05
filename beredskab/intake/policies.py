from django.db.models import Q
from django.utils.translation import gettext as _

from beredskab.core.policies import ALLOW, Policy, deny
from beredskab.core.roles import CASE_ROLES, Role

from .hooks import reports_hidden_from, taken_reports


class ReportPolicy(Policy):
    """A report is seen by the case roles of the unit it was routed to, and nobody else.

    (Case sharing and break-glass access are added by the case-handling app, which takes a
    report into a case.) Higher apps hide more through `intake.hooks.hides_reports` (cases: a
    report in, or held for, a protected case is hidden from everyone the case's leader did not
    name, except the leaders of the unit it is held in, who decide where it goes). A report
    whose arrival check failed (`needs_check`) is seen only by the unit's leaders until the
    check has run or the report is in a case (`intake.hooks.takes_reports`)."""

    def _hidden(self, user):
        leads = user.unit_ids_with_role(Role.UNIT_LEADER)
        unchecked = Q(needs_check=True) & ~taken_reports() & ~Q(receiving_unit_id__in=leads)
        return unchecked | reports_hidden_from(user)

    def visible(self, user, queryset):
        if not user.is_authenticated:
            return queryset.none()
        return queryset.filter(receiving_unit_id__in=user.unit_ids_with_role(*CASE_ROLES)).exclude(self._hidden(user))

    def decide_view(self, user, report):
        if report.receiving_unit_id not in user.unit_ids_with_role(*CASE_ROLES):
            return deny(_("Underretningen er sendt til en anden enhed."))
        if type(report).objects.filter(pk=report.pk).filter(self._hidden(user)).exists():
            return deny(_("Underretningen er sendt til en anden enhed."))
        return ALLOW

    def decide_list(self, user, obj=None):
        return (
            ALLOW if user.unit_ids_with_role(*CASE_ROLES) else deny(_("Du er ikke medarbejder i en modtagende enhed."))
        )


report_policy = ReportPolicy()
