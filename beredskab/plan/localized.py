"""The plan's public texts in the reader's language: one place for the rule every page, card and
form follows. A text is shown in the active language where the plan has a translation
(`Plan.translations`, keyed by the text's place in the file, see `validation.translations`);
else in Danish, marked `lang="da"`, and the page says so in the reader's language.

The places named here are the ones `validation.translations.public_texts` lists for a file.
"""

from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.translation import get_language

from .models import Plan
from .reasons import mark_unconfirmed, unconfirmed_ways


@dataclass(frozen=True)
class Localized:
    """A text of the plan in the reader's language; `lang` is "da" when the plan has no
    translation and the Danish text is shown instead (the page then says so)."""

    text: str
    lang: str = ""
    detail: str = ""

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)

    def __eq__(self, other) -> bool:
        """Equal to the same text as a plain string too (a group's name compares as its name)."""
        if isinstance(other, str):
            return self.text == other
        if isinstance(other, Localized):
            return (self.text, self.lang, self.detail) == (other.text, other.lang, other.detail)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.text)


def localize(plan: Plan, key: str, danish: str, detail_key: str = "", detail: str = "") -> Localized:
    """The text at `key` (and its `detail`) in the active language. A text with a detail is shown
    in one language: both translated, else both in the plan's own Danish."""
    language = get_language()
    text, lang = plan.translated(key, danish, language)
    if detail:
        detail_text, detail_lang = plan.translated(detail_key, detail, language)
        lang = lang or detail_lang
        if lang == "da":
            text, detail_text = danish, detail
        return Localized(text, lang, detail_text)
    return Localized(text, lang)


def marked(text) -> str:
    """A text for HTML inside a sentence or a label: escaped, and inside `<span lang="da">` when
    it is a `Localized` shown in Danish for want of a translation."""
    lang = getattr(text, "lang", "")
    return format_html('<span lang="{}">{}</span>', lang, str(text)) if lang else format_html("{}", str(text))


def plan_text(plan: Plan, key: str, danish: str) -> Localized | None:
    """One of the plan's texts (`acute.intro`, `units[vagt].instruction` ...) in the reader's
    language, or None when the plan has none."""
    return localize(plan, key, danish) if danish else None


def acute_steps(plan: Plan) -> list[Localized]:
    """The acute steps in the reader's language where the plan has them (never half a step)."""
    return [
        localize(plan, f"acute.steps[{i}]", s.text, f"acute.steps[{i}].detail", s.detail)
        for i, s in enumerate(plan.acute_steps.all())
    ]


def unit_text(plan: Plan, unit, field: str) -> Localized | None:
    """A unit's `description` or `instruction` ("Ring til døgnvagten via politiet på 114")."""
    return plan_text(plan, f"units[{unit.code}].{field}", getattr(unit, field))


def channel_rules(plan: Plan, unit) -> dict[str, Localized]:
    """channel -> the plan's rule for reaching the unit that way, in the reader's language; a way
    to reach the unit it names that is not confirmed is marked there ("Ring 06 60 00 00 (ikke
    bekræftet)")."""
    return unit_channel_rules(plan, unit.code, unit.channel_rules, unconfirmed_ways(unit))


def unit_channel_rules(plan: Plan, unit_code: str, rules, unconfirmed: dict[str, str]) -> dict[str, Localized]:
    """The same for a unit named by its code and its rules as given (e.g. by a routing answer's
    contact: `ContactAdvice.unit_code`, `.channel_rules`, `.unconfirmed_ways`)."""
    shown = {
        rule["channel"]: localize(plan, f"units[{unit_code}].channel_rules[{i}]", rule["rule"])
        for i, rule in enumerate(rules)
    }
    return {channel: Localized(mark_unconfirmed(text.text, unconfirmed), text.lang) for channel, text in shown.items()}


def phone_labels(plan: Plan, unit_code: str, more_phones) -> list[tuple[str, Localized | str]]:
    """(number, label) of a unit's further numbers, the label ("Sms-linjen") in the reader's
    language ("" where the plan gives none)."""
    return [
        (p["phone"], localize(plan, f"units[{unit_code}].more_phones[{i}].label", p["label"]) if p.get("label") else "")
        for i, p in enumerate(more_phones)
    ]


def group_text(plan: Plan, group, place: str, danish: str) -> Localized | None:
    """A text of a target group at `place` below it: `duty_to_report[citizen].text`,
    `advice[ssp].note`, `procedure.title`, `procedures[laerer].steps[0]` ..."""
    return plan_text(plan, f"target_groups[{group.code}].{place}", danish)


def duty_text(plan: Plan, duty) -> Localized | None:
    return group_text(plan, duty.target_group, f"duty_to_report[{duty.audience}].text", duty.text)


def definition(plan: Plan, item) -> tuple[Localized | None, Localized | None]:
    """(term, text) of a definition in the reader's language."""
    place = f"definitions[{item.code}]"
    return plan_text(plan, f"{place}.term", item.term), plan_text(plan, f"{place}.text", item.text)


def route_texts(plan: Plan, route) -> tuple[Localized | None, Localized | None]:
    """(title, text) of a topic's own route (`separate_routes`)."""
    place = f"separate_routes[{route.topic}]"
    return plan_text(plan, f"{place}.title", route.title), plan_text(plan, f"{place}.text", route.text)


def untranslated(*texts) -> bool:
    """Whether any of these texts (Localized, dicts with "lang", lists of either, or None) is
    shown in Danish for want of a translation."""
    for item in texts:
        if isinstance(item, list | tuple):
            if untranslated(*item):
                return True
            continue
        lang = item.get("lang") if isinstance(item, dict) else getattr(item, "lang", "")
        if lang == "da":
            return True
    return False


def plan_title(plan: Plan) -> Localized:
    """The plan's title ("Beredskabsplan mod negativ social kontrol ...") in the reader's language."""
    return localize(plan, "plan.title", plan.title)


def group_name(plan: Plan, group) -> Localized:
    """A target group's name ("Børn og unge under 18 år") in the reader's language."""
    return localize(plan, f"target_groups[{group.code}].name", group.name)


def reader_name(plan: Plan, reader) -> Localized:
    """The name of a reader the plan adds ("Jeg er sagsbehandler i Børn og Familie") in the
    reader's language."""
    return localize(plan, f"readers[{reader.code}].name", reader.name)


def district_name(plan: Plan, district) -> Localized | None:
    """A district's name ("Distrikt Nord", where the plan routes a group by postcode) in the
    reader's language, or None when the plan names none (the district's unit is shown instead).
    Districts have no code: they are named by their place in the group's list."""
    place = f"target_groups[{district.target_group.code}].districts[{district.order}].name"
    return plan_text(plan, place, district.name)


def partner_purpose(plan: Plan, partner) -> Localized | None:
    """What the plan uses a partner for, in the reader's language (None: the plan says nothing)."""
    return plan_text(plan, f"partners[{partner.code}].purpose", partner.purpose)
