"""Who may see and work on the adult track's records: the case policy decides (who may see the
case may read them; only the case's own unit works on them, while the case is open), and only
on an adult case."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from beredskab.cases.models import Case
from beredskab.cases.policies import case_policy
from beredskab.cases.selectors import is_adult_case
from beredskab.core.policies import Policy, deny

NOT_ADULT = gettext_lazy("Rådgivning, handlingsplan og henvisninger efter serviceloven hører til sager om voksne.")


class AdultCasePolicy(Policy):
    """Actions on an adult case's serviceloven records (`obj` is the case)."""

    def visible(self, user, queryset):
        return queryset.filter(case__in=case_policy.visible(user, Case.objects.all()))

    def decide_view(self, user, case):
        if not is_adult_case(case):
            return deny(str(NOT_ADULT))
        return case_policy.decide(user, "view", case)

    def decide_work(self, user, case):
        if not is_adult_case(case):
            return deny(str(NOT_ADULT))
        return case_policy.decide(user, "work", case)

    def decide_export(self, user, case):
        """A PDF for the citizen: the case's own unit (not a shared unit, not break-glass)."""
        if not is_adult_case(case):
            return deny(str(NOT_ADULT))
        if not case_policy.is_team(user, case):
            return deny(_("Kun sagens enhed kan udskrive handlingsplanen."))
        return case_policy.decide(user, "view", case)


adult_policy = AdultCasePolicy()


def case_page_section(user, case) -> str | None:
    """The adults app's section on the case page (registered with `cases.hooks`): only on an
    adult case, for a reader the policy lets see its serviceloven records."""
    return "adults/_case_link.html" if adult_policy.can(user, "view", case) else None
