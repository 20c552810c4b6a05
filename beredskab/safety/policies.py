"""Who may see and work on a case's personal safety plan, no-shows, trips and radar: the case's
own team (the case policy's "work": its unit, or the people named on a protected case). A unit
the case is shared with and a break-glass reader do not see them: the plan is the person's own
and is kept to the few who act on it. The one exception is the no-show button, for the person
the active safety plan names (e.g. the school contact)."""

from django.utils.translation import gettext as _

from beredskab.cases.models import Case
from beredskab.cases.policies import case_policy
from beredskab.core.policies import ALLOW, Policy, deny

from .models import SafetyPlan, SafetyPlanStatus


def active_plan(case) -> SafetyPlan | None:
    """The case's active personal safety plan, or None."""
    return SafetyPlan.objects.filter(case=case, status=SafetyPlanStatus.ACTIVE).first()


class SafetyPolicy(Policy):
    """Actions on a case's safety records (`obj` is the case)."""

    def visible(self, user, queryset):
        return queryset.filter(case__in=case_policy.visible(user, Case.objects.all()))

    def decide_view(self, user, case):
        # The case policy first: its protection rule ("beskyttet sag") binds the unit too.
        if case_policy.can(user, "view", case) and case_policy.is_team(user, case):
            return ALLOW
        return deny(_("Kun sagens enhed kan se den personlige sikkerhedsplan."))

    def decide_work(self, user, case):
        return case_policy.decide(user, "work", case)

    def decide_report_no_show(self, user, case):
        """The person the active safety plan names, or the case's team; never on a closed case."""
        plan = active_plan(case)
        if plan is None:
            return deny(_("Der er ingen gældende personlig sikkerhedsplan på sagen."))
        if plan.no_show_reporter_id == user.pk:
            if not case.is_open:
                return deny(_("Sagen er lukket. Der kan ikke meldes udeblivelser på en lukket sag."))
            return ALLOW
        return self.decide_work(user, case)  # refuses a closed case too


safety_policy = SafetyPolicy()


def case_page_section(user, case) -> str | None:
    """The safety app's section on the case page (registered with `cases.hooks`)."""
    return "safety/_case_section.html" if safety_policy.can(user, "view", case) else None
