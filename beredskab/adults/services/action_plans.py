"""The action plan made with the citizen (handlingsplan). Versioned like the risk assessments:
one draft at a time, saved until it is agreed with the citizen; an agreed plan is never changed,
a new version is started from it. Agreeing needs the citizen's recorded consent and the case's
risk assessment (`beredskab.cases.risk`: the same instrument and four-eyes approval as for
children) approved and current; the plan links that assessment. Support that involves the
family (dialogue or mediation) passes the risk gate."""

import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from beredskab.cases.case_events import audit_case_event
from beredskab.cases.errors import CaseError
from beredskab.cases.models import Case
from beredskab.cases.risk.gate import Involves, gated
from beredskab.cases.risk.mentions import MentionsAnswer
from beredskab.core import dates

from .. import audit_actions
from ..models import FAMILY_SUPPORT_OPTIONS, ActionPlan, PlanStatus, SupportOption
from ..selectors import current_assessment
from .checks import check_citizen_mentions, locked_adult_case, require_adult_gate

# What a new version copies from the one before it.
PLAN_FIELDS = (
    "housing",
    "work",
    "education",
    "relatives",
    "wishes",
    "consent_given",
    "consent_on",
    "consent_note",
    "support_options",
    "support_note",
    "follow_up_on",
    "second_follow_up_on",
)
TEXT_FIELDS = ("housing", "work", "education", "relatives", "wishes", "consent_note", "support_note")
FOLLOW_UP = dates.DateRange(earliest=-dates.YEAR, latest=3 * dates.YEAR)


@gated(Involves.NEVER)
@transaction.atomic
def action_plan_start(*, actor, case: Case) -> ActionPlan:
    """Start a new version (the first, or one based on the latest)."""
    case = locked_adult_case(actor, case)
    if ActionPlan.objects.filter(case=case, status=PlanStatus.DRAFT).exists():
        raise CaseError(_("Der er allerede en handlingsplan under udarbejdelse. Gør den færdig først."))
    latest = ActionPlan.objects.filter(case=case).order_by("-version").first()
    now = timezone.now()
    plan = ActionPlan.objects.create(
        case=case,
        version=(ActionPlan.objects.filter(case=case).aggregate(v=Max("version"))["v"] or 0) + 1,
        based_on=latest,
        author=actor,
        created_at=now,
        updated_at=now,
        **({name: getattr(latest, name) for name in PLAN_FIELDS} if latest else {}),
    )
    if latest is not None:  # the new version starts without the citizen's consent: it is asked again
        plan.consent_given, plan.consent_on = False, None
        plan.save(update_fields=["consent_given", "consent_on"])
    audit_case_event(
        actor,
        audit_actions.PLAN_STARTED,
        case,
        target=plan,
        new={"version": plan.version, "based_on": latest.version if latest else None},
    )
    return plan


def _lock_draft(actor, plan: ActionPlan) -> tuple[Case, ActionPlan]:
    case = locked_adult_case(actor, plan.case)
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    if not plan.is_draft:
        raise CaseError(_("Handlingsplanen er aftalt og kan ikke ændres. Start en ny version."))
    return case, plan


def _check_values(values: dict) -> None:
    unknown = [code for code in values.get("support_options", []) if code not in SupportOption.values]
    if unknown:
        raise CaseError(_("Vælg støttemulighederne fra listen."))
    if values.get("consent_given") and not values.get("consent_on"):
        raise CaseError(_("Skriv datoen for borgerens samtykke."))
    if values.get("consent_on") and (problem := dates.PAST_EVENT.problem(values["consent_on"])):
        raise CaseError(problem)
    for name in ("follow_up_on", "second_follow_up_on"):
        if values.get(name) and (problem := FOLLOW_UP.problem(values[name])):
            raise CaseError(problem)
    first, second = values.get("follow_up_on"), values.get("second_follow_up_on")
    if first and second and second <= first:
        raise CaseError(_("Den næste opfølgning skal ligge efter den første."))


