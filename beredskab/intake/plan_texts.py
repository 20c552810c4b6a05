"""What the report form and receipt take from the plan in force: the warning signs to tick,
the acute steps, the duty to report and the advice about telling the family; and the receipt
deadline the law sets. Nothing about a particular municipality is written in the templates."""

from dataclasses import dataclass, field

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from beredskab.accounts.selectors import adults_units
from beredskab.plan.vocabulary import page_in_danish

from .deadlines import RECEIPT_WORKING_DAYS


@dataclass(frozen=True)
class PlanText:
    """One of the plan's texts as the form shows it; `lang` is "da" when it is shown in Danish for
    want of a translation in the reader's language (the form then says so)."""

    text: str
    lang: str = ""

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class FormTexts:
    sign_choices: list = field(default_factory=list)  # [(group name, [(value, sign text), ...]), ...]
    signs_note: str = ""
    acute_steps: list[PlanText] = field(default_factory=list)
    family_advice: str = ""
    duty_professional: str = ""
    phone_fallback: str = ""
    receipt_working_days: int = RECEIPT_WORKING_DAYS  # barnets lov § 137, as the receipt promises it
    untranslated: bool = False  # some of the plan's texts are shown in Danish: no translation
    adult: bool = False  # the person is an adult: the plan routes them to an adults unit (serviceloven)


def _acute_steps(plan) -> list[PlanText]:
    """The acute steps in the reader's language where the plan has them (never half a step)."""
    language = get_language()
    steps = []
    for i, step in enumerate(plan.acute_steps.all()):
        text, lang = plan.translated(f"acute.steps[{i}]", step.text, language)
        if step.detail:
            detail, detail_lang = plan.translated(f"acute.steps[{i}].detail", step.detail, language)
            lang = lang or detail_lang
            text, detail = (step.text, step.detail) if lang else (text, detail)
            text = f"{text} – {detail}"
        steps.append(PlanText(text, lang))
    return steps


def _plan_words(plan) -> dict[str, str]:
    """The plan's words for the two topics in Danish; the catalogue's in another language."""
    if page_in_danish():
        return {"nsk": plan.term("nsk"), "aerk": plan.term("aerk")}
    return {"nsk": _("negativ social kontrol"), "aerk": _("æresrelaterede konflikter")}


def _adult_groups(groups) -> bool:
    """Whether every group in `groups` is received by an adults unit (accounts' Unit by the plan's
    org unit code)."""
    codes = {group.receiving_unit.org_unit_code for group in groups if group.receiving_unit}
    adult_codes = set(adults_units().filter(code__in=codes).values_list("code", flat=True))
    return bool(groups) and all(g.receiving_unit and g.receiving_unit.org_unit_code in adult_codes for g in groups)


def form_texts(plan, group_code: str | None = None, age: int | None = None) -> FormTexts:
    """The texts for the report form: of the plan's group `group_code` (from the guide's link), or
    the group for `age` (the age the reporter gave), else of every group. `adult` when the
    chosen groups are for adults: the form then speaks of the citizen, not of parents or children."""
    if plan is None:
        return FormTexts(acute_steps=[PlanText(_("Ring 112, hvis nogen er i fare."))])
    groups = plan.target_groups.select_related("receiving_unit")
    groups = list(groups.prefetch_related("warning_signs", "duties", "procedure_steps"))
    by_age = [g for g in groups if g.contains_age(age)] if age is not None else []
    chosen = by_age or [g for g in groups if g.code == group_code] or groups
    adult = _adult_groups(chosen) and len(chosen) < len(groups)
    # The plan's own sign groups (age bands that need not match the target groups), then the groups' signs.
    sign_choices = [
        (signs.name, [(f"signgroup-{signs.pk}-{j}", text) for j, text in enumerate(signs.signs)])
        for signs in plan.sign_groups.all()
        if any(signs.overlaps(group.min_age, group.max_age) for group in chosen)
    ] + [(group.name, [(f"sign-{sign.pk}", sign.text) for sign in group.warning_signs.all()]) for group in chosen]
    acute_steps = _acute_steps(plan)
    before_family = [
        step.text for group in chosen for step in group.procedure_steps.all() if step.before_involving_family
    ]
    family_advice = _(
        "Ved %(nsk)s og %(aerk)s skal familien ikke vide besked, før kommunen har vurderet risikoen."
    ) % _plan_words(plan)
    if before_family:
        family_advice = f"{family_advice} {before_family[0]}"
    professional = [duty.text for group in chosen for duty in group.duties.all() if duty.audience == "professional"]
    receiving = {group.receiving_unit for group in groups if group.receiving_unit and group.receiving_unit.phone}
    unconfirmed = f" ({_('ikke bekræftet')})"
    fallback = "; ".join(
        f"{unit.name}: {unit.phone}{unconfirmed if unit.is_unconfirmed('phone') else ''}"
        for unit in sorted(receiving, key=lambda u: u.order)
    )
    sign_choices = [(name, options) for name, options in sign_choices if options]
    # The signs a reporter ticks are stored as the plan's Danish text; the duty text, the note and
    # the step before involving the family have no translation in the file format.
    danish_shown = bool(sign_choices or plan.signs_note or before_family or professional)
    return FormTexts(
        untranslated=not page_in_danish() and (danish_shown or any(step.lang for step in acute_steps)),
        sign_choices=sign_choices,
        signs_note=plan.signs_note,
        acute_steps=acute_steps,
        family_advice=family_advice,
        duty_professional=professional[0] if professional else "",
        phone_fallback=_("Du kan også ringe: %(phones)s.") % {"phones": fallback} if fallback else "",
        adult=adult,
    )
