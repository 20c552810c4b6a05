"""Need-to-know access to children's cases: one policy for every page, list, PDF, export,
selector and admin page.

A case is visible to
- the members of its unit who hold a case role (case workers, taskforce, the unit's leaders);
  its owner sees it as one of them, so an owner who stops holding a case role in the unit
  loses access at once (the unit's leaders see the case as without a case worker),
- the members with a case role of units it is shared with (an active share),
and nobody else: not the system administrator, not the auditor (who reads the audit log).

Two rules sit on top (beredskab.cases.protection and beredskab.cases.breakglass):
- A *protected* case ("beskyttet sag") is seen only by the people a leader of its unit named
  and by the leader who protected it: not by the rest of the unit, not by shared units.
  `decide` refuses every action on it to anybody else, so no page, service or export can
  skip the rule. The rule is written once for a query (`hidden_protected_case_ids`) and once
  for a case in hand (`CasePolicy.is_protection_member`).
- *Break-glass* ("nødadgang"): a user with a case role who gave a reason may read a case for
  a limited time (settings.BREAK_GLASS_MINUTES). Reading only: no writes. Never a protected
  case (refusing is safer than naming exceptions; the named people have access anyway).
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from beredskab.accounts.selectors import adults_units
from beredskab.core.policies import ALLOW, Policy, deny
from beredskab.core.roles import CASE_ROLES, ROLE_CAPABILITIES, Capability, Role

from .models import (
    Audience,
    BreakGlassAccess,
    Case,
    CaseShare,
    DisclosureRestriction,
    ProtectedCaseMember,
    ReportHold,
    Track,
)


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


def hidden_protected_case_ids(user):
    """Ids of the protected cases `user` was neither named on nor protected (a subquery): hidden
    from them everywhere, including the intake pages (`ReportPolicy`) and the leaders' review of
    break-glass accesses."""
    user_id = getattr(user, "pk", None)
    named = ProtectedCaseMember.objects.filter(user_id=user_id).values("case_id")
    return Case.objects.filter(protected=True).exclude(Q(protected_by_id=user_id) | Q(pk__in=named)).values("pk")


# Restrictions on the child's own details that keep even the case's existence from other units.
SECRET_AUDIENCES = (Audience.ALL_OUTSIDE, Audience.OTHER_UNITS)


def restricted_case_ids():
    """Ids (a subquery) of the cases whose child's own details may not be disclosed outside the
    case's unit: an active `DisclosureRestriction` on the case itself towards SECRET_AUDIENCES."""
    return DisclosureRestriction.objects.filter(
        content_type=ContentType.objects.get_for_model(Case),
        object_id=F("case_id"),
        lifted_at__isnull=True,
        audience__in=SECRET_AUDIENCES,
    ).values("case_id")


def kept_in_its_unit(case) -> bool:
    """A protected case, or one whose child's details may not leave its unit
    (`restricted_case_ids`): its existence is kept from other units, so a report held for it
    goes to its unit (`holds`)."""
    return case.protected or Case.objects.filter(pk=case.pk, pk__in=restricted_case_ids()).exists()


def secret_case_ids(user):
    """Ids (a subquery) of the cases whose very existence is kept from `user` wherever cases about
    the same child are looked up (the earlier-reports box in `matching`, the concern radar): a
    protected case, or one whose child's own details may not be disclosed outside its unit
    (`restricted_case_ids`), that the user may not see. Not shown, not counted as "one you may
    not see", not "ask unit X"; nor are the reports in it or held for it. Any other case the
    user may not see may be shown to exist."""
    # The few kept cases first (a UNION, so each part uses its index), then the visibility of each
    # asked per case: neither the cases table nor the user's visible cases are read whole.
    kept = (
        Case.objects.filter(protected=True)
        .values("pk")
        .union(Case.objects.filter(pk__in=restricted_case_ids()).values("pk"))
    )
    sees_it = Exists(case_policy.visible(user, Case.objects.filter(pk=OuterRef("pk"))))
    return Case.objects.filter(pk__in=kept).exclude(sees_it).values("pk")


def reports_in_a_case() -> Q:
    """The reports (intake.Report) taken into a case: registered with `intake.hooks.takes_reports`."""
    return Q(case_link__isnull=False)


def reports_held_for_a_case() -> Q:
    """The reports (intake.Report) held for a case (`holds`, a standing hold) and not yet in it:
    registered with `intake.hooks.keeps_reports`, so intake's retention leaves them to the
    case they belong to (its legal hold, its retention)."""
    return Q(hold__isnull=False, hold__released_at__isnull=True)


def reports_hidden_from(user) -> Q:
    """The reports (intake.Report) `user` must not see on the intake pages: registered with
    `intake.hooks.hides_reports`. A report in a protected case the user was not named on is
    hidden like its case; so is a new report held for such a case (beredskab.cases.holds),
    except from the leaders of the case's unit, who decide where it goes. A report in an adult's
    case is hidden from everyone who may not see that case."""
    case_ids = hidden_protected_case_ids(user)
    leads = user.unit_ids_with_role(Role.UNIT_LEADER)
    held = Q(hold__case_id__in=case_ids, hold__released_at__isnull=True) & ~Q(hold__case__unit_id__in=leads)
    # A report in an adult's case (moved there by a track correction or the hand-over at 18) is
    # read like its case: only by those who may see the case, not by the unit that received it.
    # Asked per report (a correlated EXISTS), not as the set of every adult case the user may not
    # see: that set grows with the history, the queue's reports do not.
    sees_its_case = Exists(case_policy.visible(user, Case.objects.filter(pk=OuterRef("case_link__case_id"))))
    adult_case = Q(case_link__case__track=Track.ADULTS) & ~Q(sees_its_case)
    return Q(case_link__case_id__in=case_ids) | held | adult_case


