"""The personal safety plan: made with the person and without the family, on the scenarios of
the case's current approved risk assessment (barnets lov § 18, stk. 3; serviceloven § 12 a),
restricted from disclosure to the family and network when it is made, reviewed at the
assessment's reassessment date. The code word and every free text are stored encrypted; the
audit log names the fields that changed, never their values."""

import re
from dataclasses import asdict, dataclass, field

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from beredskab.accounts.models import Municipality, User
from beredskab.cases.case_events import audit_case_event, lock_case
from beredskab.cases.errors import CaseError
from beredskab.cases.models import Audience, Case
from beredskab.cases.risk.gate import Involves, gated
from beredskab.cases.risk.mentions import mentioned
from beredskab.cases.services import restriction_add
from beredskab.core import dates
from beredskab.core.text import fold

from .. import audit_actions, contacts
from ..models import NeverChannel, SafeDocument, SafetyPlan, SafetyPlanStatus, SafetyScenario
from ..policies import active_plan, safety_policy
from ..standing import current_assessment, scenarios_of

# Why the plan is withheld from the family and network (the restriction's stated reason).
RESTRICTION_REASON = "Personlig sikkerhedsplan: aftalt med den unge og deles aldrig med familien eller netværket."
MAX_NO_SHOW_HOURS = 72
# Words that give the card's subject away if the family finds it (folded, compared in lower case).
GIVEAWAY_WORDS = ("negativ social kontrol", "æresrelateret", "social kontrol", "nsk", "ærk", "kommune")


def check_pocket_text(case: Case, texts) -> None:
    """The pocket card is printed from these texts: refuse one that names a person of the
    family or network (`cases.risk.mentions.mentioned`) or gives the subject away."""
    for text in texts:
        if not text:
            continue
        if mentioned(case, text, relation_words=False):
            raise CaseError(
                _("Teksten står på den unges lommekort og må ikke nævne nogen fra familien eller netværket.")
            )
        # Folded (`core.text.fold`): look-alike letters, soft hyphens and zero-width spaces do not hide a word.
        folded = fold(text)
        words = GIVEAWAY_WORDS + tuple(Municipality.objects.values_list("name", flat=True))
        if any(re.search(rf"\b{re.escape(fold(w))}\b", folded) for w in words):
            raise CaseError(
                _(
                    "Teksten står på den unges lommekort og må ikke afsløre emnet "
                    "(fx “æresrelateret” eller kommunens navn)."
                )
            )


def pocket_card_problem(plan: SafetyPlan) -> str:
    """Why the pocket card must not be printed now ("" when it may): the texts were checked when
    written, but a family member added to the network later (or a renamed municipality) can make
    an old text give the person away. Checked again at every print."""
    texts = [plan.code_word]
    for scenario in plan.scenarios.all():
        texts += [scenario.actions, scenario.safe_places]
    try:
        check_pocket_text(plan.case, texts)
    except CaseError as error:
        return _("Lommekortet kan ikke udskrives: %(reason)s Ret teksten i planen først.") % {"reason": error.reason}
    return ""


@dataclass
class PlanInput:
    """The plan's own fields (the scenarios are added one by one)."""

    made_with_person_on: object
    safe_channels: str
    no_show_reporter: User
    no_show_hours: int
    no_show_reaction: str
    code_word: str = ""
    never_channels: list = field(default_factory=list)
    never_note: str = ""
    documents: list = field(default_factory=list)
    documents_note: str = ""


def _check(case: Case, data: PlanInput) -> None:
    if problem := dates.PAST_EVENT.problem(data.made_with_person_on):
        raise CaseError(problem)
    if not data.safe_channels.strip():
        raise CaseError(_("Skriv, hvordan den unge kan kontaktes sikkert."))
    if not data.never_channels or any(c not in NeverChannel.values for c in data.never_channels):
        raise CaseError(_("Vælg de kanaler, der aldrig må bruges (fx breve til hjemmet)."))
    if any(d not in SafeDocument.values for d in data.documents):
        raise CaseError(_("Vælg dokumenterne fra listen."))
    if not 1 <= int(data.no_show_hours) <= MAX_NO_SHOW_HOURS:
        raise CaseError(_("Reaktionstiden skal være mellem 1 og %(max)s timer.") % {"max": MAX_NO_SHOW_HOURS})
    if not data.no_show_reaction.strip():
        raise CaseError(_("Skriv, hvem der reagerer hvordan, hvis den unge ikke møder op."))
    if data.no_show_reporter is None or not data.no_show_reporter.is_active:
        raise CaseError(_("Vælg den medarbejder, der melder udeblivelse."))
    check_pocket_text(case, [data.code_word])


def _values(data: PlanInput) -> dict:
    values = asdict(data)
    values["no_show_reporter"] = data.no_show_reporter
    values["safe_channels"] = data.safe_channels.strip()
    values["no_show_reaction"] = data.no_show_reaction.strip()
    values["code_word"] = data.code_word.strip()
    return values


