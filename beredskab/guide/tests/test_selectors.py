"""The guide's answers, read from Ishøj's plan: whom to contact now (opening hours, weekends,
public holidays), the reader's duty and sparring, the procedure, the acute card."""

import datetime

import pytest
from django.utils import translation

from beredskab.guide import selectors
from beredskab.plan.models import Audience
from beredskab.plan.reasons import ReasonCode, RoutingReason, reason_text

from .conftest import (
    CHRISTMAS_DAY_2AM,
    CPH,
    EASTER_MONDAY_11,
    FRIDAY_1640,
    SATURDAY_NIGHT,
    TUESDAY_10,
)

pytestmark = pytest.mark.django_db


def _path(plan, value, audience=Audience.PROFESSIONAL, at=TUESDAY_10):
    return selectors.guide_path(plan, choice=selectors.choice_for(plan, value), audience=audience, at=at)


def test_the_choices_come_from_the_plan(ishoj_guide_plan):
    choices = selectors.group_choices(ishoj_guide_plan)
    assert [c.value for c in choices] == ["born", "voksne", "ukendt-alder"]
    assert [selectors.choice_label(c) for c in choices] == [
        "Børn og unge under 18 år",
        "Voksne over 18 år",
        "Jeg kender ikke personens alder",
    ]
    assert selectors.audiences(ishoj_guide_plan) == [Audience.PROFESSIONAL, Audience.CITIZEN, Audience.SELF]
    assert selectors.choice_for(ishoj_guide_plan, "nobody") is None


def test_a_child_during_opening_hours_goes_to_straxen_open_until_15(ishoj_guide_plan):
    path = _path(ishoj_guide_plan, "born")
    first = path.now.contacts[0]
    assert (first.name, first.phone, first.email) == ("StraXen", "43 57 75 78", "Underretninger@ishoj.dk")
    assert first.phone_uri == "tel:+4543577578"
    assert first.status == "Åben nu til 15:00"
    assert first.open_now is True and first.unconfirmed is True  # the plan's hours are assumed
    assert not path.now.closed_entry and path.now.out_of_hours is None
    assert path.report_url == "/underretning/?gruppe=born&hvem=professional"


def test_friday_afternoon_after_closing_sends_the_reader_to_the_on_call_service(ishoj_guide_plan):
    now = _path(ishoj_guide_plan, "born", at=FRIDAY_1640).now
    assert now.closed_entry == "StraXen"
    ooh, straxen = now.contacts[0], now.contacts[1]
    assert (ooh.name, ooh.phone, ooh.status) == ("Kommunens døgnvagt (via politiet)", "114", "Åben døgnet rundt")
    assert ooh.phone_uri == "tel:114"
    assert straxen.status == "Lukket nu: ring til døgnvagten via politiet på 114"
    assert straxen.status_detail == "(uden for åbningstid) Åbner mandag 30. november kl. 08:00."


def test_saturday_night_is_weekend(ishoj_guide_plan):
    straxen = _path(ishoj_guide_plan, "born", at=SATURDAY_NIGHT).now.contacts[1]
    assert straxen.status.startswith("Lukket nu: ring til døgnvagten via politiet på 114")
    assert straxen.status_detail.startswith("(weekend)")


@pytest.mark.parametrize(
    ("moment", "holiday", "opens"),
    [
        (CHRISTMAS_DAY_2AM, "Juledag", "mandag 28. december kl. 08:00"),
        (EASTER_MONDAY_11, "Anden påskedag", "i morgen kl. 08:00"),
    ],
)
def test_public_holidays_close_the_unit(ishoj_guide_plan, moment, holiday, opens):
    now = _path(ishoj_guide_plan, "born", at=moment).now
    straxen = next(c for c in now.contacts if c.name == "StraXen")
    assert straxen.closed and "114" in straxen.status
    assert f"helligdag: {holiday}" in straxen.status_detail
    assert opens in straxen.status_detail


def test_english_names_the_holiday_in_english(ishoj_guide_plan):
    with translation.override("en"):
        straxen = _path(ishoj_guide_plan, "born", at=CHRISTMAS_DAY_2AM).now.contacts[1]
    assert "Christmas Day" in straxen.status_detail


def test_open_status_names_tomorrow_and_today(ishoj_guide_plan):
    thursday_evening = datetime.datetime(2026, 11, 26, 18, 0, tzinfo=CPH)
    straxen = _path(ishoj_guide_plan, "born", at=thursday_evening).now.contacts[1]
    assert straxen.status_detail == "(uden for åbningstid) Åbner i morgen kl. 08:00."
    early = datetime.datetime(2026, 11, 26, 6, 30, tzinfo=CPH)
    straxen = _path(ishoj_guide_plan, "born", at=early).now.contacts[1]
    assert straxen.status_detail == "(uden for åbningstid) Åbner i dag kl. 08:00."
    friday_noon = datetime.datetime(2026, 11, 27, 12, 0, tzinfo=CPH)
    assert _path(ishoj_guide_plan, "born", at=friday_noon).now.contacts[0].status == "Åben nu til 13:30"


