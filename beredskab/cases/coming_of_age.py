"""The transition at 18: which children's cases must be decided on, and what the plan proposes.

A children's case whose young person turns 18 within `FLAG_MONTHS` months (or has turned 18
with nothing decided) is flagged in the children's unit, with the date of the 18th birthday:
on the case page and on the deadline list. What is proposed follows the plan in force: when
the plan's age band for an 18-year-old goes to the same team as the case's (e.g. a 0-23 team),
no hand-over is proposed; otherwise the unit the plan routes 18-year-olds to is proposed for a
hand-over. Continued support for 18-22-year-olds (barnets lov §§ 114-116) can be recorded
instead (`beredskab.cases.services.case_continued_support_record`).
"""

import datetime
from dataclasses import dataclass

from beredskab.accounts.models import Unit
from beredskab.accounts.selectors import adults_units
from beredskab.plan.content import plan_data
from beredskab.plan.selectors import plan_in_force

from .models import Case, Track

FLAG_MONTHS = 6
ADULT_AGE = 18


def birthday(birth_date: datetime.date, age: int) -> datetime.date:
    """The day a person born on `birth_date` turns `age` (29 February: 1 March in other years).
    A negative `age` goes back: the latest birth date of someone `-age` years old on the day."""
    try:
        return birth_date.replace(year=birth_date.year + age)
    except ValueError:
        return datetime.date(birth_date.year + age, 3, 1) if age >= 0 else datetime.date(birth_date.year + age, 2, 28)


def months_ahead(day: datetime.date, months: int) -> datetime.date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover


@dataclass(frozen=True)
class Proposal:
    handover_needed: bool
    to_unit: Unit | None  # the adults unit the plan routes 18-year-olds to
    team_until_age: int | None  # the age up to which the case's team keeps the young person


def proposal(case: Case) -> Proposal:
    """What the plan in force proposes at 18 for the case's unit."""
    plan = plan_in_force()
    if plan is None:
        return Proposal(True, adults_units().first(), None)
    data = plan_data(plan)
    group = data.group_for(ADULT_AGE)
    code = group.receiving_unit.org_unit_code if group is not None else ""
    same_band = group is not None and group == data.group_for(ADULT_AGE - 1)
    if group is not None and (same_band or code == case.unit.code):
        return Proposal(False, None, group.max_age)
    to_unit = Unit.objects.filter(code=code).first() if code else None
    return Proposal(True, to_unit, None)


@dataclass(frozen=True)
class Flag:
    case: Case
    turns_18_on: datetime.date
    proposal: Proposal
    decision: object  # the recorded ComingOfAge row, or None


def needs_flag(case: Case, today: datetime.date) -> datetime.date | None:
    """The 18th birthday, when the case is an open children's case whose young person turns 18
    within `FLAG_MONTHS` months or already has."""
    if case.track != Track.CHILDREN or not case.is_open or case.subject_birth_date is None:
        return None
    day = birthday(case.subject_birth_date, ADULT_AGE)
    return day if day <= months_ahead(today, FLAG_MONTHS) else None


def flag_for(case: Case, today: datetime.date) -> Flag | None:
    """The case's flag at 18 (see the module docstring), or None. Reads the recorded decision."""
    day = needs_flag(case, today)
    if day is None:
        return None
    decision = case.coming_of_age.order_by("-decided_at", "-pk").first()
    return Flag(case=case, turns_18_on=day, proposal=proposal(case), decision=decision)


def flagged_cases(cases, today: datetime.date) -> list[Flag]:
    """The flags of `cases` (open children's cases with no decision recorded yet), soonest
    first; the plan's proposal is worked out once per unit."""
    result, proposals = [], {}
    for case in cases:
        day = needs_flag(case, today)
        if day is None:
            continue
        if case.unit_id not in proposals:
            proposals[case.unit_id] = proposal(case)
        result.append(Flag(case=case, turns_18_on=day, proposal=proposals[case.unit_id], decision=None))
    return sorted(result, key=lambda f: f.turns_18_on)
