"""Other municipalities organise differently; their plans load and route without code changes
(the fictional example plans in plans/)."""

import datetime
from zoneinfo import ZoneInfo

from beredskab.plan.models import UNKNOWN_AGE_CHOICE
from beredskab.plan.routing import route

CPH = ZoneInfo("Europe/Copenhagen")


def at(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text)


def kinds(answer):
    return [(c.unit_code, c.kind) for c in answer.contacts]


# --- Nordby: one team 0-23, SSP before a report, front desk for adults, municipal line -----


def test_nordby_one_team_for_ages_0_to_23_with_a_required_advice_step(load_example):
    plan = load_example("nordby")
    for age in (0, 15, 18, 23):
        answer = route(plan, age=age, at=at("2026-11-24T10:00"))  # Tuesday
        assert answer.target_group.code == "born-unge"
        assert answer.receiving_unit.code == "ungeteam"
        assert kinds(answer) == [("ssp", "advice"), ("ungeteam", "receives_reports")]
        ssp = answer.contacts[0]
        assert ssp.required_before_report is True
        assert ssp.reason == "Skal kontaktes før underretning. Åben nu til 15:00."
    assert "Planen kræver sparring med SSP-konsulenten før underretning." in answer.reason


def test_nordby_adults_go_through_the_front_desk(load_example):
    plan = load_example("nordby")
    answer = route(plan, age=24, at=at("2026-11-26T17:00"))  # Thursday: the desk is open late
    assert answer.receiving_unit.code == "voksenteam"
    assert not answer.out_of_hours
    desk = answer.contacts[0]
    assert (desk.unit_code, desk.kind, desk.forwards_to, desk.forwards_to_name) == (
        "borgerservice",
        "front_desk",
        "voksenteam",
        "Voksenteamet",
    )
    assert desk.address == "Rådhuspladsen 1, 9991 Nordby (fiktiv adresse)"
    assert desk.reason == "Åben nu til 17:30. Sender videre til Voksenteamet."
    assert len(answer.contacts) == 1


def test_nordby_different_hours_on_different_weekdays(load_example):
    plan = load_example("nordby")
    wednesday_morning = route(plan, age=16, at=at("2026-11-25T08:30"))
    assert kinds(wednesday_morning)[0] == ("socialvagt", "out_of_hours")
    team = wednesday_morning.contacts[-1]
    assert team.open_now is False
    assert team.reason.endswith("Åbner i dag kl. 10:00.")
    wednesday_evening = route(plan, age=16, at=at("2026-11-25T17:30"))
    assert wednesday_evening.contacts[-1].reason == "Åben nu til 18:00."
    friday = route(plan, age=16, at=at("2026-11-27T12:00"))
    assert friday.contacts[-1].open_now is False


def test_nordby_out_of_hours_is_the_municipal_line_and_special_days_apply(load_example):
    plan = load_example("nordby")
    night = route(plan, age=10, at=at("2026-11-24T22:00"))
    line = night.contacts[0]
    assert (line.kind, line.phone, line.phone_uri) == ("out_of_hours", "01 10 09 99", "tel:+4501100999")
    assert (
        line.reason == "Ungeteamet (0-23 år) er lukket nu (uden for åbningstid). Ring til socialvagten på 01 10 09 99."
    )
    staff_day = route(plan, age=10, at=at("2026-09-04T10:00"))  # a Friday with a staff day
    assert staff_day.contacts[-1].reason.startswith("Lukket nu (særlig lukkedag: Personaledag).")
    christmas_opening = route(plan, age=10, at=at("2026-12-28T11:00"))
    assert christmas_opening.contacts[-1].reason == "Åben nu til 12:00."


def test_nordby_vocabulary_and_extremism_inside_the_plan(load_example):
    plan = load_example("nordby")
    assert plan.term("honour_adjective") == "æresmotiveret"
    assert plan.term("aerk") == "æresmotiverede konflikter"
    assert plan.term("report") == "underretning"  # not overridden: the default word
    assert "extremism" in plan.topics
    assert plan.definitions.filter(code="extremism").exists()


# --- Aastrand: districts by postcode, NGO out-of-hours for adults, extremism elsewhere -------


