from django.tasks import task

from beredskab.core.jobs import JobRun

from .notices import dissemination_notify
from .review import library_reviews_remind
from .revision import revision_reminders_send


@task()
def send_revision_reminders() -> int:
    """The periodic job behind `manage.py implementation_revision_reminders --enqueue`: reminds
    the coordinators of the revision deadline 12, 6 and 1 months before and once it has passed,
    each reminder once per version (content-free e-mail and a notice on the start page)."""
    return revision_reminders_send()


@task()
def notify_unit_of_plan(dissemination_id: int) -> None:
    """After the coordinator sent the plan to a unit: a content-free e-mail to each of its
    employees who has not acknowledged it. A failure is logged by id and class only."""
    run = JobRun("notify_unit_of_plan")
    with run.item("dissemination", dissemination_id):
        dissemination_notify(dissemination_id=dissemination_id)
    run.finish()


@task()
def send_library_review_reminders() -> int:
    """The periodic job behind `manage.py implementation_library_reviews --enqueue`: a
    content-free e-mail to the owner of each library resource past its review date, once per date."""
    return library_reviews_remind()
