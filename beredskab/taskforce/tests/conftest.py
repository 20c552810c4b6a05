import datetime

import pytest

from beredskab.core.roles import Role

UNIT = "taskforce-voksne"


@pytest.fixture
def plan(ishoj_plan):
    return ishoj_plan


@pytest.fixture
def unit(org):
    return org["units"][UNIT]


@pytest.fixture
def tf1(make_user):
    return make_user(Role.ADULT_TASKFORCE, UNIT, full_name="Tariq Taskforce")


@pytest.fixture
def tf2(make_user):
    return make_user(Role.ADULT_TASKFORCE, UNIT, full_name="Tine Taskforce")


@pytest.fixture
def backup(make_user):
    return make_user(Role.ADULT_TASKFORCE, UNIT, full_name="Bo Bagvagt")


@pytest.fixture
def leader(make_user):
    return make_user(Role.UNIT_LEADER, UNIT, full_name="Leif Leder")


@pytest.fixture
def coordinator(make_user):
    return make_user(Role.PLAN_COORDINATOR, full_name="Karin Koordinator")


@pytest.fixture
def roster(unit, tf1, tf2, backup, leader, coordinator):
    """Two key employees and a backup, kept by the coordinator; the unit has a leader."""
    from beredskab.taskforce import services

    members = {
        "tf1": services.member_add(actor=coordinator, unit=unit, user=tf1, role="key"),
        "tf2": services.member_add(actor=coordinator, unit=unit, user=tf2, role="key"),
        "backup": services.member_add(actor=coordinator, unit=unit, user=backup, role="backup"),
    }
    return members


@pytest.fixture
def away(coordinator):
    """away(member, days=3): the member is on holiday from today for `days` days."""
    from beredskab.core.dates import today
    from beredskab.taskforce import services

    def make(member, days=3, kind="holiday"):
        return services.absence_add(
            actor=coordinator,
            member=member,
            kind=kind,
            starts_on=today(),
            ends_on=today() + datetime.timedelta(days=days),
        )

    return make


@pytest.fixture
def adult_report(plan):
    """adult_report(): a new report about a 30-year-old (routed to the adult taskforce)."""
    from beredskab.cases.tests.factories import make_report

    def make(**overrides):
        return make_report(**{"subject_cpr": "", "subject_approximate_age": 30, **overrides})

    return make
