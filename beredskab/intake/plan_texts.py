"""What the report form and receipt take from the plan in force: the warning signs to tick,
the acute steps, the duty to report and the advice about telling the family; and the receipt
deadline the law sets. Nothing about a particular municipality is written in the templates."""

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from beredskab.accounts.selectors import adults_units
from beredskab.plan.content import plan_data, with_content
from beredskab.plan.localized import (
    Localized,
    acute_steps,
    duty_text,
    group_name,
    group_text,
    localize,
    unit_channel_rules,
    untranslated,
)
from beredskab.plan.reasons import unconfirmed_text
from beredskab.plan.routing import phone_uri, route
from beredskab.plan.selectors import offered_readers
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


class SignHeading(str):
    """A heading of the signs to tick: the plan's Danish name as a value (what a report keeps and
    the form compares), shown in the reader's language (`__html__`: marked lang="da" without a
    translation)."""

    shown: Localized | None = None

    def __new__(cls, danish: str, shown: Localized | None = None):
        heading = super().__new__(cls, danish)
        heading.shown = shown
        return heading

    def __html__(self) -> str:
        return _shown(self.shown) if self.shown is not None else escape(str(self))


CHANNEL_LABELS = {
    "phone": gettext_lazy("telefon"),
    "email": gettext_lazy("e-mail"),
    "url": gettext_lazy("hjemmeside"),
    "address": gettext_lazy("brev og fremmøde"),
}


@dataclass(frozen=True)
class ChannelRule:
    """One of the plan's rules for a way to reach a contact the plan routes to now, e.g.
    "Mails fredag efter kl. 12 ... bliver ikke læst. Ring til vagten." for the team's e-mail."""

    unit: str
    channel: str
    rule: Localized


@dataclass(frozen=True)
class FormTexts:
    sign_choices: list = field(default_factory=list)  # [(group name, [(value, sign text), ...]), ...]
    sign_labels: dict = field(default_factory=dict)  # value -> the sign as shown, in the reader's language
    signs_note: str = ""
    acute_steps: list[PlanText] = field(default_factory=list)
    emergency_phone: str = "112"  # the plan's emergency number (acute.emergency.phone); 112 without a plan
    emergency_uri: str = "tel:112"
    family_advice: str = ""
    duty_professional: PlanText | None = None  # in the reader's language where the plan has it
    phone_fallback: str = ""
    receipt_working_days: int = RECEIPT_WORKING_DAYS  # barnets lov § 137, as the receipt promises it
    untranslated: bool = False  # some of the plan's texts are shown in Danish: no translation
    adult: bool = False  # the person is an adult: the plan routes them to an adults unit (serviceloven)
    readers: list = field(default_factory=lambda: offered_readers(None))  # "Hvem er du?" as the guide offers it
    channel_rules: list[ChannelRule] = field(default_factory=list)  # the plan's rules for the contacts routed to now


def channel_rules_now(plan, groups, at=None) -> list[ChannelRule]:
    """The plan's channel rules of every contact the plan's routing (`plan.routing.route`) names
    now for these target groups, once each, in the reader's language where the plan has it."""
    at = at or timezone.now()
    shown: dict[tuple[str, str], ChannelRule] = {}
    for group in groups:
        for contact in route(plan, age=group.min_age, at=at).contacts:
            rules = unit_channel_rules(plan, contact.unit_code, contact.channel_rules, contact.unconfirmed_ways)
            for channel, rule in rules.items():
                label = str(CHANNEL_LABELS.get(channel, channel))
                shown.setdefault((contact.unit_code, channel), ChannelRule(contact.name, label, rule))
    return list(shown.values())


def _acute_steps(plan) -> list[PlanText]:
    """The acute steps as one line each, in the reader's language where the plan has them (the
    rule is the plan's: `plan.localized.acute_steps`)."""
    return [PlanText(f"{s.text} – {s.detail}" if s.detail else s.text, s.lang) for s in acute_steps(plan)]