def test_aastrand_children_routed_to_district_units_by_postcode(load_example):
    plan = load_example("aastrand")
    moment = at("2026-11-24T10:00")
    assert route(plan, age=10, postcode="9993", at=moment).receiving_unit.code == "distrikt-nord"
    assert route(plan, age=10, postcode="9996", at=moment).receiving_unit.code == "distrikt-syd"
    outside = route(plan, age=10, postcode="9999", at=moment)
    assert outside.receiving_unit.code == "visitation"
    assert (
        "Postnummer 9999 hører ikke til et distrikt i planen; Børnerådgivningens visitation tager imod."
        in outside.reason
    )
    assert route(plan, age=10, at=moment).receiving_unit.code == "visitation"
    assert route(plan, age=None, postcode="9995", at=moment).receiving_unit.code == "distrikt-syd"
    answer = route(plan, age=10, postcode="9994", at=moment)
    assert "Postnummer 9994 hører til Distrikt Nord." in answer.reason
    assert kinds(answer) == [("distrikt-nord", "receives_reports")]


def test_aastrand_adults_out_of_hours_via_an_ngo_with_its_own_hours(load_example):
    plan = load_example("aastrand")
    # Saturday evening before the change to winter time: the NGO line is open until Monday 08:00.
    answer = route(plan, age=30, at=at("2026-10-24T22:00"))
    ngo = answer.contacts[0]
    assert (ngo.unit_code, ngo.kind, ngo.open_now) == ("vagttelefon", "out_of_hours", True)
    assert ngo.open_until == datetime.datetime(2026, 10, 26, 8, 0, tzinfo=CPH)
    assert ngo.open_until.utcoffset() == datetime.timedelta(hours=1)
    # Tuesday 15:30: the adult unit has closed and the NGO line opens at 16:00.
    between = route(plan, age=30, at=at("2026-11-24T15:30"))
    ngo = between.contacts[0]
    assert ngo.open_now is False
    assert ngo.opens_at == datetime.datetime(2026, 11, 24, 16, 0, tzinfo=CPH)
    assert ngo.reason == (
        "Voksenrådgivningen er lukket nu (uden for åbningstid). Ring til Vagttelefonen på 02 20 09 99. "
        "Vagttelefonen (frivillig forening, fiktiv) er også lukket nu. Åbner i dag kl. 16:00."
    )
    # Children still go via the police at the same moment.
    assert route(plan, age=10, at=at("2026-11-24T15:30")).contacts[0].unit_code == "doegnvagt"


def test_aastrand_ngo_is_open_on_public_holidays(load_example):
    plan = load_example("aastrand")
    answer = route(plan, age=40, at=at("2026-12-25T12:00"))  # Christmas Day, a Friday
    assert answer.contacts[0].unit_code == "vagttelefon"
    assert answer.contacts[0].open_now is True


def test_aastrand_extremism_is_a_separate_route(load_example):
    plan = load_example("aastrand")
    assert "extremism" not in plan.topics
    separate = plan.separate_routes.get(topic="extremism")
    assert separate.unit.code == "infohus"
    assert separate.unit.role == "advice"


# --- Lyngmose: no age split at all ---------------------------------------------------------


def test_lyngmose_has_no_age_split(load_example):
    plan = load_example("lyngmose")
    for age in (0, 12, 17, 18, 45, 90, None):
        answer = route(plan, age=age, at=at("2026-11-24T10:00"))
        assert answer.target_group.code == "alle"
        assert answer.receiving_unit.code == "nsk-team"
    choices = plan.target_groups_for_choice()
    assert [(c.value, c.target_group.code) for c in choices] == [("alle", "alle"), (UNKNOWN_AGE_CHOICE, "alle")]
    acute = route(plan, age=None, acute=True, at=at("2026-11-24T10:00"))
    assert acute.contacts[0].kind == "emergency"
    assert acute.contacts[0].reason == "Ring 112."
    assert route(plan, age=45, at=at("2026-11-24T14:30")).contacts[0].unit_code == "doegnvagt"


def test_example_plans_and_ishoj_live_side_by_side(load_example, ishoj_plan):
    from beredskab.plan.selectors import plan_in_force

    nordby = load_example("nordby")
    assert plan_in_force() == ishoj_plan  # this installation serves Ishøj (settings.MUNICIPALITY_CODE)
    assert plan_in_force("nordby") == nordby
    assert plan_in_force("nowhere") is None
