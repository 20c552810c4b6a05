"""Validate a plan file and turn it into a normalised "spec".

`validate_plan_data(data)` reads the parsed YAML (plain dicts and lists) and returns a
`ValidationResult`: errors and warnings as strings that name the place in the file
(`units[1].hours.fri: "08-25" is not a valid time range`), and, when there are no errors, the
spec: the same structure with typed values (dates, times, ints) and unconfirmed facts split
out into `unconfirmed` maps. The loader writes a spec to the database; the exporter builds a
spec from the database and dumps it back to the file format (see FORMAT.md).

Unknown keys are errors, so a typo never silently drops a fact.
"""

import datetime
import difflib
import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email

from .models import (
    UNKNOWN_AGE_CHOICE,
    Audience,
    CentreArea,
    Duty,
    GoalActivity,
    OutOfHoursVia,
    Partner,
    PreventionLevel,
    UnitRole,
    latest_revision_due,
)
from .vocabulary import DEFAULT_TERMS, TOPICS, WEEKDAY_KEYS

FORMAT_VERSION = 1
CODE_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
PHONE_RE = re.compile(r"^(\+\d{1,3} ?)?\d[\d ]*\d$")
POSTCODE_RE = re.compile(r"^\d{4}$")
TIME_RANGE_RE = re.compile(r"^(\d{1,2})(?::(\d{2}))?\s*-\s*(\d{1,2})(?::(\d{2}))?$")
ALWAYS = "always"
CLOSED = "closed"

# Where each plan-level fact lives in the file: model field -> (section, key).
PLAN_FACT_PLACES = {
    "adopted_by": ("adoption", "adopted_by"),
    "adopted_on": ("adoption", "adopted_on"),
    "published_on": ("adoption", "published_on"),
    "revision_due": ("revision", "due"),
    "closure_days": ("routing", "closure_days"),
}

TOP_LEVEL_KEYS = (
    "format",
    "municipality",
    "plan",
    "adoption",
    "revision",
    "terms",
    "definitions",
    "warning_signs",
    "centres",
    "units",
    "routing",
    "target_groups",
    "acute",
    "partners",
    "prevention",
    "goals",
    "implementation",
    "separate_routes",
)


@dataclass
class ValidationResult:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    spec: dict | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


class PlanFileInvalid(ValueError):
    """A plan file with errors; `errors` lists them with their place in the file."""

    def __init__(self, errors: list[str], warnings: list[str] | None = None):
        super().__init__("The plan file has errors:\n" + "\n".join(f"  {e}" for e in errors))
        self.errors = errors
        self.warnings = warnings or []


def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


SHOWN_VALUE_MAX = 80  # characters of a wrong value a message repeats


def _show(value: Any) -> str:
    """A value as a message repeats it: never more than SHOWN_VALUE_MAX characters (a message
    must not become as large as the value that was wrong)."""
    if isinstance(value, str):
        text = f'"{value[:SHOWN_VALUE_MAX]}…"' if len(value) > SHOWN_VALUE_MAX else f'"{value}"'
    else:
        text = repr(value) if not isinstance(value, dict | list | tuple) else type(value).__name__
    return text if len(text) <= SHOWN_VALUE_MAX + 3 else text[:SHOWN_VALUE_MAX] + "…"


