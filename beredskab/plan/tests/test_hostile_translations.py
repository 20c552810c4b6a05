"""Hostile or careless translations in a plan file (attack of issue 15): a translation far longer
than any text of the plan, one that is only spaces, Unicode direction controls (in a translation or
in the Danish text: U+202E shows "Ring 411" as "Ring 114"), and a regional language code the guide
never shows. `plan_validate` and `plan_load` refuse (or warn) the same way: both call
`validate_plan_data`. Before, all of them were accepted without a word."""

import copy
from pathlib import Path

import pytest
from django.conf import settings

from beredskab.plan.loader import read_plan_file
from beredskab.plan.validation import validate_plan_data

PLAN = Path(settings.BASE_DIR) / "plans" / "example-engby.yaml"


@pytest.fixture(scope="module")
def data():
    return read_plan_file(PLAN)


def _errors(data, translations=None, **changes):
    d = copy.deepcopy(data)
    if translations is not None:
        d["translations"] = translations
    for (section, key), value in changes.items():
        d[section][key] = value
    result = validate_plan_data(d)
    return result.errors, result.warnings


def test_a_huge_translation_is_refused_with_its_place(data):
    errors, _ = _errors(data, {"en": {"plan.title": "x" * 100_000}})
    assert any(e.startswith("translations.en.plan.title: is too long") for e in errors)


def test_a_translation_as_long_as_a_fair_translation_is_accepted(data):
    title = data["plan"]["title"]
    errors, _ = _errors(data, {"en": {"plan.title": "y" * (2 * len(title) + 50)}})
    assert errors == []


def test_a_translation_of_only_spaces_is_refused(data):
    errors, _ = _errors(data, {"en": {"plan.title": "   "}})
    assert "translations.en.plan.title: is required" in errors


@pytest.mark.parametrize("control", ["\u202e", "\u2066", "\u200f", "\u061c"])
def test_direction_controls_are_refused_in_translations_and_danish_texts(data, control):
    errors, _ = _errors(data, {"en": {"plan.title": f"Call {control}411"}})
    assert any(e.startswith("translations.en.plan.title: contains a Unicode direction control") for e in errors)
    d = copy.deepcopy(data)
    d["units"][0]["instruction"] = f"Ring {control}411"
    d["units"][0]["channel_rules"][0]["rule"] = f"Mails {control}læses ikke"
    errors = validate_plan_data(d).errors
    assert any(e.startswith("units[0].instruction: contains a Unicode direction control") for e in errors)
    assert any(e.startswith("units[0].channel_rules[0].rule: contains a Unicode direction control") for e in errors)


def test_a_direction_control_in_a_warning_sign_is_refused(data):
    d = copy.deepcopy(data)
    d["target_groups"][0]["warning_signs"] = ["Tegn \u202eet"]
    assert any("warning_signs[0]: contains a Unicode direction control" in e for e in validate_plan_data(d).errors)


def test_a_regional_language_code_the_guide_never_shows_is_warned_about(data):
    errors, warnings = _errors(data, {"en-gb": {"plan.title": "Preparedness plan"}})
    assert errors == []
    assert any(w.startswith('translations.en-gb: this installation offers no "en-gb" interface') for w in warnings)


def test_arabic_and_farsi_text_with_joiners_is_accepted(data):
    errors, _ = _errors(data, {"en": {"plan.title": "Plan \u0645\u0631\u062d\u0628\u0627 \u200c\u200d"}})
    assert errors == []
