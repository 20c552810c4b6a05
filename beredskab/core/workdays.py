"""Danish working days and local time for statutory deadlines.

Working days are Monday to Friday except Danish public holidays (the `holidays` package,
country DK). Whether days that municipal offices usually close (Grundlovsdag, 24 and 31
December) also stop the statutory clocks is not settled law: the setting
STATUTORY_EXTRA_CLOSED_DAYS ("MM-DD" strings, empty by default) adds them.
All deadlines are computed in Europe/Copenhagen, whatever TIME_ZONE the site displays in (the
law's days are Danish days), so summer time is respected.
"""

import datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings
from django.utils import timezone

STATUTORY_ZONE = ZoneInfo("Europe/Copenhagen")


def local_zone() -> ZoneInfo:
    """The time zone of the statutory clocks and of "today": always Copenhagen."""
    return STATUTORY_ZONE


def to_local(moment: datetime.datetime) -> datetime.datetime:
    """Local (Copenhagen) time. A naive value is taken to be local time already."""
    if timezone.is_naive(moment):
        return moment.replace(tzinfo=local_zone())
    return moment.astimezone(local_zone())


@lru_cache(maxsize=64)
def _danish_holidays(year: int) -> dict:
    return dict(holidays.country_holidays("DK", years=year))


@lru_cache(maxsize=64)
def _optional_holidays(year: int) -> dict:
    return dict(holidays.country_holidays("DK", years=year, categories=("optional",)))


def public_holiday(day: datetime.date) -> str | None:
    """The Danish name of the public holiday on `day` (e.g. "Juledag"), else None."""
    return _danish_holidays(day.year).get(day)


def holiday_name(day: datetime.date) -> str | None:
    """A day that stops the statutory clocks: a public holiday or a configured extra day."""
    name = public_holiday(day)
    if name is None and day.strftime("%m-%d") in settings.STATUTORY_EXTRA_CLOSED_DAYS:
        name = _optional_holidays(day.year).get(day, day.strftime("%d.%m."))
    return name


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and holiday_name(day) is None


def add_working_days(day: datetime.date, count: int) -> datetime.date:
    """The date `count` working days after `day` (the day itself is not counted)."""
    current = day
    remaining = count
    while remaining > 0:
        current += datetime.timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def working_days_deadline(received_at: datetime.datetime, count: int) -> datetime.datetime:
    """End of the `count`-th working day after the local date of `received_at` (23:59:59 local)."""
    local_day = to_local(received_at).date()
    last_day = add_working_days(local_day, count)
    return datetime.datetime.combine(last_day, datetime.time(23, 59, 59), tzinfo=local_zone())
