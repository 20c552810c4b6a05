"""Unconfirmed facts are marked on every other path a plan fact takes to the public or into a
routing answer (issue 15), on the fact they qualify and never on a confirmed fact beside it:

- the own route of a topic on "Om planen" (its unit's phone and e-mail address);
- a duty's legal reference on the action card (HTML and PDF);
- a number, e-mail address, web address or address of a unit named in its own `instruction`
  ("Ring til døgnvagten via politiet på 114"): the guide's "Lukket nu: …", the action card,
  the routing answer (`plan_route`, the API) mark it where the instruction names it;
- a closure day of the plan that is not confirmed: its name where it says why a unit is closed
  ("lukkedag: Juleaftensdag (ikke bekræftet)"), and an opening moment worked out past it
  ("Åbner mandag 28. december kl. 09:00 (ikke bekræftet)"); the unit's confirmed opening hours
  are not marked for it, and the routing answer names `closure_days`, not `hours`.

Before, each of these showed the fact without a mark (a closure day marked the opening hours
instead). Kystby's example plan, changed in each test as a coordinator would write it."""

import datetime
import json
import re
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from .conftest import CPH, SATURDAY_NIGHT, TUESDAY_10, load_and_adopt
from .test_cards import pdf_text

pytestmark = pytest.mark.django_db
KYSTBY = Path(settings.BASE_DIR) / "plans" / "example-kystby.yaml"
WHY = "Står ikke i planen <b>fed</b>"
CHRISTMAS_EVE_10 = datetime.datetime(2026, 12, 24, 10, 0, tzinfo=CPH)  # Thursday, a closure day of the plan
DEC_23_16 = datetime.datetime(2026, 12, 23, 16, 0, tzinfo=CPH)  # Wednesday after closing; 24, 25, 26, 27 closed


def unconfirmed(value):
    return {"value": value, "unconfirmed": WHY}


def squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def plain(page: str) -> str:
    """The page's text, without its tags."""
    return squeeze(re.sub(r"<[^>]+>", " ", page)).replace(" ,", ",").replace(" .", ".").replace(" )", ")")


def _units(data: dict) -> dict:
    return {unit["code"]: unit for unit in data["units"]}


