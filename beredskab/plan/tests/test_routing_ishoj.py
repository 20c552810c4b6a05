"""Whom to contact, per Ishøj's plan: opening-hour edges, weekends, public holidays, the plan's
closure days, summer time, acute cases and unknown age (the acceptance cases of the issue)."""

import datetime
import json
from zoneinfo import ZoneInfo

import pytest

from beredskab.plan.models import UNKNOWN_AGE_CHOICE
from beredskab.plan.routing import ContactKind, route

CPH = ZoneInfo("Europe/Copenhagen")
UTC = datetime.UTC


def at(text: str) -> datetime.datetime:
    """A naive Copenhagen time, as the guide passes it."""
    return datetime.datetime.fromisoformat(text)


def first(answer):
    return answer.contacts[0]


# --- acceptance cases ----------------------------------------------------------------------


def test_15_year_old_on_a_tuesday_morning_goes_to_straxen(ishoj_plan):
    answer = route(ishoj_plan, age=15, at=at("2026-11-24T10:00"))
    assert answer.target_group.code == "born"
    assert answer.receiving_unit.code == "straxen"
    assert answer.receiving_unit.org_unit_code == "straxen"
    assert not answer.out_of_hours
    straxen = first(answer)
    assert (straxen.name, straxen.kind, straxen.unit_code) == ("StraXen", "receives_reports", "straxen")
    assert (straxen.phone, straxen.phone_uri, straxen.email) == (
        "43 57 75 78",
        "tel:+4543577578",
        "Underretninger@ishoj.dk",
    )
    assert straxen.open_now is True
    assert straxen.open_until == datetime.datetime(2026, 11, 24, 15, 0, tzinfo=CPH)
    assert straxen.reason == "Åben nu til 15:00."
    assert straxen.unconfirmed is True  # the plan does not state StraXen's hours
    # Sparring at StraXen is offered after the report contact and is not a required step.
    assert [(c.unit_code, c.kind, c.required_before_report) for c in answer.contacts] == [
        ("straxen", "receives_reports", False),
        ("straxen-sparring", "advice", False),
    ]
    assert answer.reason == "15 år: Børn og unge under 18 år. StraXen modtager henvendelsen."


def test_15_year_old_on_saturday_night_goes_to_the_on_call_service_via_the_police(ishoj_plan):
    answer = route(ishoj_plan, age=15, at=at("2026-11-28T02:00"))
    assert answer.out_of_hours
    assert answer.receiving_unit.code == "straxen"
    doegnvagt = first(answer)
    assert (doegnvagt.kind, doegnvagt.phone, doegnvagt.phone_uri) == ("out_of_hours", "114", "tel:114")
    assert doegnvagt.open_now is True
    assert doegnvagt.reason == "StraXen er lukket nu (weekend). Ring til døgnvagten via politiet på 114."
    straxen = answer.contacts[1]
    assert straxen.open_now is False
    assert straxen.opens_at == datetime.datetime(2026, 11, 30, 8, 0, tzinfo=CPH)
    assert straxen.reason == (
        "Lukket nu (weekend). Ring til døgnvagten via politiet på 114. Åbner mandag 30. november kl. 08:00."
    )


def test_15_year_old_on_christmas_day_goes_to_the_on_call_service(ishoj_plan):
    answer = route(ishoj_plan, age=15, at=at("2026-12-25T11:00"))  # a Friday
    assert first(answer).kind == ContactKind.OUT_OF_HOURS and first(answer).phone == "114"
    straxen = answer.contacts[1]
    assert straxen.reason == (
        "Lukket nu (helligdag: Juledag). Ring til døgnvagten via politiet på 114. Åbner mandag 28. december kl. 08:00."
    )
    assert "StraXen er lukket nu (helligdag: Juledag)" in answer.reason


def test_30_year_old_within_and_outside_opening_hours(ishoj_plan):
    inside = route(ishoj_plan, age=30, at=at("2026-11-24T10:00"))
    assert inside.target_group.code == "voksne"
    assert inside.receiving_unit.code == "cvv"
    assert inside.receiving_unit.org_unit_code == "taskforce-voksne"
    assert [c.unit_code for c in inside.contacts] == ["cvv"]
    assert first(inside).name == "Center for Voksne og Velfærd"
    assert (first(inside).phone_uri, first(inside).email) == ("tel:+4543576995", "CVV@ishoj.dk")

    outside = route(ishoj_plan, age=30, at=at("2026-11-24T18:00"))
    assert [c.unit_code for c in outside.contacts] == ["doegnvagt", "cvv"]
    assert outside.contacts[1].reason == (
        "Lukket nu (uden for åbningstid). Ring til døgnvagten via politiet på 114. Åbner i morgen kl. 08:00."
    )


