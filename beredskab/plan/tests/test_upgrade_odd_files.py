"""`plan_upgrade` on format-1 files as coordinators write them, not only the shipped ones: missing
optional sections, unconfirmed values, partial dates; and what it refuses, each refusal naming
its place in the file, without touching the file."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from beredskab.plan.loader import parse_yaml
from beredskab.plan.upgrade import upgrade_text
from beredskab.plan.validation import PlanFileInvalid, validate_plan_data

# Only the required sections: no adoption, revision, routing, readers, translations ...
MINIMAL_V1 = """\
# Et lille udkast (format 1)
format: 1   # skrevet før format 2

municipality: {code: mose, name: Mose Kommune}
plan: {title: Beredskabsplan, version: "1", topics: [nsk]}
units:
  - {code: team, name: Teamet, role: receives_reports, phone: 03 30 00 01}
target_groups:
  - {code: alle, name: Alle, receiving_unit: team}
acute:
  steps: [Ring 112]
"""

UNCONFIRMED_AND_PARTIAL = MINIMAL_V1.replace(
    "units:\n",
    "adoption: {adopted_by: Mose Byråd, adopted_on: april 2024}\nunits:\n",
).replace(
    "phone: 03 30 00 01}",
    "phone: {value: 03 30 00 01, unconfirmed: Fra hjemmesiden}}",
)


def upgrade_file(tmp_path, text: str, *options) -> tuple[str, str, str]:
    """(the file after `plan_upgrade`, stdout, stderr); CommandError propagates."""
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    out, err = StringIO(), StringIO()
    try:
        call_command("plan_upgrade", *options, str(path), stdout=out, stderr=err)
    finally:
        after = path.read_text(encoding="utf-8")
    return after, out.getvalue(), err.getvalue()


def test_a_file_without_optional_sections_is_upgraded_with_its_comments(tmp_path):
    after, out, _err = upgrade_file(tmp_path, MINIMAL_V1)
    assert "upgraded to format 2" in out
    assert after == MINIMAL_V1.replace("format: 1   # skrevet", "format: 2 # skrevet")
    assert validate_plan_data(parse_yaml(after)).ok


def test_unconfirmed_values_and_partial_dates_mean_the_same_after_the_upgrade():
    upgraded, changed = upgrade_text(UNCONFIRMED_AND_PARTIAL)
    assert changed
    old, new = validate_plan_data(parse_yaml(UNCONFIRMED_AND_PARTIAL)), validate_plan_data(parse_yaml(upgraded))
    assert new.spec == old.spec
    assert new.spec["units"][0]["unconfirmed"] == {"phone": "Fra hjemmesiden"}
    assert (new.spec["adoption"]["adopted_on"].isoformat(), new.spec["adoption"]["adopted_on_precision"]) == (
        "2024-04-01",
        "month",
    )


def test_an_already_current_file_is_left_alone(tmp_path):
    current = MINIMAL_V1.replace("format: 1", "format: 2")
    assert upgrade_text(current) == (current, False)
    after, out, _err = upgrade_file(tmp_path, current)
    assert after == current and "already format 2" in out


@pytest.mark.parametrize(
    ("text", "place"),
    [
        (MINIMAL_V1.replace("phone: 03 30 00 01}", "phone: 03 30 00 01, fax: 03 30 00 02}"), "units[0].fax: "),
        (MINIMAL_V1.replace("acute:\n", "akut:\nacute:\n"), "akut: "),
        (MINIMAL_V1.replace("receiving_unit: team", "receiving_unit: teamet"), "target_groups[0].receiving_unit: "),
        (MINIMAL_V1.replace("format: 1   # skrevet før format 2", "format: 7"), "format: "),
        (MINIMAL_V1.replace("format: 1   # skrevet før format 2\n", ""), "format: "),
        ("{format: 1, municipality: {code: mose}}", "format: "),  # not a line of its own
        ("- en liste\n", "format: "),
    ],
    ids=["unknown-key", "unknown-section", "unknown-unit", "unknown-version", "no-version", "flow-style", "list"],
)
def test_what_cannot_be_upgraded_is_refused_naming_the_place_and_the_file_is_kept(tmp_path, text, place):
    with pytest.raises(PlanFileInvalid) as refused:
        upgrade_text(text)
    assert any(error.startswith(place) for error in refused.value.errors), refused.value.errors
    with pytest.raises(CommandError, match="1 files with errors"):
        upgrade_file(tmp_path, text)
    assert (tmp_path / "plan.yaml").read_text(encoding="utf-8") == text
