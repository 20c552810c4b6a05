"""Reads of the adult track's records. Every read of personal data is audited with the purpose
the reader chose (or implied: the case policy's `read_purpose`)."""

from django.utils.translation import gettext as _

from beredskab.audit.services import audit_record
from beredskab.cases.models import Case
from beredskab.cases.risk import gate
from beredskab.cases.risk.models import RiskAssessment
from beredskab.cases.selectors import disclosure_for, read_purpose
from beredskab.core.dates import long_date

from . import audit_actions
from .models import ActionPlan, Counselling, Referral
from .policies import adult_policy


def current_assessment(case: Case) -> tuple[RiskAssessment | None, str]:
    """The case's risk assessment an action plan can rest on: the latest version, approved by a
    second person, its reassessment date not passed, and made or confirmed after the last new
    inquiry or reopening (the same rule that opens the risk gate). Else None and why not."""
    latest, problem = gate.assessment_standing(case)
    if problem == gate.MISSING:
        return None, _("Der er ingen risikovurdering på sagen.")
    if problem == gate.NOT_APPROVED:
        return None, _("Den nyeste risikovurdering (version %(v)s) har status “%(status)s”.") % {
            "v": latest.version,
            "status": latest.get_status_display(),
        }
    if problem == gate.EXPIRED:
        return None, _("Risikovurderingen (version %(v)s) skulle revurderes senest %(date)s.") % {
            "v": latest.version,
            "date": long_date(latest.reassessment_on) if latest.reassessment_on else "–",
        }
    if problem == gate.UNCONFIRMED:
        return None, _(
            "Der er kommet en ny henvendelse, eller sagen er genåbnet, efter at risikovurderingen blev godkendt. "
            "Bekræft eller forny vurderingen."
        )
    return latest, ""


def _audit_read(user, case: Case, action, purpose: str | None, target=None, new=None) -> None:
    audit_record(
        actor=user,
        action=action,
        target=target if target is not None else case,
        person_ref=case.person_ref,
        purpose=read_purpose(user, case, purpose),
        new={"case": case.reference, **(new or {})},
    )


def counselling_for_reading(*, user, case: Case, purpose: str | None = None) -> list[Counselling]:
    """The case's counselling conversations, newest first; the read is audited with its purpose.
    Each row's `shown_participants` are the family/network people the reader may see (a unit
    the case is shared with does not see people withheld from it by a disclosure restriction)."""
    adult_policy.require(user, "view", case)
    rows = list(
        Counselling.objects.filter(case=case)
        .select_related("recorded_by", "corrects")
        .prefetch_related("participants")
        .order_by("-held_on", "-number")
    )
    disclosure = disclosure_for(user, case)
    for row in rows:
        row.shown_participants = disclosure.visible(list(row.participants.all()))
    _audit_read(user, case, audit_actions.COUNSELLING_VIEWED, purpose, new={"count": len(rows)})
    return rows


def action_plans(case: Case) -> list[ActionPlan]:
    """The case's action plans, newest version first (no personal data is read from them here)."""
    return list(
        ActionPlan.objects.filter(case=case)
        .select_related("author", "agreed_by", "risk_assessment")
        .order_by("-version")
    )


def action_plan_for_reading(*, user, case: Case, version: int, purpose: str | None = None) -> ActionPlan:
    """One version of the action plan (ActionPlan.DoesNotExist when there is none), audited."""
    adult_policy.require(user, "view", case)
    plan = ActionPlan.objects.select_related("author", "agreed_by", "risk_assessment__reviewed_by").get(
        case=case, version=version
    )
    _audit_read(user, case, audit_actions.PLAN_VIEWED, purpose, target=plan, new={"version": plan.version})
    return plan


def audit_plan_export(*, user, case: Case, plan: ActionPlan) -> None:
    """The action plan printed as a PDF for the citizen (case work)."""
    adult_policy.require(user, "export", case)
    _audit_read(user, case, audit_actions.PLAN_EXPORTED, None, target=plan, new={"version": plan.version})


def referrals(case: Case) -> list[Referral]:
    """The case's referrals with their status history (read on the overview, audited there)."""
    return list(Referral.objects.filter(case=case).prefetch_related("events").order_by("-requested_on", "-pk"))


def adult_overview(*, user, case: Case, purpose: str | None = None) -> dict:
    """Everything the adult track's page shows for the case, with the read audited."""
    return {
        "counselling": counselling_for_reading(user=user, case=case, purpose=purpose),
        "plans": action_plans(case),
        "referrals": referrals(case),
        "assessment": current_assessment(case),
    }
