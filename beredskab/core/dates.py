"""Plausible dates: every date a person types into the system has a range that fits its field.

A date picker left at year 0001, or a year typed with a digit too many, must be refused next to
the field, in Danish, before it reaches a deadline computation (a task due 1 January 0001 once
stopped every reminder). One `DateRange` per kind of date, used in two places:

- forms: `PlausibleDateField(plausible=RANGE)` (or `DateRangeValidator(RANGE)` on a field a
  library builds, such as the admin's) refuses a date outside the range with its message;
- services: `RANGE.problem(value)` gives the same message, so a writer that is not a form (a
  script, the API, a test) is refused too.

Bounds are a fixed date or a number of days from today (Copenhagen), or a callable returning
either (read when checked, so a setting can decide). `beredskab/core/tests/test_dates.py`
checks that every date field of every form in the project has a range.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .workdays import to_local

Bound = datetime.date | int | Callable[[], "datetime.date | int"]

YEAR = 365  # days; ranges are generous, so leap days do not matter
EARLIEST_PERSON_DATE = datetime.date(1900, 1, 1)


def today() -> datetime.date:
    """Today in Copenhagen (the municipality's day, whatever TIME_ZONE displays)."""
    return to_local(timezone.now()).date()


def _resolve(bound: Bound, on: datetime.date) -> datetime.date:
    value = bound() if callable(bound) else bound
    if isinstance(value, datetime.date):
        return value
    return on + datetime.timedelta(days=int(value))


def long_date(day: datetime.date) -> str:
    """`23. november 2026` in the active language."""
    return date_format(day, "j. F Y")


TOO_EARLY = _("Datoen ligger for langt tilbage. Skriv en dato fra og med %(date)s.")
TOO_LATE = _("Datoen ligger for langt ude i fremtiden. Skriv en dato senest %(date)s.")


@dataclass(frozen=True)
class DateRange:
    """The earliest and latest plausible value of one kind of date (both inclusive).

    `too_early` / `too_late` are the messages (lazy, Danish); they may use `%(date)s` (the
    bound as `23. november 2026`) and `%(days)s` (the bound in days from today)."""

    earliest: Bound
    latest: Bound
    too_early: str | Promise = TOO_EARLY
    too_late: str | Promise = TOO_LATE

    def bounds(self, on: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
        on = on or today()
        return _resolve(self.earliest, on), _resolve(self.latest, on)

    def problem(self, value: datetime.date | datetime.datetime | None, on: datetime.date | None = None) -> str | None:
        """The Danish message when `value` is outside the range, else None (also for None)."""
        if value is None:
            return None
        on = on or today()
        if isinstance(value, datetime.datetime):
            try:
                value = to_local(value).date()
            except OverflowError:  # year 1 or 9999 in another time zone: far outside any range
                value = value.date()
        earliest, latest = self.bounds(on)
        if value < earliest:
            return str(self.too_early) % {"date": long_date(earliest), "days": (on - earliest).days}
        if value > latest:
            return str(self.too_late) % {"date": long_date(latest), "days": (latest - on).days}
        return None


# --- the ranges (one per kind of date) -----------------------------------------------------

# Something that has happened (a conversation, a letter sent, a decision made): not in the
# future, and not before 1900.
PAST_EVENT = DateRange(
    earliest=EARLIEST_PERSON_DATE,
    latest=0,
    too_early=_("Kontrollér årstallet."),
    too_late=_("Datoen ligger i fremtiden."),
)
# A person's birth date.
BIRTH_DATE = DateRange(
    earliest=EARLIEST_PERSON_DATE,
    latest=0,
    too_early=_("Kontrollér årstallet."),
    too_late=_("Fødselsdatoen kan ikke ligge i fremtiden."),
)
# A task's due date: a year back (an overdue task is recorded after the fact) to 5 years ahead.
TASK_DUE = DateRange(earliest=-YEAR, latest=5 * YEAR)
# An intervention's start: it may have begun during the child's whole childhood (25 years
# back, young adults included) and may be planned up to 2 years ahead.
INTERVENTION_START = DateRange(earliest=-25 * YEAR, latest=2 * YEAR)
# An intervention's (expected) end: as its start, and up to 10 years ahead.
INTERVENTION_END = DateRange(earliest=-25 * YEAR, latest=10 * YEAR)
# A search or report period in the system's own records (audit log, statistics).
RECORDS_PERIOD = DateRange(earliest=datetime.date(2000, 1, 1), latest=YEAR)
# A plan's dates (adopted, published, revision due, closure days, special opening days).
PLAN_DATE = DateRange(earliest=datetime.date(2000, 1, 1), latest=10 * YEAR)
# A moment the plan coordinator previews the guide at.
PREVIEW_DATE = DateRange(earliest=-10 * YEAR, latest=10 * YEAR)


def _reassessment_max_days() -> int:
    from django.conf import settings

    return int(settings.RISK_REASSESSMENT_MAX_DAYS)


# A risk assessment's reassessment date: from today, within RISK_REASSESSMENT_MAX_DAYS.
REASSESSMENT = DateRange(
    earliest=0,
    latest=_reassessment_max_days,
    too_early=_("Datoen er passeret."),
    too_late=_("Risikoen skal revurderes inden for %(days)s dage."),
)


# --- forms ---------------------------------------------------------------------------------


class DateRangeValidator:
    """A form-field validator refusing a date outside `date_range` with its message."""

    code = "date_range"

    def __init__(self, date_range: DateRange):
        self.date_range = date_range

    def __call__(self, value) -> None:
        problem = self.date_range.problem(value)
        if problem:
            raise ValidationError(problem, code=self.code)

    def __eq__(self, other) -> bool:
        return isinstance(other, DateRangeValidator) and other.date_range == self.date_range

    def __hash__(self) -> int:
        return hash(self.date_range)


def date_range_of(field) -> DateRange | None:
    """The range a form field enforces, or None when it has none."""
    return next((v.date_range for v in field.validators if isinstance(v, DateRangeValidator)), None)


def add_date_range(field, date_range: DateRange):
    """Give a form field built elsewhere (e.g. by the admin) a range. Returns the field."""
    if date_range_of(field) is None:
        field.validators.append(DateRangeValidator(date_range))
    _set_picker_bounds(field)
    return field


def _set_picker_bounds(field) -> None:
    """A date picker (`<input type="date">`) offers only the plausible dates (`min`/`max`).
    The server still checks: forms are posted with `novalidate`, so the Danish message shows."""
    date_range = date_range_of(field)
    widget = field.widget
    if date_range is None or getattr(widget, "input_type", None) != "date":
        return
    earliest, latest = date_range.bounds()
    widget.attrs["min"], widget.attrs["max"] = earliest.isoformat(), latest.isoformat()


class PlausibleDateField(forms.DateField):
    """A DateField that refuses dates outside `plausible` (a `DateRange`, required)."""

    def __init__(self, *, plausible: DateRange, **kwargs):
        super().__init__(**kwargs)
        add_date_range(self, plausible)

    def __deepcopy__(self, memo):
        # Each form gets a copy of its fields: the picker's bounds follow today's date.
        result = super().__deepcopy__(memo)
        _set_picker_bounds(result)
        return result
