"""Routing reasons are data (a code and its parameters) worded in one place, in the active
language; the Danish wording is what a record keeps."""

import datetime
import json
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from beredskab.plan.reasons import ReasonCode, RoutingReason, danish_text, reason_text, reasons_text
from beredskab.plan.routing import route

CPH = ZoneInfo("Europe/Copenhagen")
NOW = datetime.datetime(2026, 11, 27, 16, 40, tzinfo=CPH)  # a Friday
CLOSED = RoutingReason(ReasonCode.WEEKEND)

# One example of every code, with the parameters it needs.
EXAMPLES = {
    ReasonCode.WEEKEND: {},
    ReasonCode.OUTSIDE_HOURS: {},
    ReasonCode.PUBLIC_HOLIDAY: {"date": datetime.date(2026, 12, 25), "name": "Juledag"},
    ReasonCode.CLOSURE_DAY: {"name": "Juleaftensdag"},
    ReasonCode.SPECIAL_CLOSED_DAY: {"note": "Personaledag"},
    ReasonCode.CLOSED_WEEKDAY: {"weekday": 2},
    ReasonCode.ALWAYS_OPEN: {},
    ReasonCode.NO_HOURS: {},
    ReasonCode.OPEN_UNTIL: {"until": NOW + datetime.timedelta(hours=1), "now": NOW},
    ReasonCode.CLOSED_NOW: {"because": CLOSED},
    ReasonCode.OPENS: {"at": datetime.datetime(2026, 11, 30, 8, 0, tzinfo=CPH), "now": NOW},
    ReasonCode.PLAN_TEXT: {"text": "Ring til døgnvagten via politiet på 114"},
    ReasonCode.CALL_UNIT: {"name": "StraXen", "phone": "43 57 75 78"},
    ReasonCode.WRITE_TO_UNIT: {"name": "StraXen", "email": "a@example.org"},
    ReasonCode.CALL_NUMBER: {"phone": "112"},
    ReasonCode.REQUIRED_BEFORE_REPORT: {},
    ReasonCode.FORWARDS_TO: {"unit": "Voksenteamet"},
    ReasonCode.ENTRY_CLOSED: {"unit": "StraXen", "because": CLOSED},
    ReasonCode.ALSO_CLOSED: {"unit": "Vagttelefonen"},
    ReasonCode.ACUTE: {"phone": "112"},
    ReasonCode.NO_TARGET_GROUP: {},
    ReasonCode.AGE_UNKNOWN: {"group": "Børn og unge"},
    ReasonCode.AGE: {"age": 15, "group": "Børn og unge"},
    ReasonCode.DISTRICT: {"postcode": "9994", "district": "Distrikt Nord"},
    ReasonCode.POSTCODE_OUTSIDE_DISTRICTS: {"postcode": "9999", "unit": "Visitationen"},
    ReasonCode.NO_POSTCODE: {"unit": "Visitationen"},
    ReasonCode.DISTRICT_POSTCODES_UNCONFIRMED: {},
    ReasonCode.GENERAL_CONTACT: {"unit": "Borgerservice"},
    ReasonCode.OWN_ROUTE_IN_PLAN: {"title": "Ekstremisme", "unit": "Infohuset"},
    ReasonCode.ROUTE_OUTSIDE_PLAN: {"title": "Ekstremisme", "unit": "Infohuset"},
    ReasonCode.REQUIRED_ONE_OF: {"names": ("SSP", "Sikkerhedskonsulenten")},
    ReasonCode.ADVICE_REQUIRED_ONE_OF: {"names": ("SSP", "Sikkerhedskonsulenten")},
    ReasonCode.VISIT_URL: {"name": "Rådgivningen", "url": "https://example.org"},
    ReasonCode.VISIT_ADDRESS: {"name": "Rådgivningen", "address": "Torvet 1"},
    ReasonCode.CONTACT_VIA: {"name": "Teamet", "via": "Borgerservice"},
    ReasonCode.OR_OUT_OF_HOURS: {"unit": "Døgnvagten"},
    ReasonCode.OUT_OF_HOURS_ALTERNATIVES: {"names": ("RED", "Døgnvagten")},
    ReasonCode.VIA_FRONT_DESK: {"desk": "Borgerservice", "unit": "Voksenteamet"},
    ReasonCode.RECEIVES: {"unit": "StraXen"},
    ReasonCode.CALL_OUT_OF_HOURS_FIRST: {
        "unit": "StraXen",
        "because": CLOSED,
        "out_of_hours": "Døgnvagten",
        "phone": "114",
    },
    ReasonCode.CONTACT_OUT_OF_HOURS_FIRST: {"unit": "StraXen", "because": CLOSED, "out_of_hours": "Døgnvagten"},
    ReasonCode.NO_OUT_OF_HOURS: {"unit": "StraXen", "because": CLOSED},
    ReasonCode.ADVICE_REQUIRED: {"names": ("SSP-konsulenten", "Sikkerhedskonsulenten")},
    ReasonCode.ROUTED_FOR_CHECK: {"unit": "StraXen"},
}


