"""The public plan endpoint says what the plan file does not confirm (attack of issue 15): a
phone number or e-mail the file gives as {value, unconfirmed}, an adoption date the coordinator
has not confirmed, and an adoption date the plan gives only as a month ("april 2025"). Before,
/api/v1/plan/ gave all of them as plain facts (the adoption month as "2025-04-01", a day the
plan never names)."""

from pathlib import Path

import pytest
from django.conf import settings

from beredskab.guide.tests.conftest import load_and_adopt

pytestmark = pytest.mark.django_db
PLANS = Path(settings.BASE_DIR) / "plans"


def test_a_month_only_adoption_and_unconfirmed_contacts_are_said_so(client, settings):
    load_and_adopt(PLANS / "example-hedeby.yaml", settings)
    body = client.get("/api/v1/plan/").json()
    assert body["adopted_on"] == "2025-04-01" and body["adopted_on_precision"] == "month"
    team = next(u for u in body["units"] if u["code"] == "familieteam")
    assert set(team["unconfirmed_fields"]) >= {"phone", "email"}
    assert {"units[familieteam].phone", "units[familieteam].email"} <= set(body["unconfirmed"])


def test_an_unconfirmed_adoption_date_is_said_so(client, plan):
    body = client.get("/api/v1/plan/").json()
    assert body["adopted_on_precision"] == "day"
    assert {"adoption.adopted_on", "revision.due"} <= set(body["unconfirmed"])
    straxen = next(u for u in body["units"] if u["code"] == "straxen")
    assert "hours" in straxen["unconfirmed_fields"]


def test_a_confirmed_plan_lists_nothing_unconfirmed(client, settings):
    load_and_adopt(PLANS / "example-engby.yaml", settings)
    body = client.get("/api/v1/plan/").json()
    assert body["unconfirmed"] == [] and body["adopted_on_precision"] == "day"
    assert all(u["unconfirmed_fields"] == [] for u in body["units"])