class _Reader:
    """Reads typed values out of plain dicts, collecting errors and warnings with their place."""

    def __init__(self):
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def error(self, path: str, message: str) -> None:
        text = f"{path}: {message}" if path else message
        if text not in self.errors:  # e.g. "is required" found by both the mapping and the value
            self.errors.append(text)

    def warn(self, path: str, message: str) -> None:
        self.warnings.append(f"{path}: {message}" if path else message)

    # --- structure -----------------------------------------------------------------------

    def mapping(self, value: Any, path: str, keys: Iterable[str], required: Iterable[str] = ()) -> dict | None:
        if value is None:
            value = {}
        if not isinstance(value, dict):
            self.error(path, "must be a mapping (key: value lines)")
            return None
        keys = tuple(keys)
        for key in value:
            if key not in keys:
                close = difflib.get_close_matches(str(key), keys, n=1)
                hint = f' (did you mean "{close[0]}"?)' if close else f" (allowed: {', '.join(keys)})"
                self.error(_join(path, str(key)), f"unknown key{hint}")
        for key in required:
            if value.get(key) in (None, "", [], {}):
                self.error(_join(path, key), "is required")
        return value

    def items(self, m: dict, key: str, path: str, *, required: bool = False) -> list[tuple[str, Any]]:
        """(place, item) for each item of the list at m[key]."""
        value = m.get(key)
        here = _join(path, key)
        if value is None:
            if required:
                self.error(here, "is required")
            return []
        if not isinstance(value, list):
            self.error(here, "must be a list (lines starting with '- ')")
            return []
        if required and not value:
            self.error(here, "must not be empty")
        return [(_join(here, i), item) for i, item in enumerate(value)]

    # --- scalars -------------------------------------------------------------------------

    def text(self, m: dict, key: str, path: str, *, required: bool = False, max_length: int | None = None) -> str:
        value = m.get(key)
        here = _join(path, key)
        if value is None or value == "":
            if required:
                self.error(here, "is required")
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.error(here, "must be text")
            return ""
        text = str(value).strip()
        if max_length and len(text) > max_length:
            self.error(here, f"is too long ({len(text)} characters; at most {max_length})")
        if "\x00" in text:
            self.error(here, "contains a NUL character")
        return text

    def text_list(self, m: dict, key: str, path: str, *, required: bool = False) -> list[str]:
        result = []
        for place, item in self.items(m, key, path, required=required):
            if not isinstance(item, str) or not item.strip():
                self.error(place, "must be a non-empty text")
                continue
            result.append(item.strip())
        return result

    def boolean(self, m: dict, key: str, path: str, *, default: bool) -> bool:
        value = m.get(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.error(_join(path, key), f"{_show(value)} must be true or false")
            return default
        return value

    def integer(self, m: dict, key: str, path: str, *, minimum: int = 0, maximum: int | None = None) -> int | None:
        value = m.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(_join(path, key), f"{_show(value)} must be a whole number")
            return None
        if value < minimum or (maximum is not None and value > maximum):
            bound = f"between {minimum} and {maximum}" if maximum is not None else f"at least {minimum}"
            self.error(_join(path, key), f"{value} must be {bound}")
            return None
        return value

    def date(self, m: dict, key: str, path: str, *, required: bool = False) -> datetime.date | None:
        value = m.get(key)
        here = _join(path, key)
        if value is None or value == "":
            if required:
                self.error(here, "is required")
            return None
        if isinstance(value, datetime.datetime):
            self.error(here, f"{_show(str(value))} must be a date (YYYY-MM-DD), not a time")
            return None
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, str):
            try:
                return datetime.date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.error(here, f"{_show(value)} is not a valid date (use YYYY-MM-DD)")
        return None

    def choice(self, m: dict, key: str, path: str, choices: Iterable[str], *, required: bool = True) -> str:
        value = self.text(m, key, path, required=required)
        choices = tuple(choices)
        if value and value not in choices:
            self.error(_join(path, key), f"{_show(value)} is not one of: {', '.join(choices)}")
            return ""
        return value

    def code(self, m: dict, key: str, path: str, *, required: bool = True) -> str:
        value = self.text(m, key, path, required=required, max_length=50)
        if value and not CODE_RE.match(value):
            self.error(_join(path, key), f"{_show(value)} must be lower-case letters, digits and hyphens")
            return ""
        return value

    def phone(self, m: dict, key: str, path: str) -> str:
        value = self.text(m, key, path, max_length=30)
        if value and not PHONE_RE.match(value):
            self.error(_join(path, key), f"{_show(value)} is not a valid phone number")
            return ""
        digits = re.sub(r"\D", "", value)
        if value and not value.startswith("+") and len(digits) not in (3, 4, 8):
            self.error(_join(path, key), f"{_show(value)} must be a short number (3-4 digits) or 8 digits")
            return ""
        return value

    def email(self, m: dict, key: str, path: str) -> str:
        value = self.text(m, key, path, max_length=254)
        if value:
            try:
                validate_email(value)
            except ValidationError:
                self.error(_join(path, key), f"{_show(value)} is not a valid e-mail address")
                return ""
        return value

    def url(self, m: dict, key: str, path: str) -> str:
        value = self.text(m, key, path, max_length=200)
        if value:
            try:
                URLValidator(schemes=["https", "http"])(value)
            except ValidationError:
                self.error(_join(path, key), f"{_show(value)} is not a valid web address")
                return ""
        return value

    def fact(self, m: dict, key: str, path: str, read: Callable[[dict, str, str], Any]) -> tuple[Any, str | None]:
        """A value that may be wrapped as {value: ..., unconfirmed: "why"}. Returns (value, note)."""
        raw = m.get(key)
        if isinstance(raw, dict) and "unconfirmed" in raw and set(raw) <= {"value", "unconfirmed"}:
            here = _join(path, key)
            note = raw.get("unconfirmed")
            if not isinstance(note, str) or not note.strip():
                self.error(_join(here, "unconfirmed"), "must say why the value is not confirmed")
                note = "?"
            if "value" not in raw:
                self.error(here, 'an unconfirmed fact needs a "value"')
                return read({}, key, path), None
            self.warn(here, f"not confirmed: {note.strip()}")
            return read({key: raw["value"]}, key, path), note.strip()
        return read(m, key, path), None

    # --- opening hours -------------------------------------------------------------------

    def time_range(self, raw: str, here: str) -> tuple[datetime.time, datetime.time] | None:
        match = TIME_RANGE_RE.match(raw.strip())
        if match:
            h1, m1, h2, m2 = (int(g) if g else 0 for g in match.groups())
            start, end = h1 * 60 + m1, h2 * 60 + m2
            if h1 < 24 and m1 < 60 and m2 < 60 and 0 < end <= 24 * 60 and start < end:
                closes = datetime.time(0, 0) if end == 24 * 60 else datetime.time(h2, m2)
                return datetime.time(h1, m1), closes
        self.error(here, f"{_show(raw)} is not a valid time range")
        return None

    def day_ranges(self, value: Any, here: str) -> list[tuple[datetime.time, datetime.time]]:
        if value is None or value == CLOSED:
            return []
        parts = value if isinstance(value, list) else str(value).split(",") if isinstance(value, str) else None
        if parts is None:
            self.error(here, f'{_show(value)} must be a time range like "08:00-15:00", or "{CLOSED}"')
            return []
        ranges = []
        for part in parts:
            if not isinstance(part, str):
                self.error(here, f'{_show(part)} must be a time range like "08:00-15:00"')
                continue
            parsed = self.time_range(part, here)
            if parsed:
                ranges.append(parsed)
        ranges.sort()
        for (_s1, e1), (s2, _e2) in itertools.pairwise(ranges):
            if e1 == datetime.time(0) or s2 < e1:
                self.error(here, "time ranges overlap")
                break
        return ranges

    def hours(self, m: dict, key: str, path: str) -> dict | None:
        """None (not given), "always", or {weekday 0-6: [(opens, closes), ...]}."""
        value = m.get(key)
        here = _join(path, key)
        if value is None:
            return None
        if value == ALWAYS:
            return {"always": True, "weekly": {}}
        mapping = self.mapping(value, here, WEEKDAY_KEYS)
        if mapping is None:
            self.error(here, f'must be "{ALWAYS}" or weekdays (mon, tue, ...) with time ranges')
            return None
        weekly = {}
        for index, day in enumerate(WEEKDAY_KEYS):
            if day in mapping:
                ranges = self.day_ranges(mapping[day], _join(here, day))
                if ranges:
                    weekly[index] = ranges
        return {"always": False, "weekly": weekly}