def test_a_professional_gets_the_heightened_duty_and_a_sparring_route(ishoj_guide_plan):
    path = _path(ishoj_guide_plan, "born")
    [item] = path.duties
    assert item.duty.get_duty_display() == "Skærpet underretningspligt"
    assert item.duty.legal_reference == "barnets lov § 133"
    assert [c.name for c in path.now.sparring] == ["Sparring i StraXen"]
    assert path.family_warning is True  # risk assessment before parents and network are involved
    assert any(step["before_involving_family"] for step in path.procedure_steps)


def test_optional_sparring_is_not_sent_to_the_on_call_service(ishoj_guide_plan):
    sparring = _path(ishoj_guide_plan, "born", at=SATURDAY_NIGHT).now.sparring[0]
    assert sparring.status == "Lukket nu"
    assert "114" not in sparring.status


def test_a_private_person_may_report_anonymously(ishoj_guide_plan):
    [item] = _path(ishoj_guide_plan, "born", Audience.CITIZEN).duties
    assert item.duty.duty == "general" and item.duty.anonymous_allowed
    assert "legal_reference" in item.duty.unconfirmed


def test_an_adult_goes_to_the_adult_centre_without_family_warning(ishoj_guide_plan):
    path = _path(ishoj_guide_plan, "voksne", Audience.SELF)
    assert path.now.contacts[0].name == "Center for Voksne og Velfærd"
    assert path.now.contacts[0].phone == "43 57 69 95"
    assert path.duties[0].duty.audience == Audience.SELF
    assert path.family_warning is False
    assert path.now.sparring == []  # sparring with the receiving unit itself is the same call
    assert path.report_url == "/underretning/?gruppe=voksne&hvem=self"


def test_an_unknown_age_shows_every_group_and_goes_where_the_plan_says(ishoj_guide_plan):
    path = _path(ishoj_guide_plan, "ukendt-alder", Audience.CITIZEN)
    assert path.group.code == "born"  # routing.unknown_age_goes_to
    assert [d.group.code for d in path.duties] == ["born", "voksne"]
    assert [str(g.name) for g in path.sign_groups] == [
        g.name for g in ishoj_guide_plan.target_groups.order_by("min_age")
    ]
    assert path.now.contacts[0].name == "StraXen"
    assert path.report_url == "/underretning/?hvem=private"


def test_definitions_and_terms_are_the_plans(ishoj_guide_plan):
    path = _path(ishoj_guide_plan, "born")
    assert [d.code for d in path.definitions] == ["nsk", "aerk"]
    assert path.terms["nsk_short"] == "NSK" and path.terms["aerk_short"] == "ÆRK"


def test_the_acute_card_comes_from_the_plan(ishoj_guide_plan):
    card = selectors.acute_card(ishoj_guide_plan, SATURDAY_NIGHT)
    assert [s.text for s in card.steps] == ["Placer den berørte et sikkert sted", "Ring til politiet på 112"]
    assert card.steps[1].detail == "spørg efter en ressourceperson hos politiet"
    assert (card.emergency_phone, card.emergency_uri) == ("112", "tel:112")
    assert [g.choice.value for g in card.groups] == ["born", "voksne"]
    assert card.groups[0].now.contacts[0].phone == "114"  # out of hours first
    assert all(c.kind != "emergency" for g in card.groups for c in g.now.contacts)
    assert card.groups[0].report_url == "/underretning/ny/?akut=1&gruppe=born"


def test_the_acute_card_without_a_plan_still_says_112(db):
    card = selectors.acute_card(None, TUESDAY_10)
    assert card.emergency_phone == "112" and card.groups == []


def test_the_overview_has_prevention_levels_in_order_and_partners(ishoj_guide_plan):
    overview = selectors.plan_overview(ishoj_guide_plan)
    assert [level.level for level in overview.prevention_levels] == ["primary", "secondary", "tertiary"]
    kinds = {p.kind for p in overview.partners}
    assert {"police", "security_consultant", "viso", "civil_society"} <= kinds


def test_closed_because_texts_are_translated():
    """Why a unit is closed is data (a code and its parameters), worded in the reader's language."""
    closure_day = RoutingReason(ReasonCode.CLOSURE_DAY, {"name": "Juleaftensdag"})
    monday = RoutingReason(ReasonCode.CLOSED_WEEKDAY, {"weekday": 0})
    christmas = RoutingReason(ReasonCode.PUBLIC_HOLIDAY, {"date": datetime.date(2026, 12, 25), "name": "Juledag"})
    with translation.override("en"):
        assert reason_text(RoutingReason(ReasonCode.WEEKEND)) == "weekend"
        assert reason_text(closure_day) == "closure day: Juleaftensdag"
        assert reason_text(RoutingReason(ReasonCode.OUTSIDE_HOURS)) == "outside opening hours"
        assert reason_text(monday) == "closed on Mondays"
        assert reason_text(christmas) == "public holiday: Christmas Day"
    assert reason_text(monday) == "lukket om mandagen"
    assert reason_text(christmas) == "helligdag: Juledag"
