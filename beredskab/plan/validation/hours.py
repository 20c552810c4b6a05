"""Times and days in a plan file: weekly opening hours, special days of a unit, and the
plan's closure days.

    hours: {mon: "08:00-15:00", fri: "08:00-13:30"}   or   hours: always
    special_days: [{date: 2026-12-28, hours: "09:00-12:00"}, {date: 2026-09-04, hours: closed}]
    closure_days: [{month: 12, day: 24, name: Juleaftensdag}]

"24:00" (and a closing time of 00:00) is midnight at the end of the day.
"""

import datetime
import itertools
import re
from typing import Any

from ..vocabulary import WEEKDAY_KEYS
from .reader import Reader, join, show

TIME_RANGE_RE = re.compile(r"^(\d{1,2})(?::(\d{2}))?\s*-\s*(\d{1,2})(?::(\d{2}))?$")
ALWAYS = "always"
CLOSED = "closed"


def time_range(r: Reader, raw: str, here: str) -> tuple[datetime.time, datetime.time] | None:
    """ "08:00-15:00" -> (08:00, 15:00); "16-24" -> (16:00, 00:00); None (and an error) if not a range."""
    match = TIME_RANGE_RE.match(raw.strip())
    if match:
        h1, m1, h2, m2 = (int(g) if g else 0 for g in match.groups())
        start, end = h1 * 60 + m1, h2 * 60 + m2
        if h1 < 24 and m1 < 60 and m2 < 60 and 0 < end <= 24 * 60 and start < end:
            closes = datetime.time(0, 0) if end == 24 * 60 else datetime.time(h2, m2)
            return datetime.time(h1, m1), closes
    r.error(here, f"{show(raw)} is not a valid time range")
    return None


def _day_ranges(r: Reader, value: Any, here: str) -> list[tuple[datetime.time, datetime.time]]:
    if value is None or value == CLOSED:
        return []
    parts = value if isinstance(value, list) else str(value).split(",") if isinstance(value, str) else None
    if parts is None:
        r.error(here, f'{show(value)} must be a time range like "08:00-15:00", or "{CLOSED}"')
        return []
    ranges = []
    for part in parts:
        if not isinstance(part, str):
            r.error(here, f'{show(part)} must be a time range like "08:00-15:00"')
            continue
        parsed = time_range(r, part, here)
        if parsed:
            ranges.append(parsed)
    ranges.sort()
    for (_s1, e1), (s2, _e2) in itertools.pairwise(ranges):
        if e1 == datetime.time(0) or s2 < e1:
            r.error(here, "time ranges overlap")
            break
    return ranges


def weekly_hours(r: Reader, m: dict, key: str, path: str) -> dict | None:
    """None (not given), or {"always": bool, "weekly": {weekday 0-6: [(opens, closes), ...]}}."""
    value = m.get(key)
    here = join(path, key)
    if value is None:
        return None
    if value == ALWAYS:
        return {"always": True, "weekly": {}}
    mapping = r.mapping(value, here, WEEKDAY_KEYS)
    if mapping is None:
        r.error(here, f'must be "{ALWAYS}" or weekdays (mon, tue, ...) with time ranges')
        return None
    weekly = {}
    for index, day in enumerate(WEEKDAY_KEYS):
        if day in mapping:
            ranges = _day_ranges(r, mapping[day], join(here, day))
            if ranges:
                weekly[index] = ranges
    return {"always": False, "weekly": weekly}


def special_days(r: Reader, m: dict, path: str) -> list[dict]:
    """A unit's dates with their own hours, by date: [{date, opens, closes, note}] (closed: no times)."""
    result, seen = [], set()
    for place, item in r.items(m, "special_days", path):
        s = r.mapping(item, place, ("date", "hours", "note"), ("date", "hours"))
        if s is None:
            continue
        day = r.date(s, "date", place)
        raw = s.get("hours")
        opens = closes = None
        if isinstance(raw, str) and raw != CLOSED:
            parsed = time_range(r, raw, join(place, "hours"))
            if parsed:
                opens, closes = parsed
        elif raw is not None and raw != CLOSED:
            r.error(join(place, "hours"), f'must be one time range like "09:00-12:00", or "{CLOSED}"')
        if day in seen:
            r.error(join(place, "date"), f"{day} is listed twice")
        seen.add(day)
        if day:
            result.append(
                {"date": day, "opens": opens, "closes": closes, "note": r.text(s, "note", place, max_length=200)}
            )
    return sorted(result, key=lambda s: s["date"])


def closure_days(r: Reader, m: dict, key: str, path: str) -> list[dict]:
    """The plan's yearly closure days, by date: [{month, day, name}]."""
    days, seen = [], set()
    for place, item in r.items(m, key, path):
        c = r.mapping(item, place, ("month", "day", "name"), ("month", "day", "name"))
        if c is None:
            continue
        month = r.integer(c, "month", place, minimum=1, maximum=12)
        day = r.integer(c, "day", place, minimum=1, maximum=31)
        name = r.text(c, "name", place, max_length=100)
        if month and day:
            try:
                datetime.date(2024, month, day)  # a leap year, so 29 February is allowed
            except ValueError:
                r.error(place, f"{day}/{month} is not a date")
                continue
            if (month, day) in seen:
                r.error(place, f"{day}/{month} is listed twice")
            seen.add((month, day))
            days.append({"month": month, "day": day, "name": name})
    return sorted(days, key=lambda d: (d["month"], d["day"]))
