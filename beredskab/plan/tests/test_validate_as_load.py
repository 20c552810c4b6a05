"""`plan_validate` refuses exactly what `plan_load --adopt` refuses: every reason adopting a file
can be refused for (`loader.adoption_problems`, `adoption_checks.adoption_refusal`, the file's own
errors), and every shipped plan file, which both accept."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from beredskab.core import dates
from beredskab.plan.models import Plan

from .conftest import ALL_PLAN_FILES, EXAMPLES

LYNGMOSE = EXAMPLES["lyngmose"].read_text(encoding="utf-8")  # states no adoption
TODAY = dates.today()
FAR_FUTURE = (TODAY + datetime.timedelta(days=11 * 366)).isoformat()


def with_adoption(adoption: str, revision: str = "") -> str:
    return LYNGMOSE.replace("\nunits:\n", f"\nadoption: {adoption}\n{revision}\nunits:\n", 1)


# Each reason adopting can be refused for: (file text, command-line options, the place named).
REFUSALS = {
    "no adopted_by": (with_adoption("{adopted_on: 2027-01-15}"), [], "adoption.adopted_by"),
    "blank --adopted-by": (with_adoption("{adopted_on: 2027-01-15}"), ["--adopted-by", "  "], "adoption.adopted_by"),
    "no adopted_on": (with_adoption("{adopted_by: Byrådet}"), [], "adoption.adopted_on"),
    "neither": (LYNGMOSE, [], "adoption.adopted_by"),
    "adopted_on too early": (with_adoption("{adopted_by: Byrådet, adopted_on: 1999-01-01}"), [], "adoption.adopted_on"),
    "adopted_on too late": (
        with_adoption(f"{{adopted_by: Byrådet, adopted_on: {FAR_FUTURE}}}"),
        [],
        "adoption.adopted_on",
    ),
    "--adopted-on too early": (
        LYNGMOSE,
        ["--adopted-by", "Byrådet", "--adopted-on", "1999-01-01"],
        "adoption.adopted_on",
    ),
    "published_on too late": (
        with_adoption(f"{{adopted_by: Byrådet, adopted_on: 2027-01-15, published_on: {FAR_FUTURE}}}"),
        [],
        "adoption.published_on",
    ),
    "revision over 4 years": (
        with_adoption("{adopted_by: Byrådet, adopted_on: 2027-01-15}", "revision: {due: 2031-06-01}"),
        [],
        "revision.due",
    ),
    "revision before adoption": (
        with_adoption("{adopted_by: Byrådet, adopted_on: 2027-01-15}", "revision: {due: 2027-01-01}"),
        [],
        "revision.due",
    ),
    "an error in the file": (
        LYNGMOSE.replace("receiving_unit: nsk-team", "receiving_unit: ingen"),
        [],
        "target_groups",
    ),
}


def run(command: str, path, options: list[str]) -> tuple[bool, str]:
    """(whether the command refused, what it wrote to stderr)."""
    err = StringIO()
    try:
        call_command(command, *options, str(path), stdout=StringIO(), stderr=err)
    except CommandError as refused:
        return True, err.getvalue() + str(refused)
    return False, err.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize("reason", REFUSALS)
def test_validate_refuses_each_reason_load_adopt_refuses(tmp_path, reason):
    text, options, place = REFUSALS[reason]
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    refused, said = run("plan_validate", path, options)
    assert refused and f"error: {place}" in said, said
    refused, said = run("plan_load", path, ["--adopt", *options])
    assert refused and f"error: {place}" in said, said
    assert not Plan.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("path", ALL_PLAN_FILES, ids=lambda p: p.name)
def test_validate_and_load_adopt_accept_the_same_files(path):
    options = ["--adopted-by", "Byrådet", "--adopted-on", "2026-01-15"] if path == EXAMPLES["lyngmose"] else []
    assert run("plan_validate", path, options) == (False, "")
    refused, said = run("plan_load", path, ["--adopt", *options])
    assert not refused, said
    assert Plan.objects.get().is_in_force