# --- sections --------------------------------------------------------------------------


def _municipality(r: _Reader, data: dict) -> dict:
    m = r.mapping(data.get("municipality"), "municipality", ("code", "name"), ("code", "name")) or {}
    return {"code": r.code(m, "code", "municipality"), "name": r.text(m, "name", "municipality", max_length=200)}


def _plan(r: _Reader, data: dict) -> dict:
    keys = (
        "title",
        "version",
        "source",
        "introduction",
        "scope",
        "purpose",
        "topics",
        "target_group_text",
        "organisation_text",
        "contact_text",
    )
    m = r.mapping(data.get("plan"), "plan", keys, ("title", "version", "topics")) or {}
    topics = r.text_list(m, "topics", "plan")
    for i, topic in enumerate(topics):
        if topic not in TOPICS:
            r.error(f"plan.topics[{i}]", f"{_show(topic)} is not one of: {', '.join(TOPICS)}")
    if len(set(topics)) != len(topics):
        r.error("plan.topics", "lists a topic twice")
    return {
        "title": r.text(m, "title", "plan", max_length=300),
        "version": r.text(m, "version", "plan", max_length=60),
        "source": r.text(m, "source", "plan", max_length=500),
        "introduction": r.text(m, "introduction", "plan"),
        "scope": r.text(m, "scope", "plan"),
        "purpose": r.text(m, "purpose", "plan"),
        "topics": [t for t in topics if t in TOPICS],
        "target_group_text": r.text(m, "target_group_text", "plan"),
        "organisation_text": r.text(m, "organisation_text", "plan"),
        "contact_text": r.text(m, "contact_text", "plan"),
    }


def _adoption_and_revision(r: _Reader, data: dict, unconfirmed: dict) -> tuple[dict, dict]:
    keys = ("adopted_by", "adopted_on", "published_on", "political_responsibility")
    a = r.mapping(data.get("adoption"), "adoption", keys) or {}
    adoption = {"political_responsibility": r.text(a, "political_responsibility", "adoption")}
    for key, read in (
        ("adopted_by", lambda m, k, p: r.text(m, k, p, max_length=200)),
        ("adopted_on", r.date),
        ("published_on", r.date),
    ):
        adoption[key], note = r.fact(a, key, "adoption", read)
        if note:
            unconfirmed[key] = note

    v = r.mapping(data.get("revision"), "revision", ("due", "responsible", "coordination", "note")) or {}
    revision = {
        "responsible": r.text(v, "responsible", "revision", max_length=300),
        "coordination": r.text(v, "coordination", "revision", max_length=300),
        "note": r.text(v, "note", "revision"),
    }
    revision["due"], note = r.fact(v, "due", "revision", r.date)
    if note:
        unconfirmed["revision_due"] = note
    adopted_on, due = adoption["adopted_on"], revision["due"]
    if adopted_on and due:
        latest = latest_revision_due(adopted_on)
        if due > latest:
            r.error("revision.due", f"{due} is more than 4 years after adoption ({adopted_on}); at the latest {latest}")
        elif due <= adopted_on:
            r.error("revision.due", f"{due} must be after the adoption date ({adopted_on})")
    if adoption["published_on"] and adopted_on and adoption["published_on"] < adopted_on:
        r.warn("adoption.published_on", "is before the adoption date")
    return adoption, revision


