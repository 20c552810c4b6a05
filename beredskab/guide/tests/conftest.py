"""Fixtures for the action guide: Ishøj's plan in force, a fictional municipality's plan in
force, a frozen clock, and a fake neutral site for the quick exit."""

import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings

CPH = ZoneInfo("Europe/Copenhagen")
HERE = Path(__file__).parent
FICTIONAL_PLAN = HERE / "plans" / "fjordby-test.yaml"
PLANS_DIR = Path(settings.BASE_DIR) / "plans"

# Moments the tests answer for (Copenhagen time).
TUESDAY_10 = datetime.datetime(2026, 11, 24, 10, 0, tzinfo=CPH)  # StraXen open until 15:00
FRIDAY_1640 = datetime.datetime(2026, 11, 27, 16, 40, tzinfo=CPH)  # after Friday's closing (13:30)
SATURDAY_NIGHT = datetime.datetime(2026, 11, 28, 23, 30, tzinfo=CPH)
CHRISTMAS_DAY_2AM = datetime.datetime(2026, 12, 25, 2, 0, tzinfo=CPH)  # Juledag, a public holiday
EASTER_MONDAY_11 = datetime.datetime(2027, 3, 29, 11, 0, tzinfo=CPH)  # 2. påskedag, a weekday holiday


def example_plan_files() -> list[Path]:
    """The fictional example plans shipped in plans/ (every plan file that is not Ishøj's)."""
    return sorted(p for p in PLANS_DIR.rglob("*.yaml") if not p.name.startswith("ishoj-"))


@pytest.fixture
def ishoj_guide_plan(db, org):
    """Ishøj's plan, loaded from plans/ and adopted (the installation's default), with the
    organisation its receiving units are linked to (so reports can be filed digitally)."""
    from beredskab.plan.loader import ensure_default_plan

    plan = ensure_default_plan()
    assert plan is not None and plan.municipality_code == "ishoj"
    return plan


def load_and_adopt(path: Path, settings_fixture):
    """Load a plan file, adopt it, and make this installation serve its municipality."""
    from beredskab.plan.loader import load_plan_file, read_plan_file

    data = read_plan_file(path)
    settings_fixture.MUNICIPALITY_CODE = data["municipality"]["code"]
    adoption = data.get("adoption") or {}
    options = {}
    if not adoption.get("adopted_by"):  # an example may leave the adoption out: adopt it for the test
        options["adopted_by"] = "Byrådet (test)"
    if not adoption.get("adopted_on"):
        options["adopted_on"] = datetime.date(2026, 1, 15)
    return load_plan_file(path, adopt=True, **options).plan


@pytest.fixture
def fictional_plan(db, settings):
    """A fictional municipality's plan (0-23 team, NGO out-of-hours line, its own words), in force."""
    return load_and_adopt(FICTIONAL_PLAN, settings)


@pytest.fixture
def cards_dir(settings, tmp_path):
    settings.GUIDE_CARDS_DIR = tmp_path / "cards"
    return settings.GUIDE_CARDS_DIR


@pytest.fixture
def at():
    """at(moment): freeze the clock (ticking) at a moment, for this test and the live server thread."""
    travellers = []

    def travel(moment: datetime.datetime):
        traveller = time_machine.travel(moment, tick=True)
        traveller.start()
        travellers.append(traveller)
        return moment

    yield travel
    for traveller in reversed(travellers):
        traveller.stop()


NEUTRAL_PAGE = "<!DOCTYPE html><html lang='da'><head><title>Vejret</title></head><body><h1>Vejret</h1></body></html>"
EARLIER_SITE = "https://www.example.org/"


@pytest.fixture
def neutral_site(page, settings):
    """The quick exit's neutral site (and an earlier site the visitor came from), served by the
    browser itself: the tests never leave the machine."""
    page.context.route(
        settings.QUICK_EXIT_URL + "*",
        lambda route: route.fulfill(status=200, content_type="text/html", body=NEUTRAL_PAGE),
    )
    page.context.route(
        EARLIER_SITE + "*",
        lambda route: route.fulfill(
            status=200, content_type="text/html", body="<!DOCTYPE html><title>Forside</title><p>Forside</p>"
        ),
    )
    return settings.QUICK_EXIT_URL