@gated(Involves.PEOPLE)
@transaction.atomic
def action_plan_save(
    *,
    actor,
    plan: ActionPlan,
    housing: str = "",
    work: str = "",
    education: str = "",
    relatives: str = "",
    wishes: str = "",
    consent_given: bool = False,
    consent_on: datetime.date | None = None,
    consent_note: str = "",
    support_options=(),
    support_note: str = "",
    follow_up_on: datetime.date | None = None,
    second_follow_up_on: datetime.date | None = None,
    mentions_confirmed: MentionsAnswer = False,
) -> ActionPlan:
    """Save the draft. Support that involves the family passes the risk gate; a sentence in the
    texts that records a contact with someone from the family or network is asked about."""
    case, plan = _lock_draft(actor, plan)
    values = {
        "housing": housing.strip(),
        "work": work.strip(),
        "education": education.strip(),
        "relatives": relatives.strip(),
        "wishes": wishes.strip(),
        "consent_given": bool(consent_given),
        "consent_on": consent_on if consent_given else None,
        "consent_note": consent_note.strip(),
        "support_options": sorted(set(support_options)),
        "support_note": support_note.strip(),
        "follow_up_on": follow_up_on,
        "second_follow_up_on": second_follow_up_on,
    }
    _check_values(values)
    family = bool(FAMILY_SUPPORT_OPTIONS & set(values["support_options"]))
    gate = require_adult_gate(case, what=_("Støtte, der inddrager familien"), family=family)
    texts = [values[name] for name in TEXT_FIELDS]
    mentions = check_citizen_mentions(case, texts, confirmed=mentions_confirmed, contacts_only=True, writer=actor)
    changed = sorted(name for name, value in values.items() if getattr(plan, name) != value)
    for name, value in values.items():
        setattr(plan, name, value)
    plan.updated_at = timezone.now()
    plan.save()
    audit_case_event(
        actor,
        audit_actions.PLAN_SAVED,
        case,
        target=plan,
        new={
            "version": plan.version,
            "changed": changed,
            "support_options": values["support_options"],
            "consent_given": values["consent_given"],
            "gate": gate.audit_values() if gate else None,
            "mentions_confirmed": bool(mentions),
        },
    )
    return plan


def missing_for_agreement(plan: ActionPlan) -> list[str]:
    """What the draft lacks before it can be agreed (Danish, for the page)."""
    missing = []
    if not plan.wishes:
        missing.append(_("borgerens egne ønsker"))
    if not (plan.consent_given and plan.consent_on):
        missing.append(_("borgerens samtykke med dato"))
    if not plan.support_options:
        missing.append(_("mindst én støttemulighed"))
    if not plan.follow_up_on:
        missing.append(_("en dato for opfølgning"))
    return missing


@gated(Involves.NEVER)  # agreeing needs the current approved assessment, which is what opens the gate
@transaction.atomic
def action_plan_agree(*, actor, plan: ActionPlan, agreed_on: datetime.date) -> ActionPlan:
    """Mark the draft agreed with the citizen on `agreed_on`. Refused unless the plan is complete
    and the case's latest risk assessment is approved by a second person and current."""
    case, plan = _lock_draft(actor, plan)
    if problem := dates.PAST_EVENT.problem(agreed_on):
        raise CaseError(problem)
    if missing := missing_for_agreement(plan):
        raise CaseError(_("Handlingsplanen mangler: %(what)s.") % {"what": ", ".join(missing)})
    assessment, reason = current_assessment(case)
    if assessment is None:
        raise CaseError(
            _("Handlingsplanen kan først aftales, når risikovurderingen er godkendt og gældende. %(why)s")
            % {"why": reason}
        )
    ActionPlan.objects.filter(case=case, status=PlanStatus.AGREED).update(status=PlanStatus.SUPERSEDED)
    plan.status = PlanStatus.AGREED
    plan.risk_assessment = assessment
    plan.agreed_on = agreed_on
    plan.agreed_at = timezone.now()
    plan.agreed_by = actor
    plan.save()
    audit_case_event(
        actor,
        audit_actions.PLAN_AGREED,
        case,
        target=plan,
        new={"version": plan.version, "agreed_on": agreed_on, "assessment": assessment.version},
    )
    return plan