def _terms(r: _Reader, data: dict) -> dict:
    m = r.mapping(data.get("terms"), "terms", DEFAULT_TERMS) or {}
    return {key: r.text(m, key, "terms", required=True, max_length=200) for key in DEFAULT_TERMS if key in m}


def _definitions(r: _Reader, data: dict) -> list[dict]:
    result = []
    for place, item in r.items(data, "definitions", ""):
        m = r.mapping(item, place, ("code", "term", "text", "source"), ("code", "term", "text"))
        if m is not None:
            result.append(
                {
                    "code": r.code(m, "code", place),
                    "term": r.text(m, "term", place, max_length=200),
                    "text": r.text(m, "text", place),
                    "source": r.text(m, "source", place, max_length=300),
                }
            )
    return result


def _warning_signs(r: _Reader, data: dict) -> dict:
    m = r.mapping(data.get("warning_signs"), "warning_signs", ("intro", "note", "source")) or {}
    return {
        "intro": r.text(m, "intro", "warning_signs"),
        "note": r.text(m, "note", "warning_signs"),
        "source": r.text(m, "source", "warning_signs", max_length=300),
    }


def _centres(r: _Reader, data: dict) -> list[dict]:
    result = []
    for place, item in r.items(data, "centres", ""):
        keys = ("code", "name", "aliases", "area", "description", "note")
        m = r.mapping(item, place, keys, ("code", "name"))
        if m is not None:
            result.append(
                {
                    "code": r.code(m, "code", place),
                    "name": r.text(m, "name", place, max_length=200),
                    "aliases": r.text_list(m, "aliases", place),
                    "area": r.choice(m, "area", place, CentreArea.values, required=False) or CentreArea.ALL,
                    "description": r.text(m, "description", place),
                    "note": r.text(m, "note", place),
                }
            )
    return result


UNIT_KEYS = (
    "code",
    "name",
    "aliases",
    "centre",
    "role",
    "via",
    "org_unit_code",
    "phone",
    "email",
    "address",
    "description",
    "instruction",
    "note",
    "forwards_to",
    "hours",
    "closed_on_public_holidays",
    "special_days",
)


def _special_days(r: _Reader, m: dict, path: str) -> list[dict]:
    result, seen = [], set()
    for place, item in r.items(m, "special_days", path):
        s = r.mapping(item, place, ("date", "hours", "note"), ("date", "hours"))
        if s is None:
            continue
        day = r.date(s, "date", place)
        raw = s.get("hours")
        opens = closes = None
        if isinstance(raw, str) and raw != CLOSED:
            parsed = r.time_range(raw, _join(place, "hours"))
            if parsed:
                opens, closes = parsed
        elif raw is not None and raw != CLOSED:
            r.error(_join(place, "hours"), f'must be one time range like "09:00-12:00", or "{CLOSED}"')
        if day in seen:
            r.error(_join(place, "date"), f"{day} is listed twice")
        seen.add(day)
        if day:
            result.append(
                {"date": day, "opens": opens, "closes": closes, "note": r.text(s, "note", place, max_length=200)}
            )
    return sorted(result, key=lambda s: s["date"])


def _units(r: _Reader, data: dict) -> list[dict]:
    result = []
    for place, item in r.items(data, "units", "", required=True):
        m = r.mapping(item, place, UNIT_KEYS, ("code", "name", "role"))
        if m is None:
            continue
        unconfirmed = {}
        unit = {
            "code": r.code(m, "code", place),
            "name": r.text(m, "name", place, max_length=200),
            "aliases": r.text_list(m, "aliases", place),
            "centre": r.code(m, "centre", place, required=False),
            "role": r.choice(m, "role", place, UnitRole.values),
            "via": r.choice(m, "via", place, OutOfHoursVia.values, required=False),
            "org_unit_code": r.code(m, "org_unit_code", place, required=False),
            "description": r.text(m, "description", place),
            "instruction": r.text(m, "instruction", place, max_length=300),
            "note": r.text(m, "note", place),
            "forwards_to": r.code(m, "forwards_to", place, required=False),
            "closed_on_public_holidays": r.boolean(m, "closed_on_public_holidays", place, default=True),
            "special_days": _special_days(r, m, place),
        }
        for key, read in (
            ("phone", r.phone),
            ("email", r.email),
            ("address", lambda m, k, p: r.text(m, k, p, max_length=300)),
            ("hours", r.hours),
        ):
            unit[key], note = r.fact(m, key, place, read)
            if note:
                unconfirmed[key] = note
        hours = unit.pop("hours")
        unit["always_open"] = bool(hours and hours["always"])
        unit["hours"] = hours["weekly"] if hours else {}
        unit["unconfirmed"] = unconfirmed
        unit["_place"] = place
        unit["_hours_given"] = hours is not None
        if m.get("phone") in (None, "") and m.get("email") in (None, ""):
            r.error(place, "needs a phone number or an e-mail address")
        if unit["role"] == UnitRole.OUT_OF_HOURS and not unit["via"]:
            r.error(_join(place, "via"), f"is required for an out-of-hours contact ({', '.join(OutOfHoursVia.values)})")
        if unit["role"] and unit["role"] != UnitRole.OUT_OF_HOURS and unit["via"]:
            r.error(_join(place, "via"), "is only for out-of-hours contacts (role: out_of_hours)")
        if unit["forwards_to"] and unit["role"] and unit["role"] != UnitRole.FRONT_DESK:
            r.error(_join(place, "forwards_to"), "is only for front desks (role: front_desk)")
        result.append(unit)
    return result


