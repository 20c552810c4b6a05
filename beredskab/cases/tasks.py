from django.tasks import task

from .reminders import deadline_reminders_send


@task()
def send_deadline_reminders() -> int:
    """The periodic job behind `manage.py send_deadline_reminders --enqueue`. Fails (JobFailed)
    after sending every reminder it could, when one item failed."""
    return deadline_reminders_send()


@task()
def send_security_notice(kind: str, case_id: int) -> int:
    """A content-free e-mail about a protected case or a break-glass access (ids only)."""
    from .security_notices import send_notice

    return send_notice(kind=kind, case_id=case_id)
