import pytest

from beredskab.accounts.roles import Role


@pytest.fixture
def plan(ishoj_plan):
    return ishoj_plan


@pytest.fixture
def worker(make_user):
    return make_user(Role.CHILD_CASEWORKER, "straxen", full_name="Sara Sagsbehandler")


@pytest.fixture
def worker2(make_user):
    return make_user(Role.CHILD_CASEWORKER, "straxen", full_name="Simon Sagsbehandler")


@pytest.fixture
def leader(make_user):
    return make_user(Role.UNIT_LEADER, "straxen", full_name="Lene Leder")


@pytest.fixture
def other_worker(make_user):
    """A case worker in another children's unit."""
    return make_user(Role.CHILD_CASEWORKER, "familieraadgivning", full_name="Fie Familierådgiver")


@pytest.fixture
def other_leader(make_user):
    return make_user(Role.UNIT_LEADER, "familieraadgivning", full_name="Frede Leder")


@pytest.fixture
def case(plan, worker):
    from .factories import open_case

    return open_case(worker)


@pytest.fixture
def flagged(plan, worker):
    from .factories import flagged_case

    return flagged_case(worker)