def _routing(r: _Reader, data: dict, unconfirmed: dict) -> dict:
    m = r.mapping(data.get("routing"), "routing", ("unknown_age_goes_to", "out_of_hours", "closure_days")) or {}

    def closure_days(m, key, path):
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

    days, note = r.fact(m, "closure_days", "routing", closure_days)
    if note:
        unconfirmed["closure_days"] = note
    return {
        "unknown_age_goes_to": r.code(m, "unknown_age_goes_to", "routing", required=False),
        "out_of_hours": r.code(m, "out_of_hours", "routing", required=False),
        "closure_days": days,
    }


def _target_group(r: _Reader, place: str, m: dict) -> dict:
    ages = r.mapping(m.get("ages"), _join(place, "ages"), ("min", "max")) or {}
    min_age = r.integer(ages, "min", _join(place, "ages"), maximum=130)
    max_age = r.integer(ages, "max", _join(place, "ages"), maximum=130)
    if min_age is not None and max_age is not None and max_age < min_age:
        r.error(_join(place, "ages"), f"max ({max_age}) is below min ({min_age})")
    advice = []
    for a_place, item in r.items(m, "advice", place):
        if isinstance(item, str):
            item = {"unit": item}
        a = r.mapping(item, a_place, ("unit", "required_before_report", "note"), ("unit",))
        if a is not None:
            advice.append(
                {
                    "unit": r.code(a, "unit", a_place),
                    "required_before_report": r.boolean(a, "required_before_report", a_place, default=False),
                    "note": r.text(a, "note", a_place),
                    "_place": a_place,
                }
            )
    districts = []
    for d_place, item in r.items(m, "districts", place):
        d = r.mapping(item, d_place, ("name", "unit", "postcodes"), ("unit", "postcodes"))
        if d is None:
            continue
        postcodes = []
        for p_place, code in r.items(d, "postcodes", d_place, required=True):
            code = f"{code:04d}" if isinstance(code, int) and not isinstance(code, bool) else code
            if not isinstance(code, str) or not POSTCODE_RE.match(code.strip()):
                r.error(p_place, f"{_show(code)} is not a 4-digit postcode")
                continue
            postcodes.append(code.strip())
        districts.append(
            {
                "name": r.text(d, "name", d_place, max_length=200),
                "unit": r.code(d, "unit", d_place),
                "postcodes": postcodes,
                "_place": d_place,
            }
        )
    signs = r.text_list(m, "warning_signs", place)
    procedure_place = _join(place, "procedure")
    p = r.mapping(m.get("procedure"), procedure_place, ("title", "intro", "steps")) or {}
    steps = []
    for s_place, item in r.items(p, "steps", procedure_place):
        if isinstance(item, str):
            item = {"text": item}
        keys = ("text", "legal_reference", "partner", "as_needed", "before_involving_family")
        s = r.mapping(item, s_place, keys, ("text",))
        if s is not None:
            steps.append(
                {
                    "text": r.text(s, "text", s_place),
                    "legal_reference": r.text(s, "legal_reference", s_place, max_length=200),
                    "partner": r.code(s, "partner", s_place, required=False),
                    "as_needed": r.boolean(s, "as_needed", s_place, default=False),
                    "before_involving_family": r.boolean(s, "before_involving_family", s_place, default=False),
                    "_place": s_place,
                }
            )
    duties, audiences = [], set()
    for d_place, item in r.items(m, "duty_to_report", place):
        keys = ("audience", "duty", "text", "legal_reference", "anonymous_allowed", "sparring")
        d = r.mapping(item, d_place, keys, ("audience", "duty", "text"))
        if d is None:
            continue
        duty = {
            "audience": r.choice(d, "audience", d_place, Audience.values),
            "duty": r.choice(d, "duty", d_place, Duty.values),
            "text": r.text(d, "text", d_place),
            "anonymous_allowed": r.boolean(d, "anonymous_allowed", d_place, default=False),
            "sparring": r.code(d, "sparring", d_place, required=False),
            "_place": d_place,
        }
        duty["legal_reference"], note = r.fact(
            d, "legal_reference", d_place, lambda m, k, p: r.text(m, k, p, max_length=200)
        )
        duty["unconfirmed"] = {"legal_reference": note} if note else {}
        if duty["audience"] in audiences:
            r.error(_join(d_place, "audience"), f"{_show(duty['audience'])} is listed twice")
        audiences.add(duty["audience"])
        if duty["audience"] == Audience.PROFESSIONAL and duty["anonymous_allowed"]:
            r.error(_join(d_place, "anonymous_allowed"), "professionals cannot report anonymously (barnets lov § 133)")
        duties.append(duty)
    return {
        "code": r.code(m, "code", place),
        "name": r.text(m, "name", place, max_length=200),
        "min_age": min_age or 0,
        "max_age": max_age,
        "description": r.text(m, "description", place),
        "receiving_unit": r.code(m, "receiving_unit", place),
        "front_desk": r.code(m, "front_desk", place, required=False),
        "out_of_hours": r.code(m, "out_of_hours", place, required=False),
        "advice": advice,
        "districts": districts,
        "warning_signs": signs,
        "procedure": {
            "title": r.text(p, "title", procedure_place, max_length=300),
            "intro": r.text(p, "intro", procedure_place),
            "steps": steps,
        },
        "duty_to_report": duties,
        "_place": place,
    }