def test_every_code_has_an_example():
    assert set(EXAMPLES) == set(ReasonCode)


@pytest.mark.parametrize("code", list(ReasonCode))
def test_every_code_is_worded_in_danish_and_english_with_its_parameters(code):
    reason = RoutingReason(code, EXAMPLES[code])
    danish = reason_text(reason)
    with translation.override("en"):
        english = reason_text(reason)
    assert danish and english and "%(" not in danish + english
    for value in EXAMPLES[code].values():
        if isinstance(value, str) and code != ReasonCode.PUBLIC_HOLIDAY:
            assert value in danish and value in english  # names and numbers from the plan stay as they are
    if code not in (ReasonCode.WEEKEND, ReasonCode.PLAN_TEXT):  # "weekend" is English too
        assert danish != english, code


def test_the_words_of_some_reasons():
    assert reason_text(RoutingReason(ReasonCode.OPEN_UNTIL, EXAMPLES[ReasonCode.OPEN_UNTIL])) == "Åben nu til 17:40"
    assert reason_text(RoutingReason(ReasonCode.OPENS, EXAMPLES[ReasonCode.OPENS])) == (
        "Åbner mandag 30. november kl. 08:00"
    )
    assert reasons_text(
        [RoutingReason(ReasonCode.CLOSED_NOW, {"because": CLOSED}), RoutingReason(ReasonCode.NO_HOURS)]
    ) == ("Lukket nu (weekend). Åbningstiden står ikke i planen.")
    advice = RoutingReason(ReasonCode.ADVICE_REQUIRED, EXAMPLES[ReasonCode.ADVICE_REQUIRED])
    assert reason_text(advice) == "Planen kræver sparring med SSP-konsulenten, Sikkerhedskonsulenten før underretning."
    with translation.override("en"):
        assert reason_text(RoutingReason(ReasonCode.OPENS, EXAMPLES[ReasonCode.OPENS])) == (
            "Opens Monday 30. November at 08:00"
        )


def test_the_answer_is_worded_in_the_active_language_and_kept_in_danish(ishoj_plan):
    answer = route(ishoj_plan, age=15, at=datetime.datetime(2026, 11, 28, 2, 0))  # Saturday night
    danish = answer.reason
    assert danish == (
        "15 år: Børn og unge under 18 år. StraXen modtager henvendelsen. StraXen er lukket nu (weekend): "
        "kontakt først Kommunens døgnvagt (via politiet) på 114."
    )
    with translation.override("en"):
        assert answer.reason != danish
        assert "closed now (weekend)" in answer.reason
        assert danish_text(answer.reasons) == danish  # the wording intake keeps as the record


def test_the_answer_as_json_names_its_reasons_by_code(ishoj_plan):
    data = route(ishoj_plan, age=15, at=datetime.datetime(2026, 11, 28, 2, 0)).to_dict()
    assert json.loads(json.dumps(data)) == data
    assert [r["code"] for r in data["reasons"]] == ["age", "receives", "call_out_of_hours_first"]
    assert data["reasons"][2]["params"]["because"] == {"code": "weekend", "params": {}}
    straxen = data["contacts"][1]
    assert [r["code"] for r in straxen["reasons"]] == ["closed_now", "plan_text", "opens"]
    assert straxen["reasons"][2]["params"]["at"] == "2026-11-30T08:00:00+01:00"
    assert straxen["reason"].startswith("Lukket nu (weekend).")


def test_the_weekly_summary_is_worded_in_the_active_language():
    from types import SimpleNamespace

    from beredskab.plan.opening import weekly_summary

    hours = [
        SimpleNamespace(weekday=day, opens=datetime.time(8, 0), closes=datetime.time(15, 0)) for day in range(4)
    ] + [SimpleNamespace(weekday=4, opens=datetime.time(8, 0), closes=datetime.time(13, 30))]
    unit = SimpleNamespace(always_open=False, hours_list=hours)
    assert weekly_summary(unit) == [("mandag-torsdag", "08:00-15:00"), ("fredag", "08:00-13:30")]
    with translation.override("en"):
        assert weekly_summary(unit) == [("Monday-Thursday", "08:00-15:00"), ("Friday", "08:00-13:30")]
        assert weekly_summary(SimpleNamespace(always_open=True, hours_list=[])) == [("every day", "around the clock")]
