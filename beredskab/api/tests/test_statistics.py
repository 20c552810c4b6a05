"""Statistics: aggregates only, counts of 1-4 suppressed, for those who lead, plan or audit."""

import pytest

from beredskab.audit.models import AuditEvent
from beredskab.cases.tests.factories import another_child, make_report, open_case
from beredskab.core.roles import Role

pytestmark = pytest.mark.django_db


def test_small_counts_are_suppressed_and_the_read_audited(client, plan, worker, leader):
    open_case(worker)
    for _ in range(5):
        make_report(**another_child())
    client.force_login(leader)
    body = client.get("/api/v1/statistics/").json()
    assert body["suppressed_below"] == 5 and body["rounded_to"] == 5
    assert body["reports_by_month"]["total"] == 5  # 6, rounded to the nearest 5
    assert body["cases_opened_by_track"]["by_key"] == {"children": None}  # one case: suppressed
    assert body["cases_opened_by_track"]["total"] is None
    assert "Amira" not in str(body)
    assert AuditEvent.objects.filter(action="api.statistics_viewed", actor_id=leader.pk).exists()


@pytest.mark.parametrize("role,status", [(Role.PLAN_COORDINATOR, 200), (Role.AUDITOR, 200), (Role.FRONTLINE, 403)])
def test_who_may_read_statistics(client, plan, make_user, role, status):
    client.force_login(make_user(role, "skole-demo" if role == Role.FRONTLINE else None))
    assert client.get("/api/v1/statistics/", {"year": 2026}).status_code == status


def test_a_statistics_token_needs_its_scope_and_an_account_that_may_read_them(plan, leader, make_token, bearer):
    _ok, secret = make_token("read-statistics", user=leader)
    assert bearer(secret).get("/api/v1/statistics/").status_code == 200
    _scope, wrong_scope = make_token("read-plan", user=leader)
    assert bearer(wrong_scope).get("/api/v1/statistics/").status_code == 403
    _role, no_role = make_token("read-statistics")
    assert bearer(no_role).get("/api/v1/statistics/").status_code == 403
    assert bearer(secret).get("/api/v1/statistics/", {"year": 1999}).status_code == 400


def test_a_lone_small_count_is_not_given_away_by_the_total(client, plan, leader):
    """Nine reports from professionals and two from private persons: with the total 11 shown,
    "professional: 9" would give the hidden 2 away. The next smallest is hidden with it, as on
    the goals dashboard."""
    for _ in range(9):
        make_report(**another_child())
    for _ in range(2):
        make_report(**another_child(), reporter_kind="private", reporter_anonymous=True)
    client.force_login(leader)
    body = client.get("/api/v1/statistics/").json()
    assert body["reports_by_reporter"]["total"] == 10  # 11, rounded
    assert body["reports_by_reporter"]["by_key"] == {"private": None, "professional": None}


def test_a_lone_suppressed_count_cannot_be_worked_out_from_the_total(client, plan, leader):
    """Attack: with one count of a breakdown suppressed and the total shown, the total minus the
    others gave it away (6 reports from professionals, 2 from private persons: total 8, so the
    private persons' null was 2). As on the goals dashboard, its next smallest is suppressed too."""
    for _ in range(6):
        make_report(**another_child())
    for _ in range(2):
        make_report(**another_child(), reporter_kind="private", reporter_organisation="", reporter_role="")
    client.force_login(leader)
    by_reporter = client.get("/api/v1/statistics/").json()["reports_by_reporter"]
    assert by_reporter["total"] == 10  # 8, rounded
    assert by_reporter["by_key"] == {"private": None, "professional": None}


def test_every_count_shown_is_rounded_to_the_nearest_5(client, plan, leader):
    """Attack: exact counts let a caller take one year's breakdown from another's, or a key from
    the total; rounded to the nearest 5 (the goals dashboard's rule), 7 and 13 are 5 and 15."""
    for _ in range(7):
        make_report(**another_child())
    for _ in range(13):
        make_report(**another_child(), reporter_kind="private", reporter_anonymous=True)
    client.force_login(leader)
    by_reporter = client.get("/api/v1/statistics/").json()["reports_by_reporter"]
    assert by_reporter["by_key"] == {"private": 15, "professional": 5}
    assert by_reporter["total"] == 20
