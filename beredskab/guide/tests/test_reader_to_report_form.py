"""The guide's "Hvem er du?" carries over to the report form (issue 15): from each reader the
guide offers (the professional, the citizen, the person themselves, and the readers the plan
adds), "Lav en digital underretning" opens the form with that reporter already chosen. The
address carries only the choice's code, never personal data; a value the form does not offer is
ignored (never a 500)."""

import re
from html import unescape

import pytest

from beredskab.guide.selectors import reader_choices
from beredskab.plan.models import ContactUnit

from .conftest import PLANS_DIR, TUESDAY_10, load_and_adopt

pytestmark = pytest.mark.django_db


def _checked_kind(html: str) -> list[str]:
    return re.findall(r'<input type="radio" name="reporter_kind" value="([^"]+)"[^>]*\bchecked\b', html)


def _form_from_guide(client, group: str, reader: str) -> str:
    """Follow the guide's report button for this reader, answer "no danger right now", and return
    the report form's HTML."""
    page = client.get(f"/guide/bekymring/{group}/{reader}/").content.decode()
    link = unescape(re.search(r'class="button button-primary guide-report-button" href="([^"]+)"', page).group(1))
    assert link.startswith("/underretning/?")
    start = client.get(link)
    assert start.status_code == 200
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', start.content.decode()))
    answered = client.get("/underretning/", {**hidden, "danger": "no"})
    assert answered.status_code == 302
    form = client.get(answered["Location"])
    assert form.status_code == 200
    return form.content.decode()


EXPECTED = {"fagperson": "professional", "privatperson": "private", "mig-selv": "self"}


@pytest.mark.parametrize("reader", list(EXPECTED))
def test_each_reader_the_guide_always_offers_opens_the_form_with_that_reporter(client, ishoj_guide_plan, at, reader):
    at(TUESDAY_10)
    html = _form_from_guide(client, "born", reader)
    assert _checked_kind(html) == [EXPECTED[reader]]
    assert "hvem=" + EXPECTED[reader] in client.get(f"/guide/bekymring/born/{reader}/").content.decode()


def test_a_reader_the_plan_adds_opens_the_form_with_that_reader(client, settings, org, at):
    at(TUESDAY_10)
    plan = load_and_adopt(PLANS_DIR / "example-aaby.yaml", settings)
    ContactUnit.objects.filter(plan=plan).update(org_unit_code="straxen")  # a unit of this installation
    added = [slug for slug, _label in reader_choices(plan) if slug not in EXPECTED]
    assert added == ["skole-dagtilbud", "sagsbehandler"]
    for slug in [*EXPECTED, *added]:
        html = _form_from_guide(client, "born", slug)
        assert _checked_kind(html) == [EXPECTED.get(slug, f"laeser-{slug}")], slug


@pytest.mark.parametrize(
    "value",
    ["<script>alert(1)</script>", "authority'", "laeser-findes-ikke", "x" * 5000, "0101901234", "professional\x00"],
)
def test_a_hostile_or_unknown_reporter_value_is_ignored(client, ishoj_guide_plan, at, value):
    at(TUESDAY_10)
    form = client.get("/underretning/ny/", {"gruppe": "born", "hvem": value})
    assert form.status_code in (200, 400)  # a NUL byte is refused as bad input, never a 500
    assert _checked_kind(form.content.decode()) == []
    start = client.get("/underretning/", {"gruppe": "born", "hvem": value}).content.decode()
    assert 'name="hvem"' not in start  # not carried on: only a value the form offers goes through
    answered = client.get("/underretning/", {"gruppe": "born", "hvem": value, "svar": "1", "danger": "no"})
    assert answered.status_code in (302, 400)
    assert answered.status_code == 400 or "hvem" not in answered["Location"]


def test_the_acute_route_keeps_the_reader(client, ishoj_guide_plan, at):
    at(TUESDAY_10)
    answered = client.get("/underretning/", {"gruppe": "born", "hvem": "private", "svar": "1", "danger": "yes"})
    assert answered["Location"] == "/underretning/akut/?gruppe=born&hvem=private"
    acute = client.get(answered["Location"]).content.decode()
    link = unescape(re.search(r'href="(/underretning/ny/\?akut=1[^"]*)"', acute).group(1))
    assert link == "/underretning/ny/?akut=1&gruppe=born&hvem=private"
    assert _checked_kind(client.get(link).content.decode()) == ["private"]
