"""Out-of-hours alternatives for the whole plan (`routing.out_of_hours: [a, b]`), not only per
target group: validated, loaded, exported and routed to by every group without its own."""

import datetime

import pytest

from beredskab.plan.export import export_plan_yaml
from beredskab.plan.loader import load_plan_data, parse_yaml
from beredskab.plan.routing import route
from beredskab.plan.validation import validate_plan_data

from .conftest import EXAMPLES, plan_data

TUESDAY_EVENING = datetime.datetime.fromisoformat("2026-11-24T20:00")


def kystby_plan_wide():
    """Kystby with its two out-of-hours routes ("the advice line or the police") for the whole
    plan; the adults keep their own (the police only)."""
    data = plan_data(EXAMPLES["kystby"])
    data["routing"]["out_of_hours"] = ["linjen", "doegnvagt"]
    del data["target_groups"][0]["out_of_hours"]
    return data


def test_the_plan_wide_list_is_read_in_the_plans_order():
    spec = validate_plan_data(kystby_plan_wide()).spec
    assert (spec["routing"]["out_of_hours"], spec["routing"]["other_out_of_hours"]) == ("linjen", ["doegnvagt"])


def test_a_plan_wide_alternative_must_be_an_out_of_hours_unit():
    data = kystby_plan_wide()
    data["routing"]["out_of_hours"] = ["linjen", "bur"]
    errors = validate_plan_data(data).errors
    assert any(e.startswith('routing.out_of_hours[1]: "bur" has role receives_reports') for e in errors), errors
    data["routing"]["out_of_hours"] = ["linjen", "ingen"]
    assert 'routing.out_of_hours[1]: "ingen" is not the code of a unit in units' in validate_plan_data(data).errors


@pytest.mark.django_db
def test_routing_falls_back_to_the_plan_wide_alternatives():
    plan = load_plan_data(kystby_plan_wide(), adopt=True).plan
    children = route(plan, age=10, at=TUESDAY_EVENING)
    ooh = [(c.unit_code, c.kind) for c in children.contacts if c.kind == "out_of_hours"]
    assert ooh == [("linjen", "out_of_hours"), ("doegnvagt", "out_of_hours")]
    assert "out_of_hours_alternatives" in [r.code for r in children.reasons]
    # The adults have their own out-of-hours contact: the plan-wide alternatives are not theirs.
    adults = route(plan, age=30, at=TUESDAY_EVENING)
    assert [c.unit_code for c in adults.contacts if c.kind == "out_of_hours"] == ["doegnvagt"]


@pytest.mark.django_db
def test_the_plan_wide_list_round_trips():
    original = validate_plan_data(kystby_plan_wide()).spec
    plan = load_plan_data(kystby_plan_wide()).plan
    document = parse_yaml(export_plan_yaml(plan))
    assert document["routing"]["out_of_hours"] == ["linjen", "doegnvagt"]
    assert validate_plan_data(document).spec == original
