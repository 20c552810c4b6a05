"""Who may see and do what with risk assessments. Visibility follows the case (CasePolicy):
whoever may see the case may read its assessments; only its team works on them."""

from django.utils.translation import gettext as _

from beredskab.cases.models import Case
from beredskab.cases.policies import case_policy
from beredskab.core.policies import ALLOW, Policy, deny

from .models import AssessmentStatus


class RiskAssessmentPolicy(Policy):
    def visible(self, user, queryset):
        return queryset.filter(case__in=case_policy.visible(user, Case.objects.all()))

    def decide_view(self, user, assessment):
        return case_policy.decide(user, "view", assessment.case)

    def decide_edit(self, user, assessment):
        decision = case_policy.decide(user, "work", assessment.case)
        if not decision:
            return decision
        if assessment.status != AssessmentStatus.DRAFT:
            return deny(_("Vurderingen er afsluttet og kan ikke ændres. Start en ny version."))
        if assessment.author_id != user.pk:
            return deny(_("Kun den, der udarbejder vurderingen, kan ændre den."))
        return ALLOW

    decide_complete = decide_edit

    def decide_review(self, user, assessment):
        """Approve or return: a second person of the case's team (four eyes)."""
        decision = case_policy.decide(user, "work", assessment.case)
        if not decision:
            return decision
        if assessment.status != AssessmentStatus.COMPLETED:
            return deny(_("Vurderingen afventer ikke godkendelse."))
        if assessment.author_id == user.pk:
            return deny(_("Fire øjne: den, der har udarbejdet vurderingen, kan ikke selv godkende den."))
        return ALLOW


risk_policy = RiskAssessmentPolicy()