@pytest.mark.parametrize("age", [0, 9, 15, 17, 18, 30, 67, None])
@pytest.mark.parametrize("moment", ["2026-11-24T10:00", "2026-11-28T02:00", "2026-12-25T11:00"])
def test_acute_cases_call_112_first_for_every_age(ishoj_plan, age, moment):
    answer = route(ishoj_plan, age=age, acute=True, at=at(moment))
    emergency = first(answer)
    assert (emergency.kind, emergency.phone, emergency.phone_uri) == ("emergency", "112", "tel:112")
    assert emergency.reason == "Ring til politiet på 112 – spørg efter en ressourceperson hos politiet."
    assert answer.reason.startswith("Akut fare: ring 112 først.")
    # Then the normal routing, unchanged.
    normal = route(ishoj_plan, age=age, at=at(moment))
    assert answer.contacts[1:] == normal.contacts
    assert answer.receiving_unit == normal.receiving_unit


def test_unknown_age_goes_to_the_childrens_unit(ishoj_plan):
    answer = route(ishoj_plan, age=None, at=at("2026-11-24T10:00"))
    assert answer.target_group.code == "born"
    assert answer.receiving_unit.code == "straxen"
    assert answer.reason.startswith("Alder ukendt: planen sender henvendelsen til Børn og unge under 18 år.")


def test_age_18_is_an_adult_and_17_a_child(ishoj_plan):
    moment = at("2026-11-24T10:00")
    assert route(ishoj_plan, age=17, at=moment).receiving_unit.code == "straxen"
    assert route(ishoj_plan, age=18, at=moment).receiving_unit.code == "cvv"


def test_negative_or_non_integer_age_is_refused(ishoj_plan):
    for age in (-1, 1.5, "15", True):
        with pytest.raises(ValueError):
            route(ishoj_plan, age=age, at=at("2026-11-24T10:00"))


# --- the routing table at the edges -----------------------------------------------------

# (moment in Copenhagen time, StraXen open?, closed because: Ishøj's closure days are not confirmed)
EDGES = [
    ("2026-11-23T07:59", False, "uden for åbningstid"),  # Monday before opening
    ("2026-11-23T08:00", True, ""),
    ("2026-11-24T14:59", True, ""),  # Tuesday
    ("2026-11-24T15:00", False, "uden for åbningstid"),
    ("2026-11-27T13:29", True, ""),  # Friday closes earlier
    ("2026-11-27T13:30", False, "uden for åbningstid"),
    ("2026-11-27T16:40", False, "uden for åbningstid"),
    ("2026-11-28T10:00", False, "weekend"),  # Saturday
    ("2026-11-29T10:00", False, "weekend"),  # Sunday
    ("2026-12-24T10:00", False, "lukkedag: Juleaftensdag (ikke bekræftet)"),  # Thursday, a plan closure day
    ("2026-12-25T10:00", False, "helligdag: Juledag"),
    ("2026-12-28T10:00", True, ""),  # Monday after Christmas
    ("2026-12-31T10:00", False, "lukkedag: Nytårsaftensdag (ikke bekræftet)"),
    ("2027-01-01T10:00", False, "helligdag: Nytårsdag"),
    ("2026-06-05T10:00", False, "lukkedag: Grundlovsdag (ikke bekræftet)"),  # Friday
    ("2027-03-24T10:00", True, ""),  # Wednesday before Easter
    ("2027-03-25T10:00", False, "helligdag: Skærtorsdag"),
    ("2027-03-26T10:00", False, "helligdag: Langfredag"),
    ("2027-03-29T10:00", False, "helligdag: Anden påskedag"),
    ("2027-03-30T10:00", True, ""),
    ("2027-05-06T10:00", False, "helligdag: Kristi himmelfartsdag"),
    ("2027-05-17T10:00", False, "helligdag: Anden pinsedag"),
]


@pytest.mark.parametrize(("moment", "is_open", "because"), EDGES)
def test_opening_hour_edges_weekends_and_holidays(ishoj_plan, moment, is_open, because):
    answer = route(ishoj_plan, age=15, at=at(moment))
    straxen = next(c for c in answer.contacts if c.unit_code == "straxen")
    assert straxen.open_now is is_open
    assert answer.out_of_hours is not is_open
    assert (first(answer).unit_code == "doegnvagt") is not is_open
    if not is_open:
        assert straxen.reason.startswith(f"Lukket nu ({because}). Ring til døgnvagten via politiet på 114.")


def test_closure_days_are_marked_unconfirmed_until_confirmed(ishoj_plan):
    from beredskab.plan.services import plan_fact_confirm

    straxen = route(ishoj_plan, age=15, at=at("2026-12-24T10:00")).contacts[1]
    assert straxen.unconfirmed
    plan_fact_confirm(actor=None, plan=ishoj_plan, fact_key=f"plan:{ishoj_plan.pk}:closure_days")
    unit = ishoj_plan.units.get(code="straxen")
    plan_fact_confirm(actor=None, plan=ishoj_plan, fact_key=f"unit:{unit.code}:hours")
    ishoj_plan.refresh_from_db()
    assert not route(ishoj_plan, age=15, at=at("2026-12-24T10:00")).contacts[1].unconfirmed
    assert not route(ishoj_plan, age=15, at=at("2026-11-24T10:00")).contacts[0].unconfirmed


