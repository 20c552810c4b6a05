"""What happens to a new report besides intake's own work, plugged in by higher apps.

Intake sits below case handling, so it never imports it nor names its models or relations: the
cases app registers hooks in its `AppConfig.ready()` (e.g. to keep a report about a child with a
protected case out of the general queue, to say which reports are in a case, and which a user
must not see). Hooks run inside the transaction that saves the report, each in a savepoint: a
failing hook never costs the report, and it fails closed: the report is marked `needs_check`,
which shows it only to the unit's leaders until the check has run (`manage.py
hold_waiting_reports`, from cron, runs it again), and the failure is logged without personal
data.
"""

import logging
from collections.abc import Callable

from django.db import transaction
from django.db.models import Q

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


# What intake knows about the apps above it is only what they tell it here, as conditions on
# `intake.Report` that they build from their own models: intake never names a relation of theirs.

_taken: list[Callable] = []


def takes_reports(provider: Callable) -> Callable:
    """Register `provider()`: a `Q` on `intake.Report` matching the reports a higher app has
    taken in (cases: every report in a case). Retention never touches them, and the arrival
    check no longer holds them back (`needs_check`)."""
    if provider not in _taken:
        _taken.append(provider)
    return provider


def taken_reports() -> Q:
    """The reports some higher app has taken in (matches none when no app registered)."""
    return _any(provider() for provider in _taken)


_kept: list[Callable] = []


def keeps_reports(provider: Callable) -> Callable:
    """Register `provider()`: a `Q` on `intake.Report` matching reports a higher app has not
    taken in yet but that belong to one of its records (cases: a report held for the child's
    case, `cases.holds`). Retention never touches them while they match: they follow the
    record they belong to (its legal hold, its own retention)."""
    if provider not in _kept:
        _kept.append(provider)
    return provider


def kept_reports() -> Q:
    """The reports retention leaves alone: taken in (`taken_reports`) or kept (`keeps_reports`)."""
    return _any([*(provider() for provider in _taken), *(provider() for provider in _kept)])


_hidden: list[Callable] = []


def hides_reports(provider: Callable) -> Callable:
    """Register `provider(user)`: a `Q` on `intake.Report` matching the reports `user` must not
    see (cases: the reports of, and held for, the protected cases `user` was not named on), so
    the intake pages hide them without knowing what a case is."""
    if provider not in _hidden:
        _hidden.append(provider)
    return provider


def reports_hidden_from(user) -> Q:
    """The reports every registered provider hides from `user` (matches none when none)."""
    return _any(provider(user) for provider in _hidden)


def _any(conditions) -> Q:
    combined = Q(pk__in=[])
    for condition in conditions:
        combined |= condition
    return combined