class CasePolicy(Policy):
    def visible(self, user, queryset):
        if user is None or not user.is_authenticated or not user.is_active:
            return queryset.none()
        units = case_unit_ids(user)
        condition = Q(unit_id__in=units) | Q(
            pk__in=CaseShare.objects.filter(unit_id__in=units, revoked_at__isnull=True).values("case_id")
        )
        condition &= ~Q(pk__in=hidden_protected_case_ids(user))
        if units:  # break-glass counts only while the user holds a case role
            adult_ok = Q() if adults_units(within=units).exists() else Q(track=Track.CHILDREN)
            condition |= adult_ok & Q(
                protected=False,
                pk__in=BreakGlassAccess.objects.filter(user_id=user.pk, expires_at__gt=timezone.now()).values(
                    "case_id"
                ),
            )
        return queryset.filter(condition)

    def decide(self, user, action: str, obj=None):
        if obj is not None and user is not None and user.is_authenticated and self.hidden_by_protection(user, obj):
            return deny(_("Du har ikke adgang til denne sag."))
        return super().decide(user, action, obj)

    # --- protection and break-glass ---------------------------------------------------------

    def protection_member_ids(self, case) -> frozenset[int]:
        cached = getattr(case, "_protection_member_ids", None)
        if cached is None:
            prefetched = getattr(case, "_prefetched_objects_cache", {}).get("protection_members")
            if prefetched is not None:
                cached = frozenset(m.user_id for m in prefetched)
            else:
                cached = frozenset(case.protection_members.values_list("user_id", flat=True))
            case._protection_member_ids = cached
        return cached

    def is_protection_member(self, user, case) -> bool:
        """Named on the protected case, or its protector (`hidden_protected_case_ids` for one case)."""
        return case.protected and (case.protected_by_id == user.pk or user.pk in self.protection_member_ids(case))

    def hidden_by_protection(self, user, case) -> bool:
        """A protected case the user was not named for (nor protected themselves)."""
        return bool(getattr(case, "protected", False)) and not self.is_protection_member(user, case)

    def active_break_glass(self, user, case):
        """The user's running break-glass access to the case, or None."""
        cache = case.__dict__.setdefault("_break_glass_cache", {})
        if user.pk not in cache:
            cache[user.pk] = (
                None
                if case.protected or not case_unit_ids(user) or not self._may_break_glass_into(user, case)
                else BreakGlassAccess.objects.filter(user_id=user.pk, case_id=case.pk, expires_at__gt=timezone.now())
                .order_by("-expires_at")
                .first()
            )
        return cache[user.pk]

    @staticmethod
    def _may_break_glass_into(user, case) -> bool:
        """An adult's NSK/ÆRK case is seen only by the adults units (and units it is shared with):
        a grant made while it was a children's case stops reaching it once it moves to adults."""
        return not case.is_adult or adults_units(within=case_unit_ids(user)).exists()

    def is_break_glass_viewer(self, user, case) -> bool:
        """Reads the case only through break-glass (not its team, not a shared unit)."""
        if self.is_team(user, case) or self.shared_unit_ids(user, case):
            return False
        return self.active_break_glass(user, case) is not None

    # --- relations ------------------------------------------------------------------------

    def is_team(self, user, case) -> bool:
        """The case's own people: its unit's case roles (its owner only while one of them)."""
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
        if self.active_break_glass(user, case) is not None:
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

    def decide_protect(self, user, case):
        """Mark a case protected, change who may see it, or lift the protection: a leader of
        the case's unit (who, on a protected case, must be the protector or named)."""
        return self.decide_lead(user, case)

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
        if case.erased_at is not None:  # a tombstone: new data in it would escape retention for good
            return deny(_("Sagens personoplysninger er slettet efter reglerne om opbevaring. Opret en ny sag."))
        return ALLOW


case_policy = CasePolicy()


@dataclass(frozen=True)
class HeldFor:
    """The case a report is held for (`holds`), as the reader may know it. Need-to-know, the
    radar's rule (`beredskab.safety.radar.Scope.case`): a case the reader may not see is shown
    to exist, with the unit to ask (`unit`), and nothing else: no reference, no status."""

    unit: str
    reference: str = ""  # empty when the reader may not see the case
    is_open: bool | None = None  # None when the reader may not see the case

    @property
    def visible(self) -> bool:
        return bool(self.reference)


def held_for(user, holds) -> dict[int, HeldFor]:
    """{hold id: HeldFor} for `holds` (ReportHold rows with `case__unit` loaded), as `user` may
    know their cases: every label of a held report (the queue, the report's page) comes from
    here. One query for the lot."""
    holds = [h for h in holds if h is not None]
    case_ids = {h.case_id for h in holds}
    seen = set(case_policy.visible(user, Case.objects.filter(pk__in=case_ids)).values_list("pk", flat=True))
    return {
        h.pk: HeldFor(h.case.unit.name, h.case.reference, h.case.is_open)
        if h.case_id in seen
        else HeldFor(h.case.unit.name)
        for h in holds
    }


def report_held_for(*, user, report) -> HeldFor | None:
    """The case `report` is held for (a standing `ReportHold`), as `user` may know it, or None."""
    hold = ReportHold.objects.filter(report=report, released_at__isnull=True).select_related("case__unit").first()
    return None if hold is None else held_for(user, [hold])[hold.pk]


def may_open_from_report(user, report):
    """May the user take a report into a case (their unit received it)?"""
    if report.receiving_unit_id not in work_unit_ids(user):
        return deny(_("Underretningen er sendt til en anden enhed."))
    return ALLOW
