"""The plan's texts as the guide shows them: in the reader's language where the plan has a
translation (`Plan.translations`), else in Danish marked `lang="da"` (and the page says so);
warning signs under their headings (the plan's own sign groups, then the target groups')."""

from dataclasses import dataclass

from django.utils.translation import get_language

from beredskab.plan.models import Plan, TargetGroup
from beredskab.plan.vocabulary import page_in_danish


@dataclass(frozen=True)
class Localized:
    """A text of the plan in the reader's language; `lang` is "da" when the plan has no
    translation and the Danish text is shown instead (the page then says so)."""

    text: str
    lang: str = ""
    detail: str = ""

    def __str__(self) -> str:
        return self.text


def localize(plan: Plan, key: str, danish: str, detail_key: str = "", detail: str = "") -> Localized:
    language = get_language()
    text, lang = plan.translated(key, danish, language)
    if detail:
        detail_text, detail_lang = plan.translated(detail_key, detail, language)
        lang = lang or detail_lang
        if lang == "da":  # show the step in one language: the plan's own
            text, detail_text = danish, detail
        return Localized(text, lang, detail_text)
    return Localized(text, lang)


def localized_plan_text(plan: Plan, key: str, danish: str) -> Localized | None:
    """One of the plan's own texts (`acute.intro`, `warning_signs.note`) in the reader's language,
    or None when the plan has none: every page and card shows these through here."""
    return localize(plan, key, danish) if danish else None


def localized_acute_steps(plan: Plan) -> list[Localized]:
    return [
        localize(plan, f"acute.steps[{i}]", s.text, f"acute.steps[{i}].detail", s.detail)
        for i, s in enumerate(plan.acute_steps.all())
    ]


def localized_steps(plan: Plan, group: TargetGroup, steps: list) -> list:
    """The procedure's steps as dicts, the text in the reader's language where the plan has it."""
    result = []
    for i, step in enumerate(steps):
        if isinstance(step, dict):  # a reader's procedure: Danish only
            result.append({**step, "lang": "" if page_in_danish() else "da"})
            continue
        text = localize(plan, f"target_groups[{group.code}].procedure.steps[{i}]", step.text)
        fields = ("legal_reference", "as_needed", "before_involving_family", "involves_family", "precondition")
        result.append({"text": text.text, "lang": text.lang, **{f: getattr(step, f) for f in fields}})
    return result


def danish_shown(*texts: str) -> bool:
    """Whether, in a language other than Danish, any of these plan texts is shown: texts the file
    cannot translate (duty texts, definitions, a procedure's introduction) are always Danish."""
    return not page_in_danish() and any(texts)


def untranslated(*lists) -> bool:
    """Whether any of these texts is shown in Danish for want of a translation."""
    for items in lists:
        for item in items:
            lang = item.get("lang") if isinstance(item, dict) else getattr(item, "lang", "")
            if lang == "da":
                return True
    return False


@dataclass(frozen=True)
class SignList:
    """Warning signs under one heading: a target group's, or an age band of the plan's own
    (`warning_signs.groups`, which need not match the target groups)."""

    name: str
    signs: list[Localized]


def sign_lists(plan: Plan, groups: list[TargetGroup]) -> list[SignList]:
    """The signs for these target groups: the plan's sign groups whose ages overlap theirs, then
    the signs the plan gives per target group (each in the reader's language where the plan has it)."""
    lists = [
        SignList(g.name, [localize(plan, f"warning_signs.groups[{i}].signs[{j}]", s) for j, s in enumerate(g.signs)])
        for i, g in enumerate(plan.sign_groups.all())
        if any(g.overlaps(t.min_age, t.max_age) for t in groups)
    ]
    return lists + [
        SignList(
            t.name,
            [
                localize(plan, f"target_groups[{t.code}].warning_signs[{j}]", s.text)
                for j, s in enumerate(t.warning_signs.all())
            ],
        )
        for t in groups
        if t.warning_signs.all()
    ]