def _shown(text: Localized | None) -> str:
    """A plan text for the form: in the reader's language, or in Danish marked lang="da"."""
    if text is None:
        return ""
    return format_html('<span lang="da">{}</span>', text.text) if text.lang else format_html("{}", text.text)


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
        return FormTexts(acute_steps=[PlanText(_("Ring %(phone)s, hvis nogen er i fare.") % {"phone": "112"})])
    plan = with_content(plan)  # the version's rows as kept per process (shared: read only)
    groups = sorted(plan_data(plan).details().groups, key=lambda g: (g.order, g.pk))  # the plan's order
    by_age = [g for g in groups if g.contains_age(age)] if age is not None else []
    chosen = by_age or [g for g in groups if g.code == group_code] or groups
    adult = _adult_groups(chosen) and len(chosen) < len(groups)
    # The plan's own sign groups (age bands that need not match the target groups), then the groups'
    # signs; the labels in the reader's language (the value ticked is stored as the plan's Danish).
    sign_choices, sign_labels = [], {}
    for i, signs in enumerate(plan.sign_groups.all()):
        if any(signs.overlaps(group.min_age, group.max_age) for group in chosen):
            options = [(f"signgroup-{signs.pk}-{j}", text) for j, text in enumerate(signs.signs)]
            heading = localize(plan, f"warning_signs.groups[{i}].name", signs.name)
            sign_choices.append((SignHeading(signs.name, heading), options))
            keys = [f"warning_signs.groups[{i}].signs[{j}]" for j in range(len(options))]
            sign_labels |= {v: _shown(localize(plan, k, t)) for (v, t), k in zip(options, keys, strict=True)}
    for group in chosen:
        options = [(f"sign-{sign.pk}", sign.text) for sign in group.warning_signs.all()]
        sign_choices.append((SignHeading(group.name, group_name(plan, group)), options))
        keys = [f"target_groups[{group.code}].warning_signs[{j}]" for j in range(len(options))]
        sign_labels |= {v: _shown(localize(plan, k, t)) for (v, t), k in zip(options, keys, strict=True)}
    acute_steps = _acute_steps(plan)
    before_family = [
        _shown(group_text(plan, group, f"procedure.steps[{j}]", step.text))
        for group in chosen
        for j, step in enumerate(group.procedure_steps.all())
        if step.before_involving_family
    ]
    family_advice = _(
        "Ved %(nsk)s og %(aerk)s skal familien ikke vide besked, før kommunen har vurderet risikoen."
    ) % _plan_words(plan)
    if before_family:
        family_advice = format_html("{} {}", family_advice, before_family[0])
    professional = [
        duty_text(plan, duty) for group in chosen for duty in group.duties.all() if duty.audience == "professional"
    ]
    receiving = {group.receiving_unit for group in groups if group.receiving_unit and group.receiving_unit.phone}
    fallback = "; ".join(
        f"{unit.name}: {unconfirmed_text(unit.phone) if unit.is_unconfirmed('phone') else unit.phone}"
        for unit in sorted(receiving, key=lambda u: u.order)
    )
    sign_choices = [(name, options) for name, options in sign_choices if options]
    rules = channel_rules_now(plan, chosen)
    headings = [name.shown for name, _options in sign_choices]
    readers = [reader.shown_name for _audience, reader in offered_readers(plan) if reader]  # "Hvem er du?"
    danish_shown = untranslated([*professional, *(r.rule for r in rules), *headings, *readers]) or any(
        "lang=" in label for label in [*sign_labels.values(), *before_family]
    )
    return FormTexts(
        untranslated=not page_in_danish() and (danish_shown or any(step.lang for step in acute_steps)),
        sign_choices=sign_choices,
        sign_labels=sign_labels,
        signs_note=plan.signs_note,
        acute_steps=acute_steps,
        emergency_phone=plan.emergency_phone,
        emergency_uri=phone_uri(plan.emergency_phone),
        family_advice=family_advice,
        duty_professional=PlanText(professional[0].text, professional[0].lang) if professional else None,
        phone_fallback=_("Du kan også ringe: %(phones)s.") % {"phones": fallback} if fallback else "",
        adult=adult,
        readers=offered_readers(plan),
        channel_rules=rules,
    )
