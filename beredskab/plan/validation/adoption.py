"""When the plan was adopted and must be revised (barnets lov § 15, stk. 3: at least every
`REVISION_YEARS` years), and where these plan-level facts stand in the file."""

from ..models import latest_revision_due
from ..models.plan import REVISION_YEARS
from .reader import Reader

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
            r.error(
                "revision.due",
                f"{due} is more than {REVISION_YEARS} years after adoption ({adopted_on}); at the latest {latest}",
            )
        elif due <= adopted_on:
            r.error("revision.due", f"{due} must be after the adoption date ({adopted_on})")
    if adoption["published_on"] and adopted_on and adoption["published_on"] < adopted_on:
        r.warn("adoption.published_on", "is before the adoption date")
    return adoption, revision
