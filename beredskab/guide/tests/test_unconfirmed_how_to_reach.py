"""How to reach a contact names its unconfirmed facts as such (issue 15: "unconfirmed values
marked wherever the public sees them"). The out-of-hours line of Kystby's plan without a main
number and with one further number the plan does not confirm: the guide's "Lukket nu: ring til …
på 06 60 09 01" line, the acute page, the action card (HTML and PDF), the routing answer's
reasons (`plan_route`, the API) say "ikke bekræftet" right after the number, in the reader's
language. A confirmed further number is preferred to one that is not, and then carries no mark.
Before, the number showed without a mark, and the first further number was chosen regardless."""

import json
import re
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from .conftest import SATURDAY_NIGHT, load_and_adopt
from .test_cards import pdf_text

pytestmark = pytest.mark.django_db
KYSTBY = Path(settings.BASE_DIR) / "plans" / "example-kystby.yaml"
NOTE = "Nummeret står ikke i planteksten"
UNCONFIRMED = "06 60 09 01"
CONFIRMED = "06 60 09 02"
LINJEN = "Rådgivningslinjen (frivillig organisation)"
MARKED = f"på {UNCONFIRMED} (ikke bekræftet)"
AT = "2026-11-28T23:30"


def _plan_file(tmp_path, more_phones: list) -> Path:
    data = yaml.safe_load(KYSTBY.read_text(encoding="utf-8"))
    [linjen] = [u for u in data["units"] if u["code"] == "linjen"]
    del linjen["phone"]
    linjen["more_phones"] = more_phones
    path = tmp_path / KYSTBY.name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture
def unconfirmed_only(tmp_path, settings):
    """linjen reached only by a further number the plan does not confirm."""
    sms = {"phone": {"value": UNCONFIRMED, "unconfirmed": NOTE}, "label": "Sms-linjen"}
    return load_and_adopt(_plan_file(tmp_path, [sms]), settings)


@pytest.fixture
def one_of_each(tmp_path, settings):
    """linjen's first further number is not confirmed, its second is."""
    sms = {"phone": {"value": UNCONFIRMED, "unconfirmed": NOTE}, "label": "Sms-linjen"}
    return load_and_adopt(_plan_file(tmp_path, [sms, {"phone": CONFIRMED, "label": "Chatlinjen"}]), settings)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _status_lines(page: str) -> list[str]:
    return [squeeze(s) for s in re.findall(r'<p class="guide-contact-status">(.*?)</p>', page, flags=re.S)]


def route_json(*args) -> dict:
    out = StringIO()
    call_command("plan_route", *args, stdout=out)
    return json.loads(out.getvalue())


def test_the_guide_path_marks_the_number_on_the_closed_line(client, at, unconfirmed_only):
    at(SATURDAY_NIGHT)
    page = client.get("/guide/bekymring/born/fagperson/").content.decode()
    [line] = [s for s in _status_lines(page) if "Lukket nu" in s and UNCONFIRMED in s]
    assert f"ring til {LINJEN} {MARKED}" in line
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/guide/bekymring/born/fagperson/").content.decode()
    [line] = [s for s in _status_lines(page) if UNCONFIRMED in s and "Closed now" in s]
    assert f"{UNCONFIRMED} (not confirmed)" in line and "ikke bekræftet" not in line


def test_the_acute_page_marks_it(client, at, unconfirmed_only):
    at(SATURDAY_NIGHT)
    page = client.get("/guide/akut/").content.decode()
    lines = [s for s in _status_lines(page) if UNCONFIRMED in s]
    assert lines and all(MARKED in s for s in lines)


def test_the_action_card_marks_it_in_html_and_pdf(client, cards_dir, at, unconfirmed_only):
    at(SATURDAY_NIGHT)
    page = squeeze(client.get("/guide/action-cards/born/bekymring/").content.decode())
    assert f"Uden for åbningstid: <span>Ring til {LINJEN} {MARKED}</span>" in page
    pdf = pdf_text(client.get("/guide/action-cards/born/bekymring.pdf").content)
    assert f"Ring til {LINJEN} {MARKED}" in pdf
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    pdf = pdf_text(client.get("/guide/action-cards/born/bekymring.pdf").content)
    assert f"{UNCONFIRMED} (not confirmed)" in pdf


def test_plan_route_marks_it_in_the_reasons(unconfirmed_only):
    answer = route_json("--age", "10", "--at", AT)
    assert f"kontakt først {LINJEN} {MARKED}." in answer["reason"]
    [first] = [r for r in answer["reasons"] if r["code"] == "call_out_of_hours_first"]
    assert first["params"]["phone"] == UNCONFIRMED and first["params"]["unconfirmed"] == ["phone"]
    assert "out_of_hours_phone" in answer["unconfirmed"]
    [linjen] = [c for c in answer["contacts"] if c["unit_code"] == "linjen"]
    assert f"Ring til {LINJEN} {MARKED}." in linjen["reason"]
    [call] = [r for r in linjen["reasons"] if r["code"] == "call_unit"]
    assert call["params"] == {"name": LINJEN, "phone": UNCONFIRMED, "unconfirmed": ["phone"]}
    [desk] = [c for c in answer["contacts"] if c["unit_code"] == "borgerservice"]
    assert MARKED in desk["reason"]
    english = route_json("--age", "10", "--at", AT, "--language", "en")
    assert f"{UNCONFIRMED} (not confirmed)" in english["reason"] and "ikke bekræftet" not in english["reason"]


def test_the_api_route_answer_marks_it(unconfirmed_only):
    body = Client().get("/api/v1/route/", {"age": 10, "at": "2026-11-28T23:30:00+01:00"}).json()
    assert MARKED in body["reason"] and "out_of_hours_phone" in body["unconfirmed"]
    [linjen] = [c for c in body["contacts"] if c["unit_code"] == "linjen"]
    assert MARKED in linjen["reason"]
    [call] = [r for r in linjen["reasons"] if r["code"] == "call_unit"]
    assert call["params"]["unconfirmed"] == ["phone"]


def test_a_confirmed_further_number_is_preferred_and_unmarked(client, cards_dir, at, one_of_each):
    at(SATURDAY_NIGHT)
    answer = route_json("--age", "10", "--at", AT)
    assert f"kontakt først {LINJEN} på {CONFIRMED}." in answer["reason"]
    assert "out_of_hours_phone" not in answer["unconfirmed"]
    [linjen] = [c for c in answer["contacts"] if c["unit_code"] == "linjen"]
    [call] = [r for r in linjen["reasons"] if r["code"] == "call_unit"]
    assert call["params"] == {"name": LINJEN, "phone": CONFIRMED}
    page = client.get("/guide/bekymring/born/fagperson/").content.decode()
    [line] = [s for s in _status_lines(page) if "Lukket nu" in s and LINJEN in s]
    assert f"ring til {LINJEN} på {CONFIRMED}" in line and "ikke bekræftet" not in line
    pdf = pdf_text(client.get("/guide/action-cards/born/bekymring.pdf").content)
    assert f"Ring til {LINJEN} på {CONFIRMED}." in pdf
