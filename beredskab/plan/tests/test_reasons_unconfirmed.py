"""How to reach a unit names the facts the plan coordinator has not confirmed (issue 15): the
reason says which of its parameters in `unconfirmed`, and is worded with "(ikke bekræftet)" right
after the fact, in the active language, as text and as HTML; a confirmed number is preferred.
And `reason_html` keeps no marker character of a plan's text, whatever its type, and shows a
translation of marker characters only as no translation."""

import pytest
from django.utils import translation

from beredskab.plan.models import ContactUnit
from beredskab.plan.reasons import (
    PlanWords,
    ReasonCode,
    RoutingReason,
    how_to_reach,
    number_to_call,
    reason_html,
    reason_text,
    untranslated_places,
)


def unit(unconfirmed=(), **facts) -> ContactUnit:
    notes = dict.fromkeys(unconfirmed, "Står ikke i planen")
    return ContactUnit(code="linjen", name="Linjen", unconfirmed=notes, **facts)


@pytest.mark.parametrize(
    ("facts", "code", "name", "value"),
    [
        ({"phone": "06 60 09 00"}, ReasonCode.CALL_UNIT, "phone", "06 60 09 00"),
        ({"email": "linjen@example.org"}, ReasonCode.WRITE_TO_UNIT, "email", "linjen@example.org"),
        ({"url": "https://linjen.example.org"}, ReasonCode.VISIT_URL, "url", "https://linjen.example.org"),
        ({"address": "Havnevej 1, 9990 Kystby"}, ReasonCode.VISIT_ADDRESS, "address", "Havnevej 1, 9990 Kystby"),
    ],
)
def test_each_way_to_reach_a_unit_is_marked_when_unconfirmed(facts, code, name, value):
    confirmed = how_to_reach(unit(**facts))
    assert confirmed.code == code and confirmed.params == {"name": "Linjen", name: value}
    assert "ikke bekræftet" not in reason_text(confirmed)
    reason = how_to_reach(unit([name], **facts))
    assert reason.code == code and reason.params["unconfirmed"] == (name,)
    assert reason.to_dict()["params"] == {"name": "Linjen", name: value, "unconfirmed": [name]}
    assert reason_text(reason).endswith(f"{value} (ikke bekræftet)")
    with translation.override("en"):
        assert reason_text(reason).endswith(f"{value} (not confirmed)")
        assert str(reason_html(reason)).endswith(f"{value} (not confirmed)")


def test_a_confirmed_number_is_preferred_else_the_first_is_marked():
    two = [{"phone": "06 60 09 01", "label": "Sms"}, {"phone": "06 60 09 02"}]
    assert number_to_call(unit(["more_phones[0]"], more_phones=two)) == ("06 60 09 02", False)
    assert number_to_call(unit(["more_phones[0]", "more_phones[1]"], more_phones=two)) == ("06 60 09 01", True)
    # the main number, when the plan coordinator has not confirmed it, gives way to a further one that is
    assert number_to_call(unit(["phone"], phone="06 60 09 00", more_phones=two)) == ("06 60 09 01", False)
    assert number_to_call(unit(["phone"], phone="06 60 09 00")) == ("06 60 09 00", True)
    assert number_to_call(unit(phone="06 60 09 00", more_phones=two)) == ("06 60 09 00", False)
    assert number_to_call(unit(email="a@example.org")) is None
    reason = how_to_reach(unit(["more_phones[0]"], more_phones=two))
    assert reason.params == {"name": "Linjen", "phone": "06 60 09 02"}
    reason = how_to_reach(unit(["more_phones[0]"], more_phones=two[:1]))
    assert reason_text(reason) == "Ring til Linjen på 06 60 09 01 (ikke bekræftet)"


def test_the_e_mail_still_comes_before_the_further_numbers():
    reason = how_to_reach(unit(["email"], email="a@example.org", more_phones=[{"phone": "06 60 09 01"}]))
    assert reason.code == ReasonCode.WRITE_TO_UNIT and reason_text(reason).endswith("a@example.org (ikke bekræftet)")


def test_the_mark_in_html_is_escaped_and_in_the_readers_language_beside_a_danish_text():
    """The mark is the reader's words: never inside the `lang="da"` of a plan's text beside it."""
    name = PlanWords("<Linjen>", "units[linjen].name")
    reason = RoutingReason(ReasonCode.CALL_UNIT, {"name": name, "phone": "06 60 09 01", "unconfirmed": ("phone",)})
    with translation.override("en"):
        html = str(reason_html(reason))
    assert html == 'Call <span lang="da">&lt;Linjen&gt;</span> on 06 60 09 01 (not confirmed)'


def test_a_plain_texts_marker_characters_make_no_markup():
    """A plan's text given as a plain `str` (a closure day's name without translations, a unit's
    name) loses the marker characters as a `PlanWords` does."""
    for params in (
        {"name": "Jul\ue000<b>\ue001"},
        {"name": "\ue001Jul\ue000"},
    ):
        html = str(reason_html(RoutingReason(ReasonCode.CLOSURE_DAY, params)))
        assert "<span" not in html and "\ue000" not in html and "\ue001" not in html
    html = str(reason_html(RoutingReason(ReasonCode.REQUIRED_ONE_OF, {"names": ("SSP\ue000", "\ue001Politiet")})))
    assert "<span" not in html and "SSP eller Politiet" in html
    html = str(reason_html(RoutingReason(ReasonCode.SPECIAL_CLOSED_DAY, {"note": "Personale\ue000dag"})))
    assert html == "særlig lukkedag: Personaledag"
    unit_name = "Linjen\ue000"
    reason = RoutingReason(ReasonCode.CALL_UNIT, {"name": unit_name, "phone": "1\ue0012", "unconfirmed": ("phone",)})
    assert str(reason_html(reason)) == "Ring til Linjen på 12 (ikke bekræftet)"


def test_a_translation_of_marker_characters_only_is_no_translation():
    """It would show as an empty name: the Danish is shown instead, marked, and named untranslated."""
    name = PlanWords("Juleaftensdag", "routing.closure_days[12-24].name", (("en", "\ue000\ue001"),))
    reason = RoutingReason(ReasonCode.CLOSURE_DAY, {"name": name})
    with translation.override("en"):
        assert str(reason_html(reason)) == 'closure day: <span lang="da">Juleaftensdag</span>'
        assert reason_text(reason) == "closure day: Juleaftensdag"
        assert untranslated_places([reason]) == ["routing.closure_days[12-24].name"]
    name = PlanWords("Juleaftensdag", "routing.closure_days[12-24].name", (("en", "Christmas\ue000 Eve"),))
    with translation.override("en"):
        assert str(reason_html(RoutingReason(ReasonCode.CLOSURE_DAY, {"name": name}))) == "closure day: Christmas Eve"
