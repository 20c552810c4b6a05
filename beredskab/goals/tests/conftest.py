import pytest

from . import world


@pytest.fixture
def data(ishoj_plan, make_user, time_machine):
    time_machine.move_to(world.NOW, tick=False)
    leader = make_user("unit_leader", "straxen")
    worker = make_user("child_caseworker", "straxen")
    taskforce = make_user("adult_taskforce", "taskforce-voksne")
    coordinator = make_user("plan_coordinator")
    built = world.build(ishoj_plan, leader, worker, taskforce)
    return {**built, "leader": leader, "worker": worker, "coordinator": coordinator, "plan": ishoj_plan}
