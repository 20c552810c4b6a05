from django.tasks import task

from .watch import safety_watch


@task()
def run_safety_watch() -> dict:
    """The periodic job behind `manage.py safety_watch --enqueue`: escalates unhandled no-shows
    and checks returns after trips abroad (content-free notices)."""
    return safety_watch()
