from django.db.models import Q
from django.utils.translation import gettext as _

from beredskab.core.policies import ALLOW, Policy, deny
from beredskab.core.roles import CASE_ROLES, Role

from .hooks import hidden_case_id_sets


class ReportPolicy(Policy):
    """A report is seen by the case roles of the unit it was routed to, and nobody else.

    (Case sharing and break-glass access are added by the case-handling app, which takes a
    report into a case.) A report in a protected case is hidden like its case, from everyone
    the case's leader did not name (the cases app registers those cases with
    `intake.hooks.hides_cases`). A new report held for a child's protected case
    (beredskab.cases.holds) is seen by those named on the case and by the unit's leaders, who
    decide where it goes; so is a report whose arrival check failed (`needs_check`), until it
    has run."""

    def _hidden(self, user):
        leads = user.unit_ids_with_role(Role.UNIT_LEADER)
        hidden = Q(needs_check=True, case_link__isnull=True) & ~Q(receiving_unit_id__in=leads)
        for case_ids in hidden_case_id_sets(user):
            held = Q(hold__case_id__in=case_ids, hold__released_at__isnull=True) & ~Q(hold__case__unit_id__in=leads)
            hidden |= Q(case_link__case_id__in=case_ids) | held
        return hidden

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