TARGET_GROUP_KEYS = (
    "code",
    "name",
    "ages",
    "description",
    "receiving_unit",
    "front_desk",
    "out_of_hours",
    "advice",
    "districts",
    "warning_signs",
    "procedure",
    "duty_to_report",
)


def _target_groups(r: _Reader, data: dict) -> list[dict]:
    result = []
    for place, item in r.items(data, "target_groups", "", required=True):
        m = r.mapping(item, place, TARGET_GROUP_KEYS, ("code", "name", "receiving_unit"))
        if m is not None:
            group = _target_group(r, place, m)
            if group["code"] == UNKNOWN_AGE_CHOICE:
                r.error(f"{place}.code", f'"{UNKNOWN_AGE_CHOICE}" is reserved for the unknown-age choice')
            result.append(group)
    return result


def _acute(r: _Reader, data: dict) -> dict:
    m = r.mapping(data.get("acute"), "acute", ("intro", "emergency", "steps"), ("steps",)) or {}
    e = r.mapping(m.get("emergency"), "acute.emergency", ("name", "phone", "instruction")) or {}
    steps = []
    for place, item in r.items(m, "steps", "acute"):
        if isinstance(item, str):
            item = {"text": item}
        s = r.mapping(item, place, ("text", "detail"), ("text",))
        if s is not None:
            steps.append(
                {"text": r.text(s, "text", place, max_length=300), "detail": r.text(s, "detail", place, max_length=300)}
            )
    return {
        "intro": r.text(m, "intro", "acute"),
        "emergency": {
            "name": r.text(e, "name", "acute.emergency", max_length=200) or "Politiet",
            "phone": r.phone(e, "phone", "acute.emergency") or "112",
            "instruction": r.text(e, "instruction", "acute.emergency", max_length=300),
        },
        "steps": steps,
    }


def _partners(r: _Reader, data: dict) -> list[dict]:
    result = []
    keys = ("code", "kind", "name", "purpose", "phone", "email", "url", "legal_reference", "note")
    for place, item in r.items(data, "partners", ""):
        m = r.mapping(item, place, keys, ("code", "kind", "name", "purpose"))
        if m is None:
            continue
        partner = {
            "code": r.code(m, "code", place),
            "kind": r.choice(m, "kind", place, Partner.Kind.values),
            "name": r.text(m, "name", place, max_length=300),
            "purpose": r.text(m, "purpose", place),
            "legal_reference": r.text(m, "legal_reference", place, max_length=200),
            "note": r.text(m, "note", place),
            "unconfirmed": {},
        }
        for key, read in (("phone", r.phone), ("email", r.email), ("url", r.url)):
            partner[key], note = r.fact(m, key, place, read)
            if note:
                partner["unconfirmed"][key] = note
        result.append(partner)
    return result


def _prevention(r: _Reader, data: dict) -> dict:
    m = r.mapping(data.get("prevention"), "prevention", ("intro", "source", "levels")) or {}
    levels, seen = [], set()
    for place, item in r.items(m, "levels", "prevention"):
        keys = ("level", "name", "description", "triangle_label")
        p = r.mapping(item, place, keys, ("level", "name", "description"))
        if p is None:
            continue
        level = r.choice(p, "level", place, PreventionLevel.Level.values)
        if level in seen:
            r.error(_join(place, "level"), f"{_show(level)} is listed twice")
        seen.add(level)
        levels.append(
            {
                "level": level,
                "name": r.text(p, "name", place, max_length=200),
                "description": r.text(p, "description", place),
                "triangle_label": r.text(p, "triangle_label", place, max_length=300),
            }
        )
    order = PreventionLevel.LEVEL_ORDER
    return {
        "intro": r.text(m, "intro", "prevention"),
        "source": r.text(m, "source", "prevention", max_length=300),
        "levels": sorted(levels, key=lambda x: order.index(x["level"]) if x["level"] in order else len(order)),
    }


