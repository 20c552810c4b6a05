"""What happens to a new report besides intake's own work, plugged in by higher apps.

Intake sits below case handling, so it never imports it: the cases app registers a hook in its
`AppConfig.ready()` (e.g. to keep a report about a child with a protected case out of the
general queue). Hooks run inside the transaction that saves the report, each in a savepoint: a
failing hook never costs the report, and it fails closed: the report is marked `needs_check`,
which shows it only to the unit's leaders until the check has run (`manage.py
hold_waiting_reports`, from cron, runs it again), and the failure is logged without personal
data.
"""

import logging
from collections.abc import Callable

from django.db import transaction

logger = logging.getLogger(__name__)

_report_received: list[Callable] = []


def on_report_received(hook: Callable) -> Callable:
    """Register `hook(report)` to run when a report has been saved (idempotent)."""
    if hook not in _report_received:
        _report_received.append(hook)
    return hook


def run_report_received(report) -> None:
    for hook in _report_received:
        try:
            with transaction.atomic():
                hook(report)
        except Exception:
            logger.exception("Report hook %s failed for report id %s", getattr(hook, "__name__", hook), report.pk)
            type(report).objects.filter(pk=report.pk).update(needs_check=True)
            report.needs_check = True


_hidden_case_ids: list[Callable] = []


def hides_cases(provider: Callable) -> Callable:
    """Register `provider(user)`: the ids of cases whose reports `user` must not see (a
    `values("pk")` subquery or a list). The cases app registers its protected cases; intake
    filters its reports by them without importing cases."""
    if provider not in _hidden_case_ids:
        _hidden_case_ids.append(provider)
    return provider


def hidden_case_id_sets(user) -> list:
    """Every registered provider's ids for `user`, each to be used in an `__in` lookup."""
    return [provider(user) for provider in _hidden_case_ids]
