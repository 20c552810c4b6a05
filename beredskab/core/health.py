"""The health check a monitor polls (`/sundhed/`, docs/deployment.md): can the app reach the
database, and is the task worker keeping up (no task ready to run has waited longer than
`HEALTH_TASK_LAG_MINUTES`, 10 by default)? Names only the checks, never any data."""

import datetime

from django.conf import settings
from django.db import connection
from django.utils import timezone


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


def worker_ok(now: datetime.datetime | None = None) -> bool:
    """True unless a task of the database queue (django_tasks_db) has been ready to run for
    longer than the allowed lag: then no worker is taking tasks. Other backends: True."""
    if not settings.TASKS["default"]["BACKEND"].startswith("django_tasks_db"):
        return True
    from django_tasks_db.models import DBTaskResult

    lag = datetime.timedelta(minutes=getattr(settings, "HEALTH_TASK_LAG_MINUTES", 10))
    oldest_allowed = (now or timezone.now()) - lag
    try:
        return not DBTaskResult.objects.ready().filter(enqueued_at__lt=oldest_allowed).exists()
    except Exception:
        return False


def health() -> dict[str, bool]:
    """{"database": ok, "worker": ok}; the worker is only checked when the database answers."""
    checks = {"database": database_ok()}
    checks["worker"] = checks["database"] and worker_ok()
    return checks