def _goals(r: _Reader, data: dict) -> list[dict]:
    result = []
    for place, item in r.items(data, "goals", ""):
        m = r.mapping(item, place, ("code", "title", "description", "period", "activities"), ("code", "title"))
        if m is None:
            continue
        activities = []
        for a_place, a_item in r.items(m, "activities", place):
            keys = ("kind", "title", "description", "audience", "formats", "due", "partner")
            a = r.mapping(a_item, a_place, keys, ("kind", "title"))
            if a is not None:
                activities.append(
                    {
                        "kind": r.choice(a, "kind", a_place, GoalActivity.Kind.values),
                        "title": r.text(a, "title", a_place, max_length=300),
                        "description": r.text(a, "description", a_place),
                        "audience": r.text(a, "audience", a_place, max_length=300),
                        "formats": r.text_list(a, "formats", a_place),
                        "due": r.text(a, "due", a_place, max_length=100),
                        "partner": r.code(a, "partner", a_place, required=False),
                        "_place": a_place,
                    }
                )
        result.append(
            {
                "code": r.code(m, "code", place),
                "title": r.text(m, "title", place, max_length=300),
                "description": r.text(m, "description", place),
                "period": r.text(m, "period", place, max_length=50),
                "activities": activities,
            }
        )
    return result


def _implementation(r: _Reader, data: dict) -> dict:
    m = r.mapping(data.get("implementation"), "implementation", ("dissemination", "partnership")) or {}
    d = r.mapping(m.get("dissemination"), "implementation.dissemination", ("text", "channels")) or {}
    return {
        "dissemination": {
            "text": r.text(d, "text", "implementation.dissemination"),
            "channels": r.text_list(d, "channels", "implementation.dissemination"),
        },
        "partnership": r.text(m, "partnership", "implementation"),
    }


def _separate_routes(r: _Reader, data: dict) -> list[dict]:
    result = []
    for place, item in r.items(data, "separate_routes", ""):
        m = r.mapping(item, place, ("topic", "title", "text", "unit"), ("topic", "title", "text"))
        if m is not None:
            result.append(
                {
                    "topic": r.choice(m, "topic", place, TOPICS),
                    "title": r.text(m, "title", place, max_length=300),
                    "text": r.text(m, "text", place),
                    "unit": r.code(m, "unit", place, required=False),
                    "_place": place,
                }
            )
    return result


# --- cross-references ------------------------------------------------------------------


def _unique_codes(r: _Reader, items: list[dict], section: str, key: str = "code") -> None:
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        code = item.get(key)
        if not code:
            continue
        if code in seen:
            r.error(f"{section}[{i}].{key}", f"{_show(code)} is already used by {section}[{seen[code]}]")
        else:
            seen[code] = i


def _check_references(r: _Reader, spec: dict) -> None:
    units: dict[str, dict] = {}
    for unit in spec["units"]:
        if unit["code"]:
            units.setdefault(unit["code"], unit)  # a duplicate code is reported by _unique_codes
    centres = {c["code"] for c in spec["centres"]}
    partners = {p["code"] for p in spec["partners"]}
    groups = {g["code"] for g in spec["target_groups"]}

    def unit_ref(code: str, place: str, roles: Iterable[str], what: str) -> None:
        if not code:
            return
        unit = units.get(code)
        roles = tuple(roles)
        if unit is None:
            r.error(place, f"{_show(code)} is not the code of a unit in units")
        elif unit["role"] and unit["role"] not in roles:
            r.error(
                place, f"{_show(code)} has role {unit['role']}; {what} must be a unit with role {' or '.join(roles)}"
            )

    for unit in spec["units"]:
        place = unit["_place"]
        if unit["centre"] and unit["centre"] not in centres:
            r.error(f"{place}.centre", f"{_show(unit['centre'])} is not the code of a centre in centres")
        unit_ref(unit["forwards_to"], f"{place}.forwards_to", [UnitRole.RECEIVES_REPORTS], "forwards_to")
        if unit["forwards_to"] == unit["code"]:
            r.error(f"{place}.forwards_to", "a unit cannot forward to itself")
        if not unit["_hours_given"] and unit["role"] in (UnitRole.RECEIVES_REPORTS, UnitRole.FRONT_DESK):
            r.warn(f"{place}.hours", "no opening hours: routing cannot tell whether the unit is open")
        if not unit["_hours_given"] and unit["role"] == UnitRole.OUT_OF_HOURS:
            r.warn(f"{place}.hours", f'no hours: say "{ALWAYS}" if the line is open around the clock')

    routing = spec["routing"]
    unit_ref(routing["out_of_hours"], "routing.out_of_hours", [UnitRole.OUT_OF_HOURS], "routing.out_of_hours")
    if routing["unknown_age_goes_to"] and routing["unknown_age_goes_to"] not in groups:
        r.error(
            "routing.unknown_age_goes_to",
            f"{_show(routing['unknown_age_goes_to'])} is not the code of a group in target_groups",
        )
    if not routing["unknown_age_goes_to"] and len(spec["target_groups"]) > 1:
        r.error("routing.unknown_age_goes_to", "is required when the plan has more than one target group")

    for group in spec["target_groups"]:
        place = group["_place"]
        unit_ref(group["receiving_unit"], f"{place}.receiving_unit", [UnitRole.RECEIVES_REPORTS], "receiving_unit")
        unit_ref(group["front_desk"], f"{place}.front_desk", [UnitRole.FRONT_DESK], "front_desk")
        unit_ref(group["out_of_hours"], f"{place}.out_of_hours", [UnitRole.OUT_OF_HOURS], "out_of_hours")
        if not group["out_of_hours"] and not routing["out_of_hours"]:
            r.warn(place, "no out-of-hours contact (set out_of_hours here or in routing)")
        receivers = {group["receiving_unit"]} | {d["unit"] for d in group["districts"]}
        desk = units.get(group["front_desk"])
        if desk and desk["forwards_to"] and desk["forwards_to"] not in receivers:
            r.error(
                f"{place}.front_desk",
                f"{_show(desk['code'])} forwards to {_show(desk['forwards_to'])}, "
                "which does not receive reports for this group",
            )
        for advice in group["advice"]:
            unit_ref(advice["unit"], f"{advice['_place']}.unit", [UnitRole.ADVICE, UnitRole.RECEIVES_REPORTS], "advice")
        seen_postcodes: dict[str, str] = {}
        for district in group["districts"]:
            unit_ref(district["unit"], f"{district['_place']}.unit", [UnitRole.RECEIVES_REPORTS], "a district unit")
            for code in district["postcodes"]:
                if code in seen_postcodes:
                    r.error(f"{district['_place']}.postcodes", f'postcode "{code}" is also in {seen_postcodes[code]}')
                seen_postcodes[code] = district["_place"]
        for step in group["procedure"]["steps"]:
            if step["partner"] and step["partner"] not in partners:
                r.error(f"{step['_place']}.partner", f"{_show(step['partner'])} is not the code of a partner")
        for duty in group["duty_to_report"]:
            unit_ref(
                duty["sparring"], f"{duty['_place']}.sparring", [UnitRole.ADVICE, UnitRole.RECEIVES_REPORTS], "sparring"
            )

    for goal in spec["goals"]:
        for activity in goal["activities"]:
            if activity["partner"] and activity["partner"] not in partners:
                r.error(f"{activity['_place']}.partner", f"{_show(activity['partner'])} is not the code of a partner")

    for route in spec["separate_routes"]:
        unit_ref(route["unit"], f"{route['_place']}.unit", UnitRole.values, "unit")
        if route["topic"] and route["topic"] in spec["plan"]["topics"]:
            r.error(f"{route['_place']}.topic", f"{_show(route['topic'])} is covered by the plan (plan.topics)")

    _check_ages(r, spec["target_groups"])


