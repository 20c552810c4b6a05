"""The optional `radar` section of the plan file: the concern radar's escalation rules in plain
words, validated, loaded with the plan and written back by the export."""

import copy

import pytest

from beredskab.plan.export import plan_to_document
from beredskab.plan.loader import read_plan_file
from beredskab.plan.validation import validate_plan_data

ISHOJ = "plans/ishoj-2024.yaml"


def _with_radar(rules):
    data = copy.deepcopy(read_plan_file(ISHOJ))
    data["radar"] = {"rules": rules}
    return validate_plan_data(data)


def test_ishojs_rules_are_read():
    result = validate_plan_data(read_plan_file(ISHOJ))
    assert result.ok, result.errors
    assert [r["kind"] for r in result.spec["radar"]] == [
        "reports_about_person",
        "sibling_open_flagged_case",
        "report_after_trip",
    ]
    assert result.spec["radar"][0] == {
        "code": "gentagne-underretninger",
        "kind": "reports_about_person",
        "text": "3 eller flere underretninger om samme person inden for 12 måneder",
        "count": 3,
        "months": 12,
    }


def test_a_file_without_the_section_has_no_rules():
    data = copy.deepcopy(read_plan_file(ISHOJ))
    del data["radar"]
    assert validate_plan_data(data).spec["radar"] == []


@pytest.mark.parametrize(
    ("rule", "error"),
    [
        ({"code": "a", "kind": "score_the_family", "text": "x"}, "radar.rules[0].kind"),
        ({"code": "a", "kind": "reports_about_person", "text": "x", "months": 12}, "needs count"),
        ({"code": "a", "kind": "sibling_open_flagged_case", "text": "x", "months": 3}, "takes no months"),
        ({"code": "a", "kind": "report_after_trip", "text": "x", "months": 0}, "must be between"),
        ({"code": "a", "kind": "report_after_trip", "months": 3}, "text"),
    ],
)
def test_bad_rules_are_refused_with_their_place(rule, error):
    result = _with_radar([rule])
    assert not result.ok
    assert any(error in e for e in result.errors), result.errors


def test_two_rules_with_one_code_are_refused():
    rule = {"code": "a", "kind": "sibling_open_flagged_case", "text": "x"}
    assert any("used twice" in e for e in _with_radar([rule, rule]).errors)


@pytest.mark.django_db
def test_the_rules_are_loaded_and_exported(ishoj_plan):
    assert len(ishoj_plan.radar_rules) == 3
    assert plan_to_document(ishoj_plan)["radar"]["rules"][2]["months"] == 6
