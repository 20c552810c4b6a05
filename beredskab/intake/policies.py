from django.utils.translation import gettext as _

from beredskab.accounts.roles import CASE_ROLES
from beredskab.core.policies import ALLOW, Policy, deny


class ReportPolicy(Policy):
    """A report is seen by the case roles of the unit it was routed to, and nobody else.

    (Case sharing and break-glass access are added by the case-handling app, which takes a
    report into a case.)"""

    def visible(self, user, queryset):
        if not user.is_authenticated:
            return queryset.none()
        return queryset.filter(receiving_unit_id__in=user.unit_ids_with_role(*CASE_ROLES))

    def decide_view(self, user, report):
        if report.receiving_unit_id in user.unit_ids_with_role(*CASE_ROLES):
            return ALLOW
        return deny(_("Underretningen er sendt til en anden enhed."))

    def decide_list(self, user, obj=None):
        return (
            ALLOW if user.unit_ids_with_role(*CASE_ROLES) else deny(_("Du er ikke medarbejder i en modtagende enhed."))
        )


report_policy = ReportPolicy()
