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


@task()
def erase_expired_adult_cases_task() -> int:
    """The periodic job behind `manage.py apply_adult_case_retention --enqueue`: erases the
    personal data of closed adult cases past RETENTION["adult_cases_days"] (idempotent)."""
    from .retention import erase_expired_adult_cases

    return erase_expired_adult_cases()
