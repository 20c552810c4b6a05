"""Need-to-know access to children's cases: one policy for every page, list, PDF, export,
selector, admin page and API view.

A case is visible to
- its owner (while they hold a case role anywhere),
- the members of its unit who hold a case role (case workers, taskforce, the unit's leaders),
- the members with a case role of units it is shared with (an active share),
and nobody else: not the system administrator, not the auditor (who reads the audit log).
"""

from django.db.models import Q
from django.utils.translation import gettext as _

from beredskab.accounts.roles import CASE_ROLES, ROLE_CAPABILITIES, Capability
from beredskab.core.policies import ALLOW, Policy, deny


def roles_with(capability: str) -> tuple[str, ...]:
    return tuple(role for role, caps in ROLE_CAPABILITIES.items() if capability in caps)


def case_unit_ids(user) -> frozenset[int]:
    """Units where the user holds a case role."""
    return user.unit_ids_with_role(*CASE_ROLES)


def lead_unit_ids(user) -> frozenset[int]:
    """Units where the user may lead cases (Capability.CASE_LEAD)."""
    return user.unit_ids_with_role(*roles_with(Capability.CASE_LEAD))


def work_unit_ids(user) -> frozenset[int]:
    return user.unit_ids_with_role(*roles_with(Capability.CASE_WORK))


class CasePolicy(Policy):
    def visible(self, user, queryset):
        from .models import CaseShare

        if user is None or not user.is_authenticated or not user.is_active:
            return queryset.none()
        units = case_unit_ids(user)
        condition = Q(unit_id__in=units) | Q(
            pk__in=CaseShare.objects.filter(unit_id__in=units, revoked_at__isnull=True).values("case_id")
        )
        if user.has_capability(Capability.CASE_WORK):
            condition |= Q(owner_id=user.pk)
        return queryset.filter(condition)

    # --- relations ------------------------------------------------------------------------

    def is_team(self, user, case) -> bool:
        """The case's own people: its owner and its unit's case roles."""
        if case.owner_id == user.pk and user.has_capability(Capability.CASE_WORK):
            return True
        return case.unit_id in case_unit_ids(user)

    def shared_unit_ids(self, user, case) -> set[int]:
        units = case_unit_ids(user)
        shares = getattr(case, "_prefetched_objects_cache", {}).get("shares")
        if shares is None:
            shares = case.shares.filter(revoked_at__isnull=True)
        return {s.unit_id for s in shares if s.revoked_at is None and s.unit_id in units}

    def is_shared_viewer(self, user, case) -> bool:
        return not self.is_team(user, case) and bool(self.shared_unit_ids(user, case))

    def is_lead(self, user, case) -> bool:
        return case.unit_id in lead_unit_ids(user)

    # --- actions --------------------------------------------------------------------------

    def decide_view(self, user, case):
        if self.is_team(user, case) or self.shared_unit_ids(user, case):
            return ALLOW
        return deny(_("Du har ikke adgang til denne sag."))

    def decide_work(self, user, case):
        """Write to the case: journal, tasks, screening, network, risk assessment."""
        if not self.is_team(user, case):
            return deny(_("Kun sagens enhed kan arbejde i sagen."))
        if not case.is_open:
            return deny(_("Sagen er lukket. Genåbn den først."))
        return ALLOW

    def decide_reply(self, user, case):
        """Receipts and feedback to reporters (barnets lov § 137): owed also after closing."""
        if self.is_team(user, case):
            return ALLOW
        return deny(_("Kun sagens enhed kan svare indberetteren."))

    def decide_write_journal(self, user, case):
        """Journal notes: the team, and units the case is shared with (collaboration)."""
        if not case.is_open:
            return deny(_("Sagen er lukket. Genåbn den først."))
        if self.is_team(user, case) or self.shared_unit_ids(user, case):
            return ALLOW
        return deny(_("Du har ikke adgang til denne sag."))

    def decide_claim(self, user, case):
        if case.unit_id not in work_unit_ids(user):
            return deny(_("Kun medarbejdere i sagens enhed kan tage sagen."))
        if case.owner_id and case.owner_id != user.pk:
            return deny(_("Sagen har allerede en sagsbehandler. En leder kan fordele den."))
        if not case.is_open:
            return deny(_("Sagen er lukket."))
        return ALLOW

    def decide_lead(self, user, case):
        if self.is_lead(user, case):
            return ALLOW
        return deny(_("Kun en leder i sagens enhed kan gøre dette."))

    decide_assign = decide_lead
    decide_override_gate = decide_lead
    decide_unflag = decide_lead

    def decide_share(self, user, case):
        if not case.is_open:
            return deny(_("Sagen er lukket."))
        if (case.owner_id == user.pk and self.is_team(user, case)) or self.is_lead(user, case):
            return ALLOW
        return deny(_("Kun sagsbehandleren eller en leder kan dele sagen med en anden enhed."))

    def decide_reopen(self, user, case):
        if not self.is_team(user, case):
            return deny(_("Kun sagens enhed kan genåbne sagen."))
        if case.is_open:
            return deny(_("Sagen er ikke lukket."))
        return ALLOW


case_policy = CasePolicy()


def may_open_from_report(user, report):
    """May the user take a report into a case (their unit received it)?"""
    if report.receiving_unit_id not in work_unit_ids(user):
        return deny(_("Underretningen er sendt til en anden enhed."))
    return ALLOW