def _check_ages(r: _Reader, groups: list[dict]) -> None:
    """The age bands must cover every age from 0 upwards exactly once."""
    no_limit = 10**6
    bands = sorted(
        ((g["min_age"], g["max_age"], g["_place"]) for g in groups),
        key=lambda band: (band[0], no_limit if band[1] is None else band[1]),
    )
    expected: int | None = 0  # the lowest age not yet covered; None once every age is covered
    for low, high, place in bands:
        if expected is None or low < expected:
            r.error(f"{place}.ages", f"overlaps another group (age {low} is already covered)")
        elif low > expected:
            ages = f"age {expected} is" if low - 1 == expected else f"ages {expected}-{low - 1} are"
            r.error("target_groups", f"{ages} not covered by any group")
        if expected is not None:
            expected = None if high is None else max(expected, high + 1)
    if bands and expected is not None:
        r.error("target_groups", f"ages {expected} and up are not covered by any group")


def _strip_private(value):
    """Drop the helper keys (starting with "_") used for error places."""
    if isinstance(value, dict):
        return {k: _strip_private(v) for k, v in value.items() if not str(k).startswith("_")}
    if isinstance(value, list):
        return [_strip_private(v) for v in value]
    return value


def validate_plan_data(data: Any) -> ValidationResult:
    if not isinstance(data, dict):
        return ValidationResult(errors=["the file must be a YAML mapping with the sections described in FORMAT.md"])
    r = _Reader()
    root = r.mapping(data, "", TOP_LEVEL_KEYS, ("format", "municipality", "plan", "units", "target_groups", "acute"))
    if root.get("format") not in (None, FORMAT_VERSION):
        r.error("format", f"{_show(root.get('format'))} is not a supported format version (use {FORMAT_VERSION})")
    plan_unconfirmed: dict[str, str] = {}
    adoption, revision = _adoption_and_revision(r, root, plan_unconfirmed)
    spec = {
        "format": FORMAT_VERSION,
        "municipality": _municipality(r, root),
        "plan": _plan(r, root),
        "adoption": adoption,
        "revision": revision,
        "terms": _terms(r, root),
        "definitions": _definitions(r, root),
        "warning_signs": _warning_signs(r, root),
        "centres": _centres(r, root),
        "units": _units(r, root),
        "routing": _routing(r, root, plan_unconfirmed),
        "target_groups": _target_groups(r, root),
        "acute": _acute(r, root),
        "partners": _partners(r, root),
        "prevention": _prevention(r, root),
        "goals": _goals(r, root),
        "implementation": _implementation(r, root),
        "separate_routes": _separate_routes(r, root),
        "unconfirmed": plan_unconfirmed,
    }
    for section in ("definitions", "centres", "units", "target_groups", "partners", "goals"):
        _unique_codes(r, spec[section], section)
    _check_references(r, spec)
    if r.errors:
        return ValidationResult(errors=r.errors, warnings=r.warnings)
    return ValidationResult(warnings=r.warnings, spec=_strip_private(spec))
