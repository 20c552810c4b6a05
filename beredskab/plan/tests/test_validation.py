"""The validator names the place of every problem in the file, and an invalid file changes nothing."""

import pytest

from beredskab.audit.models import AuditEvent
from beredskab.plan import loader
from beredskab.plan.loader import load_plan_data, parse_yaml, validate_plan_file
from beredskab.plan.models import Plan
from beredskab.plan.validation import PlanFileInvalid, validate_plan_data

from .conftest import ALL_PLAN_FILES, ISHOJ


def errors_of(data) -> list[str]:
    return validate_plan_data(data).errors


@pytest.mark.parametrize("path", ALL_PLAN_FILES, ids=lambda p: p.name)
def test_shipped_plan_files_are_valid(path):
    result = validate_plan_file(path)
    assert result.errors == []
    assert result.spec is not None


def test_unconfirmed_values_are_reported_as_warnings():
    warnings = validate_plan_file(ISHOJ).warnings
    assert any(w.startswith("units[0].hours: not confirmed: Åbningstiden står ikke i planen") for w in warnings)
    assert any(w.startswith("routing.closure_days: not confirmed:") for w in warnings)
    assert any(w.startswith("target_groups[0].duty_to_report[1].legal_reference: not confirmed:") for w in warnings)
    assert all("not confirmed" in w for w in warnings)


def test_invalid_time_range_names_the_weekday(ishoj_data):
    ishoj_data["units"][1]["hours"]["value"]["fri"] = "08-25"
    assert errors_of(ishoj_data) == ['units[1].hours.fri: "08-25" is not a valid time range']


@pytest.mark.parametrize("value", ["15:00-08:00", "08:00-08:00", "8:60-9", "24:00-24:00", "morgen"])
def test_other_invalid_time_ranges(ishoj_data, value):
    ishoj_data["units"][0]["hours"]["value"]["mon"] = value
    assert errors_of(ishoj_data) == [f'units[0].hours.mon: "{value}" is not a valid time range']


def test_time_ranges_accept_hours_only_midnight_and_several_ranges(ishoj_data):
    hours = ishoj_data["units"][0]["hours"]["value"]
    hours.update(mon="8-15", tue="08:00-12:00, 13:00-15:00", sat="16:00-24:00", sun="closed")
    result = validate_plan_data(ishoj_data)
    assert result.errors == []
    weekly = result.spec["units"][0]["hours"]
    assert [(o.isoformat(), c.isoformat()) for o, c in weekly[1]] == [
        ("08:00:00", "12:00:00"),
        ("13:00:00", "15:00:00"),
    ]
    assert 6 not in weekly


def test_overlapping_ranges(ishoj_data):
    ishoj_data["units"][0]["hours"]["value"]["mon"] = "08:00-12:00, 11:00-15:00"
    assert errors_of(ishoj_data) == ["units[0].hours.mon: time ranges overlap"]


def test_unknown_keys_are_errors_with_a_suggestion(ishoj_data):
    ishoj_data["units"][0]["phon"] = "43 57 75 78"
    ishoj_data["target_groups"][1]["warningsigns"] = []
    ishoj_data["colour"] = "blå"
    assert errors_of(ishoj_data) == [
        "colour: unknown key (allowed: format, municipality, plan, adoption, revision, terms, readers, definitions, "
        "warning_signs, centres, units, routing, target_groups, acute, partners, prevention, goals, implementation, "
        "separate_routes, translations, radar)",
        'units[0].phon: unknown key (did you mean "phone"?)',
        'target_groups[1].warningsigns: unknown key (did you mean "warning_signs"?)',
    ]


def test_unknown_weekday_and_unknown_term(ishoj_data):
    ishoj_data["units"][2]["hours"]["value"]["man"] = "08:00-15:00"
    ishoj_data["terms"] = {"æresrelateret": "æresmotiveret"}
    errors = errors_of(ishoj_data)
    assert 'units[2].hours.man: unknown key (did you mean "mon"?)' in errors
    assert any(e.startswith("terms.æresrelateret: unknown key") for e in errors)


def test_references_must_exist_and_have_the_right_role(ishoj_data):
    ishoj_data["target_groups"][0]["receiving_unit"] = "nope"
    ishoj_data["target_groups"][1]["receiving_unit"] = "doegnvagt"
    ishoj_data["target_groups"][0]["procedure"]["steps"][2]["partner"] = "politiet"
    ishoj_data["units"][0]["centre"] = "cxx"
    ishoj_data["routing"]["unknown_age_goes_to"] = "unge"
    assert errors_of(ishoj_data) == [
        'units[0].centre: "cxx" is not the code of a centre in centres',
        'routing.unknown_age_goes_to: "unge" is not the code of a group in target_groups',
        'target_groups[0].receiving_unit: "nope" is not the code of a unit in units',
        'target_groups[0].procedure.steps[2].partner: "politiet" is not the code of a partner',
        'target_groups[1].receiving_unit: "doegnvagt" has role out_of_hours; receiving_unit must be a unit with '
        "role receives_reports",
    ]