def _load(tmp_path, settings, change) -> object:
    data = yaml.safe_load(KYSTBY.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / KYSTBY.name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return load_and_adopt(path, settings)


def route_json(*args) -> dict:
    out = StringIO()
    call_command("plan_route", *args, stdout=out)
    return json.loads(out.getvalue())


def _english(client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


# --- a topic's own route on "Om planen" ---------------------------------------------------------


def _infohus(data: dict) -> None:
    data["plan"]["topics"] = ["nsk", "aerk", "extremism"]
    data["units"].append(
        {
            "code": "infohus",
            "name": "Infohuset Kystby",
            "role": "advice",
            "phone": unconfirmed("06 60 07 00"),
            "email": "info@kystby.example",
            "url": unconfirmed("https://infohus.kystby.example/"),
        }
    )
    route = {"topic": "extremism", "title": "Radikalisering", "text": "Går til Infohuset.", "unit": "infohus"}
    data["separate_routes"] = [route]


def test_a_topic_routes_unconfirmed_phone_and_web_address_are_marked_on_the_about_page(client, tmp_path, settings):
    _load(tmp_path, settings, _infohus)
    for mark, page in (
        ("ikke bekræftet", client.get("/guide/om-planen/").content.decode()),
        ("not confirmed", _english(client).get("/guide/om-planen/").content.decode()),
    ):
        text = plain(page)
        assert f"06 60 07 00 {mark}" in text
        assert f"https://infohus.kystby.example/ {mark}" in text
        assert "info@kystby.example" in text and f"info@kystby.example {mark}" not in text  # confirmed


# --- a duty's legal reference on the action card -------------------------------------------------


def _legal_reference(data: dict) -> None:
    data["target_groups"][0]["duty_to_report"][0]["legal_reference"] = unconfirmed("barnets lov § 133")


def test_an_unconfirmed_legal_reference_is_marked_on_the_action_card(client, tmp_path, settings, cards_dir):
    _load(tmp_path, settings, _legal_reference)
    page = plain(client.get("/guide/action-cards/born/bekymring/").content.decode())
    assert "(barnets lov § 133 (ikke bekræftet))" in page
    pdf = pdf_text(client.get("/guide/action-cards/born/bekymring.pdf").content)
    assert "(barnets lov § 133 (ikke bekræftet))" in pdf
    pdf = pdf_text(_english(client).get("/guide/action-cards/born/bekymring.pdf").content)
    assert "(barnets lov § 133 (not confirmed))" in pdf


# --- a unit's instruction naming a fact that is not confirmed ------------------------------------

INSTRUCTION = "Ring til døgnvagten via politiet på 114"


def _instruction_number(data: dict) -> None:
    _units(data)["doegnvagt"]["phone"] = unconfirmed("114")


def test_the_guide_marks_an_unconfirmed_number_in_the_instruction(client, at, tmp_path, settings):
    _load(tmp_path, settings, _instruction_number)
    at(SATURDAY_NIGHT)
    page = plain(client.get("/guide/bekymring/voksne/fagperson/").content.decode())
    assert "Lukket nu: ring til døgnvagten via politiet på 114 (ikke bekræftet)" in page
    assert "på 114 (weekend)" not in page
    page = plain(client.get("/guide/akut/").content.decode())
    assert "Lukket nu: ring til døgnvagten via politiet på 114 (ikke bekræftet)" in page
    page = plain(_english(client).get("/guide/bekymring/voksne/fagperson/").content.decode())
    assert "Closed now: ring til døgnvagten via politiet på 114 (not confirmed)" in page


def test_the_action_card_marks_an_unconfirmed_number_in_the_instruction(client, tmp_path, settings, cards_dir):
    _load(tmp_path, settings, _instruction_number)
    for url in ("/guide/action-cards/voksne/bekymring/", "/guide/action-cards/voksne/akut/"):
        page = plain(client.get(url).content.decode())
        assert f"Uden for åbningstid: {INSTRUCTION} (ikke bekræftet)." in page, url
    pdf = pdf_text(client.get("/guide/action-cards/voksne/bekymring.pdf").content)
    assert f"Uden for åbningstid: {INSTRUCTION} (ikke bekræftet)." in pdf


def test_the_routing_answer_marks_an_unconfirmed_number_in_the_instruction(tmp_path, settings):
    _load(tmp_path, settings, _instruction_number)
    answer = route_json("--age", "30", "--at", "2026-11-28T23:30")
    [doegnvagt] = [c for c in answer["contacts"] if c["unit_code"] == "doegnvagt"]
    assert f"(weekend). {INSTRUCTION} (ikke bekræftet)." in doegnvagt["reason"]
    [text] = [r for r in doegnvagt["reasons"] if r["code"] == "plan_text"]
    assert text["params"] == {"text": INSTRUCTION, "phone": "114", "unconfirmed": ["phone"]}
    [team] = [c for c in answer["contacts"] if c["unit_code"] == "voksenteam"]
    assert f"{INSTRUCTION} (ikke bekræftet)." in team["reason"]
    body = Client().get("/api/v1/route/", {"age": 30, "at": "2026-11-28T23:30:00+01:00"}).json()
    [doegnvagt] = [c for c in body["contacts"] if c["unit_code"] == "doegnvagt"]
    assert f"(weekend). {INSTRUCTION} (ikke bekræftet)." in doegnvagt["reason"]
    english = route_json("--age", "30", "--at", "2026-11-28T23:30", "--language", "en")
    [doegnvagt] = [c for c in english["contacts"] if c["unit_code"] == "doegnvagt"]
    assert f"(weekend). {INSTRUCTION} (not confirmed)." in doegnvagt["reason"]


def test_a_confirmed_number_in_the_instruction_and_an_instruction_without_it_are_not_marked(
    client, at, tmp_path, settings
):
    def change(data):
        doegnvagt = _units(data)["doegnvagt"]
        doegnvagt["email"] = unconfirmed("vagt@kystby.example")  # the instruction does not name it

    _load(tmp_path, settings, change)
    at(SATURDAY_NIGHT)
    page = plain(client.get("/guide/bekymring/voksne/fagperson/").content.decode())
    assert "Lukket nu: ring til døgnvagten via politiet på 114 (weekend)" in page
    [doegnvagt] = [c for c in route_json("--age", "30")["contacts"] if c["unit_code"] == "doegnvagt"]
    [text] = [r for r in doegnvagt["reasons"] if r["code"] == "plan_text"]
    assert text["params"] == {"text": INSTRUCTION}


def test_a_number_written_otherwise_in_the_instruction_is_marked_there(tmp_path, settings):
    def change(data):
        linjen = _units(data)["linjen"]
        linjen["phone"] = unconfirmed("06 60 09 00")
        linjen["instruction"] = "Ring 06600900 eller skriv en sms til 06 60 09 01, hele døgnet"

    _load(tmp_path, settings, change)
    answer = route_json("--age", "10", "--at", "2026-11-28T23:30")
    [linjen] = [c for c in answer["contacts"] if c["unit_code"] == "linjen"]
    marked = "Ring 06600900 (ikke bekræftet) eller skriv en sms til 06 60 09 01, hele døgnet."
    assert f"(weekend). {marked}" in linjen["reason"]


# --- a closure day that is not confirmed ---------------------------------------------------------


def _closure_day(data: dict) -> None:
    data["routing"]["closure_days"] = unconfirmed([{"month": 12, "day": 24, "name": "Juleaftensdag"}])


def test_the_guide_marks_the_closure_day_not_the_opening_hours(client, at, tmp_path, settings):
    _load(tmp_path, settings, _closure_day)
    at(CHRISTMAS_EVE_10)
    page = plain(client.get("/guide/bekymring/voksne/fagperson/").content.decode())
    assert "(lukkedag: Juleaftensdag (ikke bekræftet))" in page
    assert "Åbningstiden ikke bekræftet" not in page  # Voksenteamet's hours are confirmed
    page = _english(client).get("/guide/bekymring/voksne/fagperson/").content.decode()
    assert '(closure day: <span lang="da">Juleaftensdag</span> (not confirmed))' in squeeze(page)


def test_the_routing_answer_marks_the_closure_day(tmp_path, settings):
    _load(tmp_path, settings, _closure_day)
    answer = route_json("--age", "30", "--at", "2026-12-24T10:00")
    assert "Voksenteamet er lukket nu (lukkedag: Juleaftensdag (ikke bekræftet))" in answer["reason"]
    assert "closure_days" in answer["unconfirmed"]
    [team] = [c for c in answer["contacts"] if c["unit_code"] == "voksenteam"]
    assert team["reason"].startswith("Lukket nu (lukkedag: Juleaftensdag (ikke bekræftet)).")
    assert team["unconfirmed_fields"] == ["closure_days"]
    [closed] = [r for r in team["reasons"] if r["code"] == "closed_now"]
    assert closed["params"]["because"] == {
        "code": "closure_day",
        "params": {"name": "Juleaftensdag", "unconfirmed": ["name"]},
    }
    body = Client().get("/api/v1/route/", {"age": 30, "at": "2026-12-24T10:00:00+01:00"}).json()
    assert "(lukkedag: Juleaftensdag (ikke bekræftet))" in body["reason"] and "closure_days" in body["unconfirmed"]
    ordinary = route_json("--age", "30", "--at", "2026-11-27T16:40")
    assert "closure_days" not in ordinary["unconfirmed"]
    [team] = [c for c in ordinary["contacts"] if c["unit_code"] == "voksenteam"]
    assert team["unconfirmed_fields"] == [] and "ikke bekræftet" not in team["reason"]


def test_an_opening_moment_past_an_unconfirmed_closure_day_is_marked(client, at, tmp_path, settings):
    _load(tmp_path, settings, _closure_day)
    answer = route_json("--age", "30", "--at", "2026-12-23T16:00")
    [team] = [c for c in answer["contacts"] if c["unit_code"] == "voksenteam"]
    assert "Åbner mandag 28. december kl. 09:00 (ikke bekræftet)." in team["reason"]
    assert team["unconfirmed_fields"] == ["closure_days"]
    at(DEC_23_16)
    page = plain(client.get("/guide/bekymring/voksne/fagperson/").content.decode())
    assert "Åbner mandag 28. december kl. 09:00 (ikke bekræftet)." in page
    at(TUESDAY_10)  # an ordinary week: nothing depends on the closure day
    answer = route_json("--age", "30", "--at", "2026-11-24T16:00")
    [team] = [c for c in answer["contacts"] if c["unit_code"] == "voksenteam"]
    assert "Åbner onsdag 25. november kl. 09:00." in team["reason"] or "i morgen" in team["reason"]
    assert "ikke bekræftet" not in team["reason"] and team["unconfirmed_fields"] == []


# --- a channel rule naming a fact that is not confirmed -------------------------------------------

RULE = "Mails i weekenden bliver ikke læst. Ring 06 60 00 00 i stedet."


def _rule_number(data: dict) -> None:
    desk = _units(data)["borgerservice"]
    desk["phone"] = unconfirmed("06 60 00 00")
    desk["email"] = "post@kystby.example"
    desk["channel_rules"] = [{"channel": "email", "rule": RULE}]


def test_a_channel_rule_marks_an_unconfirmed_number_it_names(client, at, tmp_path, settings, cards_dir):
    _load(tmp_path, settings, _rule_number)
    marked = "Ring 06 60 00 00 (ikke bekræftet) i stedet."
    at(TUESDAY_10)
    page = plain(client.get("/guide/bekymring/born/fagperson/").content.decode())
    assert marked in page
    assert marked in plain(client.get("/guide/action-cards/born/bekymring/").content.decode())
    assert marked in pdf_text(client.get("/guide/action-cards/born/bekymring.pdf").content)
    assert marked in plain(client.get("/underretning/ny/?gruppe=born").content.decode())
    [desk] = [c for c in route_json("--age", "10")["contacts"] if c["unit_code"] == "borgerservice"]
    assert [r["rule"] for r in desk["channel_rules"]] == [f"Mails i weekenden bliver ikke læst. {marked}"]
    body = Client().get("/api/v1/route/", {"age": 10}).json()
    [desk] = [c for c in body["contacts"] if c["unit_code"] == "borgerservice"]
    assert [r["rule"] for r in desk["channel_rules"]] == [f"Mails i weekenden bliver ikke læst. {marked}"]