@gated(Involves.NEVER)
@transaction.atomic
def safety_plan_create(*, actor, case: Case, data: PlanInput, without_family: bool) -> SafetyPlan:
    """A new personal safety plan on the case's current approved risk assessment. Raises
    CaseError without one (the gate's rule), when a plan is already active, or when the worker
    has not confirmed it was made with the person and without the family."""
    case = lock_case(case)
    safety_policy.require(actor, "work", case)
    assessment, why_not = current_assessment(case)
    if assessment is None:
        raise CaseError(why_not)
    if active_plan(case) is not None:
        raise CaseError(_("Sagen har allerede en gældende personlig sikkerhedsplan. Ret den, eller afslut den først."))
    if not without_family:
        raise CaseError(_("Bekræft, at planen er lavet med den unge og uden familien."))
    _check(case, data)
    now = timezone.now()
    number = (SafetyPlan.objects.filter(case=case).aggregate(n=Max("number"))["n"] or 0) + 1
    plan = SafetyPlan.objects.create(
        case=case,
        number=number,
        risk_assessment=assessment,
        review_on=assessment.reassessment_on,
        created_at=now,
        created_by=actor,
        updated_at=now,
        **_values(data),
    )
    restriction_add(
        actor=actor, case=case, item=plan, field_name="", audience=Audience.NETWORK, reason=RESTRICTION_REASON
    )
    audit_case_event(
        actor,
        audit_actions.PLAN_CREATED,
        case,
        target=plan,
        new={"number": number, "assessment": assessment.version, "no_show_hours": plan.no_show_hours},
    )
    return plan


def _locked_active(actor, plan: SafetyPlan) -> tuple[Case, SafetyPlan]:
    case = lock_case(plan.case)
    safety_policy.require(actor, "work", case)
    plan = SafetyPlan.objects.select_for_update().get(pk=plan.pk)
    if not plan.is_active:
        raise CaseError(_("Sikkerhedsplanen er afsluttet."))
    return case, plan


@gated(Involves.NEVER)
@transaction.atomic
def safety_plan_change(*, actor, plan: SafetyPlan, data: PlanInput, seen_version: str = "") -> SafetyPlan:
    """Change the plan's own fields; the audit event names the fields that changed.
    `seen_version`: the plan's `updated_at` (ISO) the form was made from; CaseError when the
    plan changed since (another tab), so nobody silently undoes a colleague's change."""
    case, plan = _locked_active(actor, plan)
    if seen_version and seen_version != plan.updated_at.isoformat():
        raise CaseError(
            _("Sikkerhedsplanen er ændret et andet sted, siden siden blev vist. Åbn planen igen, og ret den på ny.")
        )
    _check(case, data)
    changed = []
    for name, value in _values(data).items():
        if getattr(plan, name) != value:
            setattr(plan, name, value)
            changed.append(name)
    if changed:
        plan.updated_at = timezone.now()
        plan.save()
        audit_case_event(actor, audit_actions.PLAN_CHANGED, case, target=plan, new={"fields": sorted(changed)})
    return plan


@gated(Involves.NEVER)
@transaction.atomic
def safety_scenario_add(
    *, actor, plan: SafetyPlan, scenario: str, actions: str, contact_codes: list, safe_places: str = ""
) -> SafetyScenario:
    """What the person does in one scenario of the plan's risk assessment, and whom they call
    (contacts of the plan in force, by their codes)."""
    case, plan = _locked_active(actor, plan)
    if scenario not in scenarios_of(plan.risk_assessment):
        raise CaseError(_("Vælg et scenarie fra risikovurderingen."))
    if scenario in [s.scenario for s in plan.scenarios.all()]:
        raise CaseError(_("Scenariet er allerede i planen."))
    if not actions.strip():
        raise CaseError(_("Skriv, hvad den unge gør."))
    check_pocket_text(case, [actions, safe_places])
    known = {code for code, _label in contacts.choosable_contacts()}
    if not contact_codes or any(code not in known for code in contact_codes):
        raise CaseError(_("Vælg, hvem den unge kan ringe til, fra planens kontakter."))
    order = (plan.scenarios.aggregate(n=Max("order"))["n"] or 0) + 1
    row = SafetyScenario.objects.create(
        plan=plan,
        order=order,
        scenario=scenario,
        actions=actions.strip(),
        contact_codes=list(contact_codes),
        safe_places=safe_places.strip(),
    )
    plan.updated_at = timezone.now()
    plan.save(update_fields=["updated_at"])
    audit_case_event(
        actor, audit_actions.SCENARIO_ADDED, case, target=plan, new={"order": order, "contacts": list(contact_codes)}
    )
    return row


@gated(Involves.NEVER)
@transaction.atomic
def safety_plan_end(*, actor, plan: SafetyPlan) -> SafetyPlan:
    """End the plan (e.g. before a new one on a new assessment); its no-shows stay on record."""
    case, plan = _locked_active(actor, plan)
    plan.status = SafetyPlanStatus.ENDED
    plan.ended_at = timezone.now()
    plan.ended_by = actor
    plan.save(update_fields=["status", "ended_at", "ended_by"])
    audit_case_event(actor, audit_actions.PLAN_ENDED, case, target=plan, new={"number": plan.number})
    return plan
