from django.tasks import task

from .owners_check import owners_check


@task()
def check_owners() -> int:
    """The periodic job behind `manage.py taskforce_check_owners --enqueue`: flags open adult
    inquiries whose owner is not available and sends the leaders a content-free notice."""
    return owners_check()
