"""The public plan endpoints read the plan in force's rows once per version and process (issue
20, `plan.content`): after the first call, whom to contact now costs the plan and the rate
limit's counters, nothing more."""

import pytest

pytestmark = pytest.mark.django_db


def test_whom_to_contact_reads_only_the_plan_after_the_first_call(client, plan, django_assert_max_num_queries):
    client.get("/api/v1/plan/")  # the first call reads the version
    with django_assert_max_num_queries(8):  # the rate limit's counters (7) and the plan; 15 before
        assert client.get("/api/v1/route/?age=15&postcode=2635&acute=true").status_code == 200
    # + the plan's unconfirmed facts (4: units, partners, duties, districts' postcodes) and its
    # adults' units; 44 before. Flat: none of these grows with the history.
    with django_assert_max_num_queries(13):
        assert client.get("/api/v1/plan/").status_code == 200
