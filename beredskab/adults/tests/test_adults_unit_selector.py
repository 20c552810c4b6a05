"""Which units are for adults is said once (`accounts.selectors.adults_units` and
`is_adults_unit`); every app asks there instead of repeating the query."""

import pathlib
import re

import pytest

from beredskab.accounts.models import Unit
from beredskab.accounts.selectors import adults_units, is_adults_unit

ROOT = pathlib.Path(__file__).resolve().parents[2]
RULE = re.compile(r"Kind\.ADULTS|kind\s*=\s*[\"']adults[\"']|unit__kind")


def test_nobody_repeats_the_adults_unit_query():
    """Outside accounts (its models and the selector), no code names the adults kind: it calls
    the selector. Tests, migrations and demo data of accounts may name it."""
    offenders = []
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT).as_posix()
        if "/tests/" in relative or "/migrations/" in relative or relative.startswith("accounts/"):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if RULE.search(line):
                offenders.append(f"{relative}:{number}: {line.strip()}")
    assert offenders == []


@pytest.mark.django_db
def test_the_selector_names_the_adults_units(org):
    adults = list(adults_units())
    assert adults and all(unit.kind == Unit.Kind.ADULTS for unit in adults)
    assert set(adults) == set(Unit.objects.filter(kind=Unit.Kind.ADULTS))
    children = Unit.objects.exclude(kind=Unit.Kind.ADULTS).first()
    assert list(adults_units(within=[children.pk])) == []
    assert list(adults_units(within=[adults[0].pk, children.pk])) == [adults[0]]
    assert is_adults_unit(adults[0]) and not is_adults_unit(children) and not is_adults_unit(None)
