"""The report form and its submission read the plan in force's rows once per version and process
(issue 20, `plan.content`): after the first request, the form reads the plan and what is not the
plan's, and routing a report costs no query but the plan's."""

import pytest
import time_machine

from .test_views import TUESDAY_10, _post_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("ishoj_plan", "org")]


@pytest.fixture(autouse=True)
def _tuesday_morning():
    with time_machine.travel(TUESDAY_10, tick=False):
        yield


def test_the_form_and_a_report_read_the_plans_rows_once(client, django_assert_max_num_queries):
    client.get("/underretning/ny/")  # the first request reads the version
    # The plan (the form's and the page header's), which of its units are adults' units, the
    # installation's municipality. 28 before the plan's content was kept.
    with django_assert_max_num_queries(4):
        client.get("/underretning/ny/")
    with django_assert_max_num_queries(4):
        client.get("/underretning/ny/?gruppe=voksne")
    # Saving the report, its audit and its notices; of the plan only the plan. 82 before.
    with django_assert_max_num_queries(52):
        assert client.post("/underretning/ny/", _post_data()).status_code == 302
