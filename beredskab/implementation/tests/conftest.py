import pytest

from beredskab.core.roles import Role


@pytest.fixture
def plan(ishoj_plan):
    return ishoj_plan


@pytest.fixture
def coordinator(make_user):
    return make_user(Role.PLAN_COORDINATOR, full_name="Karin Koordinator", email="karin@test.example")


@pytest.fixture
def people(make_user, org):
    """StraXen: its leader, two case workers; the school: three frontline staff; one person in
    both (a case worker in StraXen who also teaches); one in Familierådgivningen."""
    from beredskab.accounts import services

    both = make_user(Role.CHILD_CASEWORKER, "straxen", full_name="Bodil Begge")
    services.role_assign(actor=None, user=both, role=Role.FRONTLINE, unit=org["units"]["skole-demo"])
    return {
        "leader": make_user(Role.UNIT_LEADER, "straxen", full_name="Lene Leder"),
        "cw1": make_user(Role.CHILD_CASEWORKER, "straxen", full_name="Sara Sagsbehandler"),
        "cw2": make_user(Role.CHILD_CASEWORKER, "straxen", full_name="Simon Sagsbehandler"),
        "f1": make_user(Role.FRONTLINE, "skole-demo", full_name="Frida Front"),
        "f2": make_user(Role.FRONTLINE, "skole-demo", full_name="Finn Front"),
        "f3": make_user(Role.FRONTLINE, "skole-demo", full_name="Fatima Front"),
        "both": type(both).objects.get(pk=both.pk),
        "family": make_user(Role.CHILD_CASEWORKER, "familieraadgivning", full_name="Fie Familie"),
        "school_leader": make_user(Role.UNIT_LEADER, "skole-demo", full_name="Sven Skoleleder"),
    }


@pytest.fixture
def sent(plan, coordinator, people, org):
    """The plan in force sent to StraXen and the school."""
    from beredskab.implementation import services

    return services.disseminate(actor=coordinator, units=[org["units"]["straxen"], org["units"]["skole-demo"]])
