from django.tasks import task

from .services import plan_switch_due


@task()
def switch_plans_in_force() -> int:
    """The periodic job behind `manage.py plan_switch_in_force --enqueue`: each version adopted
    with an in-force date that has come is put in force (its predecessor archived), audited,
    once. Returns how many versions came into force."""
    return len(plan_switch_due())
