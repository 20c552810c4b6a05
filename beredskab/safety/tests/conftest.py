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
    return make_user(Role.CHILD_CASEWORKER, "familieraadgivning", full_name="Fie Familierådgiver")


@pytest.fixture
def school_contact(make_user):
    """The school's contact person: a staff user without case work."""
    return make_user(Role.FRONTLINE, full_name="Karen Kontaktlærer")


@pytest.fixture
def assessed(plan, worker, worker2):
    """A flagged case with a current approved risk assessment with two scenarios."""
    from .factories import assessed_case

    return assessed_case(worker, worker2)
