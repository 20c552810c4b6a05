"""Export gives back an equivalent file: load(export(load(file))) equals load(file) as data."""

import pytest

from beredskab.plan.export import export_plan_yaml, plan_to_spec
from beredskab.plan.loader import load_plan_data, parse_yaml
from beredskab.plan.services import plan_compare
from beredskab.plan.validation import validate_plan_data

from .conftest import ALL_PLAN_FILES, plan_data


@pytest.mark.django_db
@pytest.mark.parametrize("path", ALL_PLAN_FILES, ids=lambda p: p.name)
def test_round_trip(path):
    original = validate_plan_data(plan_data(path)).spec
    first = load_plan_data(plan_data(path)).plan
    assert plan_to_spec(first) == original

    exported = export_plan_yaml(first)
    reparsed = validate_plan_data(parse_yaml(exported))
    assert reparsed.errors == []
    assert reparsed.spec == original  # the file says the same as the original, unconfirmed notes included
    assert sorted(reparsed.warnings) == sorted(validate_plan_data(plan_data(path)).warnings)

    second = load_plan_data(parse_yaml(exported), version_label="round-trip").plan
    assert [str(d) for d in plan_compare(first, second)] == [f'plan.version: "{first.version_label}" → "round-trip"']
    second_spec = plan_to_spec(second)
    second_spec["plan"]["version"] = first.version_label
    assert second_spec == original
    # Exporting again gives the same document (apart from the version name).
    again = parse_yaml(export_plan_yaml(second))
    again["plan"]["version"] = first.version_label
    assert again == parse_yaml(exported)


@pytest.mark.django_db
def test_export_marks_unconfirmed_values_and_keeps_notes(ishoj_plan):
    document = parse_yaml(export_plan_yaml(ishoj_plan))
    straxen = document["units"][0]
    assert straxen["hours"]["value"]["fri"] == "08:00-13:30"
    assert straxen["hours"]["unconfirmed"].startswith("Åbningstiden står ikke i planen")
    assert document["units"][3]["hours"] == "always"
    cvv_centre = next(c for c in document["centres"] if c["code"] == "cvv")
    assert cvv_centre["aliases"] == ["Center for Velfærd og Voksne"]
    assert "Center for Voksne og Velfærd" in cvv_centre["note"]
    assert document["routing"]["closure_days"]["value"][0] == {"month": 6, "day": 5, "name": "Grundlovsdag"}
    assert document["acute"]["steps"] == [
        "Placer den berørte et sikkert sted",
        {"text": "Ring til politiet på 112", "detail": "spørg efter en ressourceperson hos politiet"},
    ]