def test_required_values_duplicates_and_formats(ishoj_data):
    del ishoj_data["units"][0]["role"]
    ishoj_data["definitions"][1]["code"] = "nsk"
    ishoj_data["units"][2]["email"] = "not-an-email"
    ishoj_data["units"][3]["phone"] = "12 34 5"
    ishoj_data["target_groups"][0]["duty_to_report"][0]["anonymous_allowed"] = True
    assert errors_of(ishoj_data) == [
        "units[0].role: is required",
        'units[2].email: "not-an-email" is not a valid e-mail address',
        'units[3].phone: "12 34 5" must be a short number (3-4 digits) or 8 digits',
        "target_groups[0].duty_to_report[0].anonymous_allowed: professionals cannot report anonymously "
        "(barnets lov § 133)",
        'definitions[1].code: "nsk" is already used by definitions[0]',
    ]


def test_age_bands_must_not_overlap_but_may_leave_ages_uncovered(ishoj_data):
    ishoj_data["target_groups"][1]["ages"] = {"min": 19}
    result = validate_plan_data(ishoj_data)
    assert result.ok  # a real plan may name no contact for some ages (format 2)
    assert any(w.startswith("target_groups: age 18: no group") for w in result.warnings)
    ishoj_data["routing"]["general_contact"] = "straxen"
    assert not any(w.startswith("target_groups:") for w in validate_plan_data(ishoj_data).warnings)
    ishoj_data["target_groups"][1]["ages"] = {"min": 16, "max": 64}
    assert errors_of(ishoj_data) == ["target_groups[1].ages: overlaps another group (age 16 is already covered)"]
    ishoj_data["target_groups"][1]["ages"] = {"min": 18, "max": 10}
    assert "target_groups[1].ages: max (10) is below min (18)" in errors_of(ishoj_data)


def test_revision_due_at_the_latest_four_years_after_adoption(ishoj_data):
    ishoj_data["revision"]["due"] = "2028-04-02"
    assert errors_of(ishoj_data) == [
        "revision.due: 2028-04-02 is more than 4 years after adoption (2024-04-01); at the latest 2028-04-01"
    ]
    ishoj_data["revision"]["due"] = "2024-03-01"
    assert errors_of(ishoj_data) == ["revision.due: 2024-03-01 must be after the adoption date (2024-04-01)"]


def test_unconfirmed_wrapper_needs_a_reason(ishoj_data):
    ishoj_data["units"][0]["hours"]["unconfirmed"] = " "
    assert errors_of(ishoj_data) == ["units[0].hours.unconfirmed: must say why the value is not confirmed"]


def test_wrong_types_are_named(ishoj_data):
    ishoj_data["units"][0]["closed_on_public_holidays"] = "ja"
    ishoj_data["target_groups"][0]["warning_signs"] = "Meget fravær"
    ishoj_data["definitions"] = {"nsk": "x"}
    assert errors_of(ishoj_data) == [
        "definitions: must be a list (lines starting with '- ')",
        'units[0].closed_on_public_holidays: "ja" must be true or false',
        "target_groups[0].warning_signs: must be a list (lines starting with '- ')",
    ]


def test_yaml_syntax_errors_and_duplicate_keys_give_the_line():
    with pytest.raises(PlanFileInvalid) as excinfo:
        parse_yaml("units:\n  - code: a\n    phone: 1\n    phone: 2\n")
    assert excinfo.value.errors == ['line 4, column 5: the key "phone" is given twice']
    with pytest.raises(PlanFileInvalid) as excinfo:
        parse_yaml("plan: [\n")
    assert excinfo.value.errors[0].startswith("line 2, column 1:")


@pytest.mark.parametrize("data", [["a"], "text", None])
def test_a_file_that_is_not_a_mapping(data):
    assert validate_plan_data(data).errors == [
        "the file must be a YAML mapping with the sections described in FORMAT.md"
    ]


def test_missing_sections():
    assert validate_plan_data({"format": 1}).errors[:3] == [
        "municipality: is required",
        "plan: is required",
        "units: is required",
    ]


@pytest.mark.django_db
def test_an_invalid_file_changes_nothing(ishoj_data):
    ishoj_data["units"][1]["hours"]["value"]["fri"] = "08-25"
    plans, events = Plan.objects.count(), AuditEvent.objects.count()
    with pytest.raises(PlanFileInvalid) as excinfo:
        load_plan_data(ishoj_data, adopt=True)
    assert excinfo.value.errors == ['units[1].hours.fri: "08-25" is not a valid time range']
    assert (Plan.objects.count(), AuditEvent.objects.count()) == (plans, events)


@pytest.mark.django_db
def test_load_and_adopt_are_one_transaction(ishoj_data, monkeypatch):
    def failing_adopt(**kwargs):
        raise RuntimeError("adoption failed")

    monkeypatch.setattr(loader, "plan_adopt", failing_adopt)
    with pytest.raises(RuntimeError):
        load_plan_data(ishoj_data, adopt=True)
    assert not Plan.objects.exists()


def test_translations_name_texts_of_the_plan(ishoj_data):
    ishoj_data["translations"] = {
        "da": {"acute.steps[0]": "x"},
        "en": {"acute.steps[9]": "Call 112", "target_groups[born].warning_signs[0]": "Restrictions"},
    }
    assert errors_of(ishoj_data) == [
        'translations.da: "da" is not a language code other than da (e.g. en)',
        "translations.en.acute.steps[9]: names no text of the plan that can be translated",
    ]
