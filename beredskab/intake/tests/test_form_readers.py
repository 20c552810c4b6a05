"""The public report form offers the plan's readers as the guide does: the professional (barnets
lov § 133), the citizen (§ 135) and the person themselves always, whatever the plan's
duty-to-report rows name, then the readers the plan adds (each reports as its audience). And it
shows the plan's rules for reaching the contacts the plan's routing names at that moment (e.g.
e-mails not read on Friday afternoons)."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.utils import translation

from beredskab.guide.selectors import reader_choices
from beredskab.intake.forms import ReportForm
from beredskab.intake.models import Report, ReporterKind
from beredskab.intake.plan_texts import form_texts
from beredskab.plan.loader import load_plan_file, read_plan_file
from beredskab.plan.selectors import offered_readers

from .test_views import _post_data

pytestmark = pytest.mark.django_db
PLANS = settings.BASE_DIR / "plans"
TUESDAY_10 = datetime.datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Europe/Copenhagen"))
ENGBY_RULE = "Mails, der kommer fredag efter kl. 12, i weekenden og på helligdage, bliver ikke læst. Ring til vagten."


def _adopt(name: str, settings_fixture):
    path = PLANS / name
    data = read_plan_file(path)
    settings_fixture.MUNICIPALITY_CODE = data["municipality"]["code"]
    adoption = data.get("adoption") or {}
    options = {}
    if not adoption.get("adopted_by"):
        options["adopted_by"] = "Byrådet (test)"
    if not adoption.get("adopted_on"):
        options["adopted_on"] = datetime.date(2026, 1, 15)
    return load_plan_file(path, adopt=True, **options).plan


def _kind_values(page: str) -> list[str]:
    return re.findall(r'name="reporter_kind" value="([^"]+)"', page)


def test_a_plan_that_names_only_professionals_still_offers_citizens_and_the_person_themselves(client, settings):
    plan = _adopt("example-kystby.yaml", settings)
    assert {d.audience for g in plan.target_groups.all() for d in g.duties.all()} == {"professional"}
    page = client.get("/underretning/ny/").content.decode()
    assert _kind_values(page) == ["professional", "private", "self", "authority"]
    assert "Det handler om mig selv" in page


def test_the_form_offers_the_readers_the_plan_adds_as_the_guide_does(client, settings):
    plan = _adopt("example-aaby.yaml", settings)
    page = client.get("/underretning/ny/").content.decode()
    assert _kind_values(page) == [
        "professional",
        "private",
        "self",
        "authority",
        "laeser-skole-dagtilbud",
        "laeser-sagsbehandler",
    ]
    guide_labels = [label for _slug, label in reader_choices(plan)]
    for added in ("Jeg er fagperson i skole, dagtilbud eller sundhedspleje", "Jeg er sagsbehandler i Børn og Familie"):
        assert added in guide_labels and added in page
    assert len(guide_labels) == len(_kind_values(page)) - 1  # the form adds only "Anden myndighed"

    # A reader the plan adds reports as its audience: the case worker as a professional.
    form = ReportForm(
        _post_data(reporter_kind="laeser-sagsbehandler", reporter_anonymous="on"), readers=offered_readers(plan)
    )
    assert not form.is_valid()
    assert "anonymt" in form.errors["reporter_anonymous"][0]  # a professional's duty: never anonymous
    form = ReportForm(_post_data(reporter_kind="laeser-sagsbehandler"), readers=offered_readers(plan))
    assert form.is_valid(), form.errors
    assert form.to_input().reporter_kind == ReporterKind.PROFESSIONAL


@pytest.mark.usefixtures("ishoj_plan", "org")
def test_the_person_themselves_can_report_without_anonymity_and_gets_no_professionals_promise(client):
    with time_machine.travel(TUESDAY_10, tick=False):
        mine = {"reporter_kind": "self", "reporter_name": "", "reporter_organisation": "", "reporter_role": ""}
        refused = client.post("/underretning/ny/", _post_data(**mine, reporter_anonymous="on"))
        assert refused.status_code == 400
        page = refused.content.decode()
        assert "kan du ikke være anonym" in page
        assert 'value="self" checked' in page or re.search(r'value="self"[^>]*checked', page)  # kept
        assert "Amira Testesen" in page  # nothing typed is lost
        assert not Report.objects.exists()

        response = client.post("/underretning/ny/", _post_data(**mine))
        assert response.status_code == 302, response.content.decode()[:2000]
        report = Report.objects.get()
        assert report.reporter_kind == ReporterKind.SELF and not report.reporter_anonymous
        assert report.get_reporter_kind_display() == "Den berørte selv"
        receipt = client.get(response["Location"]).content.decode()
        assert "Som fagperson får du senere besked" not in receipt


def test_the_form_shows_the_plans_channel_rules_for_the_contacts_routed_to_now(client, settings):
    _adopt("example-engby.yaml", settings)
    with time_machine.travel(TUESDAY_10, tick=False):
        page = client.get("/underretning/ny/").content.decode()
        assert "Planens regler for kontakt lige nu" in page
        assert re.search(r"Familierådgivningen Engby \(e-mail\): <span>" + re.escape(ENGBY_RULE), page)
        with translation.override("en"):
            rules = form_texts(_adopt_in_force()).channel_rules
        assert [(r.unit, r.rule.text, r.rule.lang) for r in rules] == [("Familierådgivningen Engby", ENGBY_RULE, "da")]


def _adopt_in_force():
    from beredskab.plan.selectors import plan_in_force

    return plan_in_force()


def test_a_plan_without_channel_rules_shows_none(client, ishoj_plan):
    assert "Planens regler for kontakt lige nu" not in client.get("/underretning/ny/").content.decode()
