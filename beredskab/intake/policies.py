from django.utils.translation import gettext as _

from beredskab.accounts.roles import CASE_ROLES
from beredskab.core.policies import ALLOW, Policy, deny


class ReportPolicy(Policy):
    """A report is seen by the case roles of the unit it was routed to, and nobody else.

    (Case sharing and break-glass access are added by the case-handling app, which takes a
    report into a case.) A report in a protected case is hidden like its case, from everyone
    the case's leader did not name (beredskab.cases.protection)."""

    def visible(self, user, queryset):
        from beredskab.cases.protection import hidden_protected_case_ids

        if not user.is_authenticated:
            return queryset.none()
        return queryset.filter(receiving_unit_id__in=user.unit_ids_with_role(*CASE_ROLES)).exclude(
            case_link__case_id__in=hidden_protected_case_ids(user)
        )

    def decide_view(self, user, report):
        from beredskab.cases.protection import hidden_protected_case_ids

        if report.receiving_unit_id not in user.unit_ids_with_role(*CASE_ROLES):
            return deny(_("Underretningen er sendt til en anden enhed."))
        link = getattr(report, "case_link", None)
        if link is not None and hidden_protected_case_ids(user).filter(pk=link.case_id).exists():
            return deny(_("Underretningen er sendt til en anden enhed."))
        return ALLOW

    def decide_list(self, user, obj=None):
        return (
            ALLOW if user.unit_ids_with_role(*CASE_ROLES) else deny(_("Du er ikke medarbejder i en modtagende enhed."))
        )


report_policy = ReportPolicy()
