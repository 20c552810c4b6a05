"""Periodic jobs handle each item on its own: one bad row never stops the job for everyone.

A job (a cron command or a background task) wraps the work on each item in `run.item(...)`.
An item that fails is rolled back on its own (give it its own `transaction.atomic()` inside),
logged with the job's name, the kind and id of the item and the exception's class, never the
exception's message or any value (they may hold personal data: a name, an e-mail address, a
key in a constraint error), and counted; the job goes on with the next item. At the end,
`run.finish()` raises `JobFailed` when any item failed, so cron (a non-zero exit) or the task
queue (a failed task) notices.

    run = JobRun("send_deadline_reminders")
    for case in run.rows(open_cases, "case"):
        with run.item("case", case.pk), transaction.atomic():
            ...
    run.finish()
"""

import logging
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

logger = logging.getLogger("beredskab.jobs")


class JobFailed(Exception):
    """Some items of a periodic job failed (each is in the log by kind and id)."""


def failure_location(error: BaseException) -> str:
    """Where an exception happened (code lines only): for logs, which must not carry its
    message, since a message can hold personal data."""
    return "".join(traceback.format_list(traceback.extract_tb(error.__traceback__)[-5:]))


@dataclass
class JobRun:
    """Counts the items of one run of a job; see the module."""

    name: str
    done: int = 0
    failures: list[tuple[str, object, str]] = field(default_factory=list)  # (kind, id, exception class)

    @property
    def failed(self) -> int:
        return len(self.failures)

    @contextmanager
    def item(self, kind: str, pk) -> Iterator[None]:
        """Run the block for one item; an exception in it is logged and counted, not raised."""
        try:
            yield
        except Exception as error:  # every failure of one item is that item's alone
            self.failures.append((kind, pk, type(error).__name__))
            logger.error(
                "%s: %s id %s failed (%s); going on with the next item.\n%s",
                self.name,
                kind,
                pk,
                type(error).__name__,
                failure_location(error),
            )
        else:
            self.done += 1

    def rows(self, queryset, kind: str) -> Iterator:
        """The rows of `queryset`, read together when they can be; when one cannot be read (a
        value that does not decrypt, say), each row is read on its own, and one that fails is
        logged and counted like any other item."""
        try:
            rows = list(queryset)
        except Exception:  # which row? read them one by one to find out and go on
            rows = None
        if rows is not None:
            yield from rows
            return
        for pk in queryset.values_list("pk", flat=True):
            row = None
            with self.item(kind, pk):
                row = queryset.get(pk=pk)
            if row is not None:
                yield row

    def finish(self) -> None:
        """Raise JobFailed when an item failed (after every item was tried)."""
        if self.failures:
            raise JobFailed(
                f"{self.name}: {self.failed} item(s) failed: "
                + ", ".join(f"{kind} {pk} ({cls})" for kind, pk, cls in self.failures[:20])
            )
