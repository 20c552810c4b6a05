"""When the plan was adopted and must be revised (barnets lov § 15, stk. 3: at least every
`REVISION_YEARS` years), and where these plan-level facts stand in the file.

The adoption date may be partial, as many plans state it: `2024-04` or `april 2024` (a month),
`2024` (a year). It is kept as the first day of that month or year with its precision, shown as
the plan states it ("april 2024"), and a revision date derived from it is not confirmed."""

import datetime
import re

from ..models import latest_revision_due
from ..models.plan import REVISION_YEARS, DatePrecision
from .reader import Reader, join, show

DANISH_MONTHS = (
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
)
_MONTH_RE = re.compile(r"^(\d{4})-(\d{1,2})$")
_NAMED_MONTH_RE = re.compile(r"^([a-zæøå]+)\.? (\d{4})$")


def partial_date(r: Reader, m: dict, key: str, path: str) -> tuple[datetime.date | None, str]:
    """(date, precision) for YYYY-MM-DD, YYYY-MM, "april 2024" or YYYY; (None, "day") when absent."""
    value = m.get(key)
    if isinstance(value, int) and not isinstance(value, bool) and 1900 < value < 2200:
        return datetime.date(value, 1, 1), DatePrecision.YEAR
    if isinstance(value, str):
        text = value.strip().lower()
        if re.fullmatch(r"\d{4}", text) and 1900 < int(text) < 2200:
            return datetime.date(int(text), 1, 1), DatePrecision.YEAR
        month = _MONTH_RE.match(text)
        named = _NAMED_MONTH_RE.match(text)
        if named and named.group(1) in DANISH_MONTHS:
            month_number, year = DANISH_MONTHS.index(named.group(1)) + 1, int(named.group(2))
        elif month and 1 <= int(month.group(2)) <= 12:
            month_number, year = int(month.group(2)), int(month.group(1))
        else:
            month_number = year = None
        if year and 1900 < year < 2200:
            return datetime.date(year, month_number, 1), DatePrecision.MONTH
        if month or named:
            r.error(join(path, key), f"{show(value)} is not a valid month (use YYYY-MM or e.g. april 2024)")
            return None, DatePrecision.DAY
    return r.date(m, key, path), DatePrecision.DAY


# Where each plan-level fact lives in the file: model field -> (section, key).
PLAN_FACT_PLACES = {
    "adopted_by": ("adoption", "adopted_by"),
    "adopted_on": ("adoption", "adopted_on"),
    "published_on": ("adoption", "published_on"),
    "revision_due": ("revision", "due"),
    "closure_days": ("routing", "closure_days"),
}


def adoption_and_revision(r: Reader, data: dict, unconfirmed: dict) -> tuple[dict, dict]:
    """The adoption and revision sections; their unconfirmed facts go into `unconfirmed` (the plan's)."""
    keys = ("adopted_by", "adopted_on", "published_on", "political_responsibility")
    a = r.mapping(data.get("adoption"), "adoption", keys) or {}
    adoption = {"political_responsibility": r.text(a, "political_responsibility", "adoption")}
    precision = {}

    def adopted_on(m: dict, k: str, p: str) -> datetime.date | None:
        day, precision["adopted_on"] = partial_date(r, m, k, p)
        return day

    for key, read in (
        ("adopted_by", lambda m, k, p: r.text(m, k, p, max_length=200)),
        ("adopted_on", adopted_on),
        ("published_on", r.date),
    ):
        adoption[key], note = r.fact(a, key, "adoption", read)
        if note:
            unconfirmed[key] = note
    adoption["adopted_on_precision"] = precision.get("adopted_on", DatePrecision.DAY)

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
            r.error(
                "revision.due",
                f"{due} is more than {REVISION_YEARS} years after adoption ({adopted_on}); at the latest {latest}",
            )
        elif due <= adopted_on:
            r.error("revision.due", f"{due} must be after the adoption date ({adopted_on})")
    if adoption["published_on"] and adopted_on and adoption["published_on"] < adopted_on:
        r.warn("adoption.published_on", "is before the adoption date")
    return adoption, revision
