"""Fixtures for the plan app: the shipped plan files, loaded (and adopted) in the test database."""

import copy
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings

from beredskab.plan.loader import load_plan_data, read_plan_file

PLANS = Path(settings.BASE_DIR) / "plans"
ISHOJ = PLANS / "ishoj-2024.yaml"
EXAMPLES = {
    name: PLANS / f"example-{name}.yaml"
    for name in (
        "nordby",
        "aastrand",
        "lyngmose",
        "hedeby",
        "vesterhav",
        "kystby",
        "skovlund",
        "fjeldby",
        "moseby",
        "aaby",
    )
}
ALL_PLAN_FILES = [ISHOJ, *EXAMPLES.values()]

_parsed: dict[Path, object] = {}


def plan_data(path: Path):
    """A fresh copy of a parsed plan file (parsed once per test run)."""
    if path not in _parsed:
        _parsed[path] = read_plan_file(path)
    return copy.deepcopy(_parsed[path])


@pytest.fixture
def ishoj_data():
    return plan_data(ISHOJ)


@pytest.fixture
def ishoj_plan(db):
    """Ishøj's 2024 plan, adopted: the plan in force."""
    return load_plan_data(plan_data(ISHOJ), adopt=True).plan


@pytest.fixture
def load_example(db):
    """load_example("nordby") -> that fictional municipality's plan, adopted."""

    def load(name: str):
        data = plan_data(EXAMPLES[name])
        if "adoption" not in data:  # the minimal example states no adoption
            return load_plan_data(data, adopt=True, adopted_by="Kommunalbestyrelsen", adopted_on=date(2026, 1, 15)).plan
        return load_plan_data(data, adopt=True).plan

    return load


@pytest.fixture
def coordinator(make_user):
    """The plan coordinator (adopts, schedules and rolls back versions)."""
    from beredskab.core.roles import Role

    return make_user(Role.PLAN_COORDINATOR)
