"""Format versions: a format-1 file (Ishøj's and every example, as they were written before
format 2) is read as format 2 with a warning, and `plan_upgrade` rewrites it to format 2 keeping
every comment and value; the upgraded file means exactly the same."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from beredskab.plan.loader import parse_yaml
from beredskab.plan.upgrade import upgrade_text
from beredskab.plan.validation import FORMAT_VERSION, PlanFileInvalid, validate_plan_data

from .conftest import ALL_PLAN_FILES


def as_format_1(text: str) -> str:
    assert f"\nformat: {FORMAT_VERSION}\n" in text
    return text.replace(f"\nformat: {FORMAT_VERSION}\n", "\nformat: 1\n", 1)


@pytest.mark.parametrize("path", ALL_PLAN_FILES, ids=lambda p: p.name)
def test_a_format_1_file_is_read_and_upgraded_to_the_same_plan(path):
    current = path.read_text(encoding="utf-8")
    old = as_format_1(current)
    read_old = validate_plan_data(parse_yaml(old))
    assert read_old.ok
    assert "format: format 1 is read as format 2; upgrade the file with manage.py plan_upgrade" in read_old.warnings
    upgraded, changed = upgrade_text(old)
    assert changed and upgraded == current  # only the version line changes; comments stay
    read_new = validate_plan_data(parse_yaml(upgraded))
    assert read_new.spec == read_old.spec
    assert not any(w.startswith("format:") for w in read_new.warnings)
    assert upgrade_text(upgraded) == (upgraded, False)


def test_plan_upgrade_command_in_place_and_check(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text(as_format_1((Path(ALL_PLAN_FILES[0])).read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(CommandError, match="1 to upgrade"):
        call_command("plan_upgrade", "--check", str(path), stdout=StringIO())
    out = StringIO()
    call_command("plan_upgrade", str(path), stdout=out)
    assert "upgraded to format 2" in out.getvalue()
    assert parse_yaml(path.read_text(encoding="utf-8"))["format"] == 2
    call_command("plan_upgrade", "--check", str(path), stdout=StringIO())


def test_unknown_versions_are_refused():
    with pytest.raises(PlanFileInvalid, match="not a format version"):
        upgrade_text("format: 7\n")
    assert "format: 3 is not a supported format version (use 2)" in validate_plan_data({"format": 3}).errors
