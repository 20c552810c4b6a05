import pytest

from beredskab.core.roles import Role


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


@pytest.fixture
def protected_case(plan, worker, leader):
    from beredskab.cases.protection import case_protect

    from .factories import flagged_case

    case = flagged_case(worker)
    return case_protect(actor=leader, case=case, reason="Morbror arbejder i forvaltningen.", members=[worker])


@pytest.fixture
def scene(make_user, worker, leader, other_worker):
    """A user, page and valid data for each staff URL that makes a record (test_double_submit)."""
    from .scenes import Scene

    return Scene(make_user, worker, leader, other_worker)
