from django.tasks import task

from .reminders import deadline_reminders_send


@task()
def send_deadline_reminders() -> int:
    """The periodic job behind `manage.py send_deadline_reminders --enqueue`."""
    return deadline_reminders_send()
