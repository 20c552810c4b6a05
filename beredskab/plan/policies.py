"""Who may do what with plan versions. The plan holds no personal data, so reading the plan in
force needs no permission (the action guide is public); managing versions needs PLAN_MANAGE."""

from django.utils.translation import gettext as _

from beredskab.core.policies import ALLOW, Policy, deny
from beredskab.core.roles import Capability

from .models import PlanInForcePeriod, PlanStatus


class PlanPolicy(Policy):
    def visible(self, user, queryset):
        if user is None or not user.is_authenticated or not user.has_capability(Capability.PLAN_MANAGE):
            return queryset.none()
        return queryset

    def _manager(self, user):
        return ALLOW if user.has_capability(Capability.PLAN_MANAGE) else deny(_("Kun beredskabskoordinatoren."))

    def decide_view(self, user, plan):
        return self._manager(user)

    def decide_draft_new(self, user, plan):
        return self._manager(user)

    def decide_edit(self, user, plan):
        decision = self._manager(user)
        if decision and plan is not None and plan.status != PlanStatus.DRAFT:
            return deny(_("Kun et udkast kan ændres. Opret et nyt udkast for at ændre planen."))
        return decision

    def decide_adopt(self, user, plan):
        decision = self._manager(user)
        if decision and plan.status != PlanStatus.DRAFT:
            return deny(_("Kun et udkast kan vedtages."))
        return decision

    def decide_archive(self, user, plan):
        decision = self._manager(user)
        if decision and plan.status == PlanStatus.ADOPTED:
            return deny(_("Planen i kraft arkiveres, når en ny version vedtages."))
        if decision and plan.status == PlanStatus.ARCHIVED:
            return deny(_("Versionen er allerede arkiveret."))
        if decision and plan.status == PlanStatus.SCHEDULED:
            return deny(_("En vedtaget version arkiveres, når den afløses."))
        return decision

    @staticmethod
    def _has_adopted(plan) -> bool:
        return type(plan).objects.filter(municipality_code=plan.municipality_code, status=PlanStatus.ADOPTED).exists()

    def decide_roll_back(self, user, plan):
        decision = self._manager(user)
        if decision and not plan.is_in_force:
            return deny(_("Kun versionen i kraft kan rulles tilbage."))
        # A scheduled version whose day has come replaces the ADOPTED one when the job runs (or
        # when it is rolled back: the service switches it first).
        waiting = plan.status == PlanStatus.SCHEDULED
        if (
            decision
            and not (waiting and self._has_adopted(plan))
            and PlanInForcePeriod.objects.predecessor(plan) is None
        ):
            return deny(_("Der er ingen tidligere version at rulle tilbage til."))
        return decision

    def decide_cancel_scheduled(self, user, plan):
        decision = self._manager(user)
        if decision and plan.status != PlanStatus.SCHEDULED:
            return deny(_("Kun en version, der venter på at træde i kraft, kan annulleres."))
        if decision and plan.is_in_force:  # its day has come: the service refuses too
            return deny(_("Versionen er planen i kraft nu. Rul den tilbage i stedet, hvis den ikke skal gælde."))
        return decision

    def decide_confirm_fact(self, user, plan):
        decision = self._manager(user)
        if decision and plan.status == PlanStatus.ARCHIVED:
            return deny(_("En arkiveret version kan ikke ændres."))
        return decision


plan_policy = PlanPolicy()
