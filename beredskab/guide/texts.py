"""The plan's texts as the guide shows them: in the reader's language where the plan has a
translation (`Plan.translations`), else in Danish marked `lang="da"` (and the page says so);
warning signs under their headings (the plan's own sign groups, then the target groups')."""

from dataclasses import dataclass

from beredskab.plan.localized import Localized, acute_steps, group_name, group_text, localize, plan_text
from beredskab.plan.models import Plan, TargetGroup


def localized_plan_text(plan: Plan, key: str, danish: str) -> Localized | None:
    """One of the plan's own texts (`acute.intro`, `warning_signs.note`) in the reader's language,
    or None when the plan has none: every page and card shows these through here."""
    return plan_text(plan, key, danish)


def localized_acute_steps(plan: Plan) -> list[Localized]:
    return acute_steps(plan)


def localized_steps(plan: Plan, group: TargetGroup, steps: list, reader_code: str = "") -> list:
    """The procedure's steps as dicts (the group's, or with `reader_code` that reader's own), the
    text and the precondition in the reader's language where the plan has them."""
    place = f"procedures[{reader_code}]" if reader_code else "procedure"
    fields = ("legal_reference", "as_needed", "before_involving_family", "involves_family")
    result = []
    for i, step in enumerate(steps):
        get = step.get if isinstance(step, dict) else lambda key, step=step: getattr(step, key)
        text = group_text(plan, group, f"{place}.steps[{i}]", get("text")) or Localized("")
        precondition = group_text(plan, group, f"{place}.steps[{i}].precondition", get("precondition") or "")
        result.append(
            {"text": text.text, "lang": text.lang, "precondition": precondition, **{f: get(f) for f in fields}}
        )
    return result


@dataclass(frozen=True)
class SignList:
    """Warning signs under one heading: a target group's, or an age band of the plan's own
    (`warning_signs.groups`, which need not match the target groups)."""

    name: Localized
    signs: list[Localized]


def sign_lists(plan: Plan, groups: list[TargetGroup]) -> list[SignList]:
    """The signs for these target groups: the plan's sign groups whose ages overlap theirs, then
    the signs the plan gives per target group (each in the reader's language where the plan has it)."""
    lists = [
        SignList(
            localize(plan, f"warning_signs.groups[{i}].name", g.name),
            [localize(plan, f"warning_signs.groups[{i}].signs[{j}]", s) for j, s in enumerate(g.signs)],
        )
        for i, g in enumerate(plan.sign_groups.all())
        if any(g.overlaps(t.min_age, t.max_age) for t in groups)
    ]
    return lists + [
        SignList(
            group_name(plan, t),
            [
                localize(plan, f"target_groups[{t.code}].warning_signs[{j}]", s.text)
                for j, s in enumerate(t.warning_signs.all())
            ],
        )
        for t in groups
        if t.warning_signs.all()
    ]
