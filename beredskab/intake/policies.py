from django.db.models import Q
from django.utils.translation import gettext as _

from beredskab.accounts.roles import CASE_ROLES, Role
from beredskab.core.policies import ALLOW, Policy, deny


class ReportPolicy(Policy):
    """A report is seen by the case roles of the unit it was routed to, and nobody else.

    (Case sharing and break-glass access are added by the case-handling app, which takes a
    report into a case.) A report in a protected case is hidden like its case, from everyone
    the case's leader did not name (beredskab.cases.protection). A new report held for a
    child's protected case (beredskab.cases.holds) is seen by those named on the case and by
    the unit's leaders, who decide where it goes; so is a report whose arrival check failed
    (`needs_check`), until it has run."""

    def _hidden(self, user):
        from beredskab.cases.protection import hidden_protected_case_ids

        hidden = hidden_protected_case_ids(user)
        leads = user.unit_ids_with_role(Role.UNIT_LEADER)
        held_hidden = Q(hold__case_id__in=hidden, hold__released_at__isnull=True) & ~Q(hold__case__unit_id__in=leads)
        unchecked = Q(needs_check=True, case_link__isnull=True) & ~Q(receiving_unit_id__in=leads)
        return Q(case_link__case_id__in=hidden) | held_hidden | unchecked

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
