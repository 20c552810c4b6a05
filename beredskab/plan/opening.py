"""Opening hours: is a contact unit open at a given moment, until when, and when does it open?

Hours are wall-clock times in Europe/Copenhagen. A day's intervals are turned into aware
datetimes and compared in UTC, so the summer-time changes (last Sunday of March and of
October) are handled: 08:00 is 08:00 local time on both sides of the change. Adjacent
intervals are merged across midnight (e.g. Saturday 16:00-24:00 and Sunday 00:00-08:00 make
one opening that lasts until Sunday 08:00).

A unit that is closed on public holidays is closed on the Danish public holidays
(`holidays.country_holidays("DK")`) and on the plan's own closure days (e.g. 24 December,
31 December and Grundlovsdag, which are not public holidays but are normally closed days for
municipal offices). A special day (a date with its own hours, or closed) overrides both.
"""

import dataclasses
import datetime
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext

from beredskab.core.workdays import public_holiday, to_local

from .reasons import PlanWords, ReasonCode, RoutingReason, fact_param

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
UTC = datetime.UTC
MIDNIGHT = datetime.time(0, 0)
LOOKAHEAD_DAYS = 21  # far enough to find the next opening after Christmas and Easter


@dataclass(frozen=True)
class Calendar:
    """Plan-level closure days: (month, day) -> name, and whether they are confirmed."""

    closure_days: dict[tuple[int, int], Any]  # the name: a str, or `reasons.PlanWords` (with its translations)
    closure_days_unconfirmed: bool = False

    def closure_day(self, day: datetime.date) -> str | None:
        return self.closure_days.get((day.month, day.day))


@dataclass(frozen=True)
class DayHours:
    intervals: tuple[tuple[datetime.datetime, datetime.datetime], ...]
    closed_because: RoutingReason | None  # why the whole day is closed (None: it has opening hours)


def _at(day: datetime.date, time: datetime.time, *, end: bool = False) -> datetime.datetime:
    if end and time == MIDNIGHT:
        day, time = day + datetime.timedelta(days=1), MIDNIGHT
    return datetime.datetime.combine(day, time, tzinfo=COPENHAGEN)


def _special_note(unit, special):
    """The plan's note on a unit's special closed day ("Personaledag"), in the reader's language
    where the plan translates it (`units[vagt].special_days[2026-09-04].note`); "" for none."""
    if not special.note:
        return ""
    place = f"units[{unit.code}].special_days[{special.date.isoformat()}].note"
    return PlanWords.of(unit.plan, place, special.note)


def day_hours(unit, day: datetime.date, calendar: Calendar) -> DayHours:
    """The unit's opening intervals on one local date, and why it is closed if it is."""
    special = next((s for s in unit.special_days_list if s.date == day), None)
    if special is not None:
        if special.closed:
            return DayHours((), RoutingReason(ReasonCode.SPECIAL_CLOSED_DAY, {"note": _special_note(unit, special)}))
        return DayHours(((_at(day, special.opens), _at(day, special.closes, end=True)),), None)
    if unit.closed_on_public_holidays:
        holiday = public_holiday(day)
        if holiday:
            return DayHours((), RoutingReason(ReasonCode.PUBLIC_HOLIDAY, {"date": day, "name": holiday}))
        closure = calendar.closure_day(day)
        if closure:  # "lukkedag: Juleaftensdag (ikke bekræftet)" when the plan's closure days are not confirmed
            name = fact_param("name", closure, calendar.closure_days_unconfirmed)
            return DayHours((), RoutingReason(ReasonCode.CLOSURE_DAY, name))
    intervals = tuple(
        (_at(day, h.opens), _at(day, h.closes, end=True)) for h in unit.hours_list if h.weekday == day.weekday()
    )
    if intervals:
        return DayHours(intervals, None)
    if day.weekday() >= 5:
        return DayHours((), RoutingReason(ReasonCode.WEEKEND))
    return DayHours((), RoutingReason(ReasonCode.CLOSED_WEEKDAY, {"weekday": day.weekday()}))


@dataclass(frozen=True)
class OpeningStatus:
    open_now: bool | None  # None: the plan gives no hours for this unit
    open_until: datetime.datetime | None = None
    opens_at: datetime.datetime | None = None
    closed_because: RoutingReason | None = None  # set when closed: weekend, a holiday, outside the hours, ...
    always_open: bool = False
    unconfirmed: bool = False  # the opening hours are not confirmed
    # what the status says rests on one of the plan's closure days, which are not confirmed: it is
    # closed today for one, or it opens (or closes) at another moment than it would without them
    closed_by_unconfirmed_day: bool = False
    opens_unconfirmed: bool = False
    until_unconfirmed: bool = False

    @property
    def closure_days_unconfirmed(self) -> bool:
        return self.closed_by_unconfirmed_day or self.opens_unconfirmed or self.until_unconfirmed


