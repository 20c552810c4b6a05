import pytest

from beredskab.core.roles import Role


@pytest.fixture
def plan(ishoj_plan):
    return ishoj_plan


@pytest.fixture
def tf(make_user):
    """A key employee of the adult taskforce."""
    return make_user(Role.ADULT_TASKFORCE, "taskforce-voksne", full_name="Tariq Taskforce")


@pytest.fixture
def tf2(make_user):
    return make_user(Role.ADULT_TASKFORCE, "taskforce-voksne", full_name="Tine Taskforce")


@pytest.fixture
def tf_leader(make_user):
    return make_user(Role.UNIT_LEADER, "taskforce-voksne", full_name="Leif Leder")


@pytest.fixture
def child_worker(make_user):
    return make_user(Role.CHILD_CASEWORKER, "straxen", full_name="Sara Sagsbehandler")


@pytest.fixture
def adult(plan, tf):
    from .factories import open_adult_case

    return open_adult_case(tf)
