"""The public guide and the action cards read the version in force at the moment asked
(issue 16): a version the council adopted for next Monday is shown from Monday, not before,
whether or not the daily job has run yet."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from beredskab.plan import services
from beredskab.plan.models import ContactUnit

pytestmark = pytest.mark.django_db
CPH = ZoneInfo("Europe/Copenhagen")
MONDAY = datetime.date(2027, 3, 8)


def _at(*args):
    return time_machine.travel(datetime.datetime(*args, tzinfo=CPH), tick=False)


def _pages(client) -> str:
    return "".join(
        client.get(url).content.decode()
        for url in ("/guide/action-cards/born/akut/", "/guide/bekymring/born/fagperson/", "/guide/om-planen/")
    )


def test_the_guide_shows_the_old_number_until_the_in_force_date_and_the_new_from_it(client, ishoj_guide_plan):
    draft = services.plan_draft_new_version(actor=None, from_plan=ishoj_guide_plan, version_label="2027")
    ContactUnit.objects.filter(plan=draft, code="straxen").update(phone="43 57 75 79")
    with _at(2027, 3, 3, 10, 0):
        services.plan_adopt(
            actor=None,
            plan=draft,
            adopted_by="Ishøj Byråd",
            adopted_on=datetime.date(2027, 3, 2),
            case_reference="27/0815",
            in_force_from=MONDAY,
        )
        page = _pages(client)
        assert "43 57 75 78" in page and "43 57 75 79" not in page
        assert "vedtaget 2. marts 2027" not in page  # the old version's adoption, not the new one's
    with _at(2027, 3, 7, 23, 59):
        page = _pages(client)
        assert "43 57 75 78" in page and "43 57 75 79" not in page
    with _at(2027, 3, 8, 0, 1):  # the job has not run: the selector follows the date
        page = _pages(client)
        assert "43 57 75 79" in page and "Version 2027" in page
        services.plan_switch_due()
        assert _pages(client).count("43 57 75 79") == page.count("43 57 75 79")


def test_the_api_answers_a_moment_with_the_version_in_force_on_that_day(client, ishoj_guide_plan):
    """Attack: /api/v1/route/?at=... for a moment after the in-force date answered with the
    version in force at request time, so an app planning next Monday got the old number."""
    draft = services.plan_draft_new_version(actor=None, from_plan=ishoj_guide_plan, version_label="2027")
    ContactUnit.objects.filter(plan=draft, code="straxen").update(phone="43 57 75 79")
    with _at(2027, 3, 3, 10, 0):
        services.plan_adopt(
            actor=None, plan=draft, adopted_by="Ishøj Byråd", adopted_on=datetime.date(2027, 3, 2), in_force_from=MONDAY
        )

        def answer(at: str) -> str:
            response = client.get("/api/v1/route/", {"age": 15, "postcode": "2635", "at": at})
            assert response.status_code == 200
            return response.content.decode()

        now = client.get("/api/v1/route/", {"age": 15, "postcode": "2635"}).content.decode()
        assert "43 57 75 78" in now and "43 57 75 79" not in now
        assert f'"plan_id":{ishoj_guide_plan.pk}' in answer("2027-03-07T23:59:00+01:00")
        # Midnight in Copenhagen is 23:00 UTC the day before: already Monday there.
        assert f'"plan_id":{draft.pk}' in answer("2027-03-07T23:30:00Z")
        monday = answer("2027-03-08T09:00:00Z")
        assert "43 57 75 79" in monday


def test_the_switch_follows_copenhagen_midnight_across_the_summer_time_change(client, ishoj_guide_plan):
    """In force from Sunday 28 March 2027, the day the clocks go forward (02:00 -> 03:00)."""
    draft = services.plan_draft_new_version(actor=None, from_plan=ishoj_guide_plan, version_label="2027")
    ContactUnit.objects.filter(plan=draft, code="straxen").update(phone="43 57 75 79")
    sunday = datetime.date(2027, 3, 28)
    with _at(2027, 3, 20, 10, 0):
        services.plan_adopt(
            actor=None,
            plan=draft,
            adopted_by="Ishøj Byråd",
            adopted_on=datetime.date(2027, 3, 19),
            in_force_from=sunday,
        )
    with _at(2027, 3, 27, 23, 59):
        assert "43 57 75 79" not in _pages(client)
    with time_machine.travel(datetime.datetime(2027, 3, 27, 23, 0, tzinfo=datetime.UTC), tick=False):  # 00:00 CET
        assert "43 57 75 79" in _pages(client)
    with _at(2027, 3, 28, 3, 30):  # summer time
        assert services.plan_switch_due() != []
        assert services.plan_switch_due() == []
        assert "43 57 75 79" in _pages(client)


def test_plan_route_at_a_moment_uses_the_version_in_force_that_day(ishoj_guide_plan):
    import io
    import json

    from django.core.management import call_command

    draft = services.plan_draft_new_version(actor=None, from_plan=ishoj_guide_plan, version_label="2027")
    with _at(2027, 3, 3, 10, 0):
        services.plan_adopt(
            actor=None, plan=draft, adopted_by="Ishøj Byråd", adopted_on=datetime.date(2027, 3, 2), in_force_from=MONDAY
        )
        out = io.StringIO()
        call_command("plan_route", "--age", "15", "--at", "2027-03-08T10:00", stdout=out)
    assert json.loads(out.getvalue())["plan_id"] == draft.pk