def _merged(intervals):
    merged: list[list[datetime.datetime]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


def opening_status(unit, at: datetime.datetime, calendar: Calendar) -> OpeningStatus:
    """Whether the unit is open at `at`, until when or from when, and why it is closed. A moment
    worked out past a closure day of the plan that is not confirmed says so (it is compared with
    the moment without the plan's closure days)."""
    status = _opening_status(unit, at, calendar)
    if not (calendar.closure_days_unconfirmed and calendar.closure_days) or status.open_now is None:
        return status
    without = _opening_status(unit, at, dataclasses.replace(calendar, closure_days={}))
    closed_because = status.closed_because
    return dataclasses.replace(
        status,
        closed_by_unconfirmed_day=closed_because is not None and closed_because.code == ReasonCode.CLOSURE_DAY,
        opens_unconfirmed=status.opens_at != without.opens_at,
        until_unconfirmed=status.open_until != without.open_until,
    )


def _opening_status(unit, at: datetime.datetime, calendar: Calendar) -> OpeningStatus:
    hours_unconfirmed = unit.is_unconfirmed("hours")
    if unit.always_open:
        return OpeningStatus(open_now=True, always_open=True, unconfirmed=hours_unconfirmed)
    if not unit.hours_list and not unit.special_days_list:
        return OpeningStatus(open_now=None, unconfirmed=hours_unconfirmed)

    local = to_local(at)
    today = local.date()
    now = local.astimezone(UTC)
    intervals = []
    today_hours = None
    for offset in range(-1, LOOKAHEAD_DAYS):
        day = today + datetime.timedelta(days=offset)
        hours = day_hours(unit, day, calendar)
        if offset == 0:
            today_hours = hours
        intervals.extend((start.astimezone(UTC), end.astimezone(UTC)) for start, end in hours.intervals)
    merged = _merged(intervals)
    for start, end in merged:
        if start <= now < end:
            return OpeningStatus(open_now=True, open_until=end.astimezone(COPENHAGEN), unconfirmed=hours_unconfirmed)
    opens_at = next((start.astimezone(COPENHAGEN) for start, _end in merged if start > now), None)
    return OpeningStatus(
        open_now=False,
        opens_at=opens_at,
        closed_because=today_hours.closed_because or RoutingReason(ReasonCode.OUTSIDE_HOURS),
        unconfirmed=hours_unconfirmed,
    )


def status_reason(status: OpeningStatus, now: datetime.datetime) -> RoutingReason:
    """Open around the clock, no hours in the plan, open now until when, or closed now and why
    ("Åben nu til 15:00", "Lukket nu (weekend)")."""
    if status.always_open:
        return RoutingReason(ReasonCode.ALWAYS_OPEN)
    if status.open_now is None:
        return RoutingReason(ReasonCode.NO_HOURS)
    if status.open_now:
        until = fact_param("until", status.open_until, status.until_unconfirmed)
        return RoutingReason(ReasonCode.OPEN_UNTIL, {**until, "now": now})
    return RoutingReason(ReasonCode.CLOSED_NOW, {"because": status.closed_because})


def opening_reason(status: OpeningStatus, now: datetime.datetime) -> RoutingReason | None:
    """When a closed unit opens ("Åbner i morgen kl. 08:00"); None when open or unknown."""
    if status.open_now is not False or status.opens_at is None:
        return None
    at = fact_param("at", status.opens_at, status.opens_unconfirmed)  # past a closure day not confirmed
    return RoutingReason(ReasonCode.OPENS, {**at, "now": now})


def clock_text(value: datetime.time, *, end: bool = False) -> str:
    """ "08:00"; as a closing time (`end`), midnight is "24:00" (the end of the day)."""
    return "24:00" if end and value == MIDNIGHT else value.strftime("%H:%M")


def weekly_summary(unit) -> list[tuple[str, str]]:
    """The weekly hours grouped for reading, in the active language:
    [("mandag-torsdag", "08:00-15:00"), ("fredag", "08:00-13:30")]."""
    if unit.always_open:
        return [(gettext("alle dage"), gettext("døgnet rundt"))]
    by_day = {}
    for h in sorted(unit.hours_list, key=lambda h: (h.weekday, h.opens)):
        by_day.setdefault(h.weekday, []).append(f"{clock_text(h.opens)}-{clock_text(h.closes, end=True)}")
    rows: list[tuple[int, int, str]] = []
    for day in range(7):
        if day not in by_day:
            continue
        text = ", ".join(by_day[day])
        if rows and rows[-1][1] == day - 1 and rows[-1][2] == text:
            rows[-1] = (rows[-1][0], day, text)
        else:
            rows.append((day, day, text))
    return [
        (str(WEEKDAYS[first]) if first == last else f"{WEEKDAYS[first]}-{WEEKDAYS[last]}", text)
        for first, last, text in rows
    ]
