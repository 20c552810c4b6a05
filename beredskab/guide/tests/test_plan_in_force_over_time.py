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
