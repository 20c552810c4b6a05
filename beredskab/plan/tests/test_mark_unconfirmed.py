"""`reasons.mark_unconfirmed`: the plan's own words (an instruction, a channel rule) naming a fact
of the unit that is not confirmed get "(ikke bekræftet)" right after the fact, however the text
spaces a number or writes a web address; never inside a longer number or address, and once."""

import pytest
from django.utils import translation

from beredskab.plan.reasons import mark_unconfirmed

MARK = "(ikke bekræftet)"


@pytest.mark.parametrize(
    ("text", "facts", "marked"),
    [
        ("Ring 114", {"phone": "114"}, f"Ring 114 {MARK}"),
        ("Ring 1140 eller 11 4", {"phone": "114"}, f"Ring 1140 eller 11 4 {MARK}"),
        ("Ring 70203040.", {"phone": "70 20 30 40"}, f"Ring 70203040 {MARK}."),
        ("Ring +45 70 20 30 40", {"phone": "+45 70 20 30 40"}, f"Ring +45 70 20 30 40 {MARK}"),
        ("Ring 70 20 30 40", {"phone": "+45 70203040"}, f"Ring 70 20 30 40 {MARK}"),
        ("Ring 170 20 30 40", {"phone": "70 20 30 40"}, "Ring 170 20 30 40"),
        (
            "Sms 06 60 09 01 eller ring 06 60 09 01",
            {"phone": "06 60 09 01", "more_phones[0]": "06 60 09 01"},
            f"Sms 06 60 09 01 {MARK} eller ring 06 60 09 01 {MARK}",
        ),
        ("Skriv til Vagt@Kystby.example.", {"email": "vagt@kystby.example"}, f"Skriv til Vagt@Kystby.example {MARK}."),
        ("Skriv til xvagt@kystby.example", {"email": "vagt@kystby.example"}, "Skriv til xvagt@kystby.example"),
        ("Se kystby.example/vagt", {"url": "https://kystby.example/vagt/"}, f"Se kystby.example/vagt {MARK}"),
        (
            "Se https://kystby.example/vagten",
            {"url": "https://kystby.example/vagt"},
            "Se https://kystby.example/vagten",
        ),
        (
            "Mød op på Strandvejen  7, Kystby",
            {"address": "Strandvejen 7, Kystby"},
            f"Mød op på Strandvejen  7, Kystby {MARK}",
        ),
        ("Ring til vagten", {"phone": "114"}, "Ring til vagten"),
        ("Ring 114", {}, "Ring 114"),
    ],
)
def test_the_mark_follows_the_fact(text, facts, marked):
    with translation.override("da"):
        assert mark_unconfirmed(text, facts) == marked


def test_the_mark_is_in_the_readers_language():
    with translation.override("en"):
        assert mark_unconfirmed("Ring 114", {"phone": "114"}) == "Ring 114 (not confirmed)"
