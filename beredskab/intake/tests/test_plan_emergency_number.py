"""The public report form takes the emergency number and the acute steps from the plan: a plan
with another emergency number than 112 (an example plan, with `acute.emergency.phone` changed)
shows that number on the acute card and the form, never a hard-coded 112; and the acute steps
are translated by the plan's one rule (`plan.localized.acute_steps`), as in the guide."""

import copy
import re

import pytest
from django.conf import settings
from django.utils import translation

from beredskab.guide.selectors import acute_card
from beredskab.intake.plan_texts import form_texts
from beredskab.plan.loader import load_plan_data, read_plan_file
from beredskab.plan.localized import acute_steps

pytestmark = pytest.mark.django_db
PLANS = settings.BASE_DIR / "plans"


@pytest.fixture
def other_number_plan(settings):
    """Lyngmose's plan, adopted, with the emergency number 999 (a fictional municipality)."""
    data = copy.deepcopy(read_plan_file(PLANS / "example-lyngmose.yaml"))
    data["acute"] = {"emergency": {"name": "Alarmcentralen", "phone": "999"}, "steps": ["Ring til alarmcentralen"]}
    settings.MUNICIPALITY_CODE = "lyngmose"
    from datetime import date

    return load_plan_data(data, adopt=True, adopted_by="Byrådet", adopted_on=date(2026, 1, 15)).plan


@pytest.mark.parametrize("url", ["/underretning/akut/", "/underretning/ny/?akut=1", "/underretning/ny/"])
def test_the_public_sees_the_plans_emergency_number(client, other_number_plan, url):
    page = client.get(url).content.decode()
    assert "999" in page
    assert not re.search(r"(?<!\d)112(?!\d)", page), url


def test_without_a_plan_the_form_still_says_112(client):
    page = client.get("/underretning/akut/").content.decode()
    assert 'href="tel:112"' in page


def test_guide_and_intake_translate_the_acute_steps_by_the_plans_one_rule(ishoj_plan):
    ishoj_plan.translations = copy.deepcopy(ishoj_plan.translations)
    ishoj_plan.translations["en"].pop("acute.steps[1].detail")  # half a step: shown in Danish, whole
    with translation.override("en"):
        rule = acute_steps(ishoj_plan)
        intake = form_texts(ishoj_plan).acute_steps
        guide = acute_card(ishoj_plan, at=ishoj_plan.created_at).steps
    assert rule[1].lang == "da" and rule[1].text == "Ring til politiet på 112"
    assert [(s.text, s.detail, s.lang) for s in guide] == [(s.text, s.detail, s.lang) for s in rule]
    assert [(s.text, s.lang) for s in intake] == [
        (f"{s.text} – {s.detail}" if s.detail else s.text, s.lang) for s in rule
    ]
    assert rule[0].lang == "" and rule[0].text != ishoj_plan.acute_steps.all()[0].text