# --- time zones and summer time ------------------------------------------------------------


def test_naive_times_are_copenhagen_time_and_aware_times_are_converted(ishoj_plan):
    naive = route(ishoj_plan, age=15, at=at("2026-11-24T14:30"))
    aware = route(ishoj_plan, age=15, at=datetime.datetime(2026, 11, 24, 13, 30, tzinfo=UTC))
    assert naive.contacts == aware.contacts
    assert aware.at == datetime.datetime(2026, 11, 24, 14, 30, tzinfo=CPH)


@pytest.mark.parametrize(
    ("utc", "is_open"),
    [
        # Friday 23 October 2026, summer time (UTC+2): 08:00 local is 06:00 UTC.
        ("2026-10-23T05:59", False),
        ("2026-10-23T06:00", True),
        # Monday 26 October 2026, the day after the change to winter time (UTC+1): 08:00 is 07:00 UTC.
        ("2026-10-26T06:00", False),
        ("2026-10-26T06:59", False),
        ("2026-10-26T07:00", True),
        ("2026-10-26T13:59", True),
        ("2026-10-26T14:00", False),
        # Tuesday 30 March 2027, after the change to summer time on Easter Sunday: 08:00 is 06:00 UTC.
        ("2027-03-30T05:59", False),
        ("2027-03-30T06:00", True),
        ("2027-03-30T12:59", True),
        ("2027-03-30T13:00", False),
    ],
)
def test_summer_time_changes(ishoj_plan, utc, is_open):
    moment = datetime.datetime.fromisoformat(utc).replace(tzinfo=UTC)
    contacts = route(ishoj_plan, age=15, at=moment).contacts
    assert next(c for c in contacts if c.unit_code == "straxen").open_now is is_open


def test_next_opening_is_found_across_the_summer_time_change(ishoj_plan):
    # Sunday 25 October 2026 at 02:30 happens twice; either way StraXen opens Monday 08:00 winter time.
    for fold in (0, 1):
        moment = datetime.datetime(2026, 10, 25, 2, 30, fold=fold, tzinfo=CPH)
        straxen = route(ishoj_plan, age=15, at=moment).contacts[1]
        assert straxen.opens_at == datetime.datetime(2026, 10, 26, 8, 0, tzinfo=CPH)
        assert straxen.opens_at.utcoffset() == datetime.timedelta(hours=1)
    # Easter Sunday 28 March 2027 (the change to summer time) and Easter Monday: opens Tuesday 08:00 summer time.
    straxen = route(ishoj_plan, age=15, at=at("2027-03-28T03:30")).contacts[1]
    assert straxen.reason.startswith("Lukket nu (helligdag: Påskedag).")
    assert straxen.opens_at.isoformat() == "2027-03-30T08:00:00+02:00"
    assert straxen.reason.endswith("Åbner tirsdag 30. marts kl. 08:00.")


# --- the answer as data -------------------------------------------------------------------


def test_answer_to_dict_is_json(ishoj_plan):
    data = route(ishoj_plan, age=15, at=at("2026-11-27T16:40")).to_dict()
    text = json.dumps(data, ensure_ascii=False)
    assert json.loads(text) == data
    assert data["target_group"] == {"code": "born", "name": "Børn og unge under 18 år", "min_age": 0, "max_age": 17}
    assert data["receiving_unit"] == {"code": "straxen", "name": "StraXen", "org_unit_code": "straxen"}
    assert data["at"] == "2026-11-27T16:40:00+01:00"
    assert [c["kind"] for c in data["contacts"]] == ["out_of_hours", "receives_reports", "advice"]
    assert data["contacts"][1]["opens_at"] == "2026-11-30T08:00:00+01:00"
    assert data["out_of_hours"] is True


def test_target_groups_for_choice(ishoj_plan):
    choices = ishoj_plan.target_groups_for_choice()
    assert [(c.value, c.label, c.target_group.code, c.age_unknown) for c in choices] == [
        ("born", "Børn og unge under 18 år", "born", False),
        ("voksne", "Voksne over 18 år", "voksne", False),
        (UNKNOWN_AGE_CHOICE, "Ukendt alder", "born", True),
    ]


def test_routing_uses_a_fixed_number_of_queries(ishoj_plan, django_assert_max_num_queries, django_assert_num_queries):
    with django_assert_max_num_queries(8):  # the version's routing data, read once per process (`content`)
        route(ishoj_plan, age=15, acute=True, at=at("2026-12-25T11:00"))
    with django_assert_num_queries(0):  # then none
        route(ishoj_plan, age=15, acute=True, at=at("2026-12-25T11:00"))
        route(ishoj_plan, age=None, topic="extremism", at=at("2026-12-26T02:00"))
