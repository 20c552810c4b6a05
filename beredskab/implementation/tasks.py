from django.tasks import task

from .revision import revision_reminders_send


@task()
def send_revision_reminders() -> int:
    """The periodic job behind `manage.py implementation_revision_reminders --enqueue`: reminds
    the coordinators of the revision deadline 12, 6 and 1 months before and once it has passed,
    each reminder once per version (content-free e-mail and a notice on the start page)."""
    return revision_reminders_send()
