"""Hostile or odd format-2 plan files (issue 15 attack): each gets a clear error naming its
place, never an exception."""

import copy
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from beredskab.plan.validation import validate_plan_data

HEDEBY = yaml.safe_load((Path(settings.BASE_DIR) / "plans" / "example-hedeby.yaml").read_text(encoding="utf-8"))


def _validated(change):
    data = copy.deepcopy(HEDEBY)
    change(data)
    return validate_plan_data(data)


def test_units_reached_only_through_each_other_are_refused_with_the_cycle():
    def cycle(data):
        data["units"] += [
            {"code": "a", "name": "A", "role": "advice", "reached_via": "b"},
            {"code": "b", "name": "B", "role": "advice", "reached_via": "c"},
            {"code": "c", "name": "C", "role": "advice", "reached_via": "a"},
        ]

    result = _validated(cycle)
    assert not result.ok
    assert any(e.startswith("units[4].reached_via: leads back to itself (a -> b -> c -> a)") for e in result.errors)


def test_a_chain_of_reached_via_that_ends_at_a_contact_is_fine():
    def chain(data):
        data["units"] += [
            {"code": "a", "name": "A", "role": "advice", "reached_via": "b"},
            {"code": "b", "name": "B", "role": "advice", "reached_via": "familieteam"},
        ]

    assert _validated(chain).ok


@pytest.mark.parametrize("value", ["0000", "0000-05", "1066", "januar 0001", "9999-01"])
def test_a_partial_date_with_an_impossible_year_is_an_error_not_a_crash(value):
    result = _validated(lambda data: data["adoption"].update(adopted_on=value))
    assert not result.ok and result.errors[0].startswith("adoption.adopted_on: ")


def _advice(one_of):
    return lambda data: data["target_groups"][0].update(advice=[{"one_of": one_of, "required_before_report": True}])


def test_one_of_an_unknown_party_names_its_place_in_the_list():
    result = _validated(_advice(["voksenteam", "nope"]))
    assert 'target_groups[0].advice[0].one_of[1]: "nope" is not the code of a unit in units' in result.errors


@pytest.mark.parametrize("one_of", [["voksenteam"], ["voksenteam", "voksenteam"]])
def test_one_of_a_single_party_is_refused(one_of):
    result = _validated(_advice(one_of))
    assert "target_groups[0].advice[0].one_of: lists at least two different units (else use unit)" in result.errors


def test_a_translation_in_a_language_the_installation_does_not_offer_is_warned_about():
    result = _validated(lambda data: data.update(translations={"xx": {"acute.steps[0]": "hi"}}))
    assert result.ok and any(w.startswith('translations.xx: this installation offers no "xx"') for w in result.warnings)
