"""Why a value is not confirmed (`{value: ..., unconfirmed: "why"}`) is text the plan
coordinator reads before confirming it: like every text of the plan it may not hold a NUL (which
PostgreSQL cannot store, so `plan_validate` passed a file `plan_load` failed on) or a Unicode
direction control (U+202E shows "Ring 411" as "Ring 114"). Each is refused with its place, at
every kind of fact. HTML and the guide's marker characters in it are only text: the plan's page
shows them escaped. Before, any note was accepted."""

import pytest
from django.urls import reverse

from beredskab.core.roles import Role
from beredskab.plan.loader import load_plan_data
from beredskab.plan.validation import validate_plan_data

DIRECTION_CONTROL = "contains a Unicode direction control (U+202A-E, U+2066-9, U+200E, U+200F, U+061C)"


def _note(data: dict, place: str, note: str) -> None:
    """Set the note of the unconfirmed fact at `place` (Ishøj's file has one at each)."""
    if place == "units[0].hours":
        data["units"][0]["hours"]["unconfirmed"] = note
    elif place == "routing.closure_days":
        data["routing"]["closure_days"]["unconfirmed"] = note
    elif place == "adoption.adopted_on":
        data["adoption"]["adopted_on"]["unconfirmed"] = note
    else:  # a unit's phone, written as unconfirmed for the test
        data["units"][0]["phone"] = {"value": data["units"][0]["phone"], "unconfirmed": note}


PLACES = ["units[0].hours", "routing.closure_days", "adoption.adopted_on", "units[0].phone"]


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize(
    ("note", "error"),
    [
        ("Står ikke i planen \u202eRing 411", DIRECTION_CONTROL),
        ("Står ikke i planen \u2066x\u2069", DIRECTION_CONTROL),
        ("Står ikke i planen \x00", "contains a NUL character"),
    ],
    ids=["override", "isolate", "nul"],
)
def test_a_note_with_a_control_character_is_refused_with_its_place(ishoj_data, place, note, error):
    _note(ishoj_data, place, note)
    assert f"{place}.unconfirmed: {error}" in validate_plan_data(ishoj_data).errors


@pytest.mark.django_db
def test_html_and_marker_characters_in_a_note_are_shown_as_text(ishoj_data, client, make_user):
    note = 'Står ikke i planen <script>alert(1)</script> "\ue000x\ue001"'
    _note(ishoj_data, "units[0].phone", note)
    assert validate_plan_data(ishoj_data).errors == []
    plan = load_plan_data(ishoj_data).plan
    client.force_login(make_user(Role.PLAN_COORDINATOR))
    page = client.get(reverse("plan:detail", args=[plan.pk])).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page
