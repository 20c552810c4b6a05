"""Template helpers for the case pages: disclosure marks and clock badges."""

from django import template
from django.utils.translation import gettext as _

from beredskab.cases import tracks
from beredskab.cases.clocks import ClockState
from beredskab.intake.deadlines import RECEIPT_WORKING_DAYS

register = template.Library()

STATE_BADGES = {
    ClockState.OVERDUE: "badge-error",
    ClockState.DUE_SOON: "badge-warning",
    ClockState.RUNNING: "badge-info",
    ClockState.DONE: "badge-success",
    ClockState.DONE_LATE: "badge-warning",
}


@register.simple_tag
def restriction_marks(disclosure, obj, field=""):
    """[{audience, reason, field}] for the case team; [] for everyone else."""
    if disclosure is None or not disclosure.is_case_team:
        return []
    return disclosure.marks(obj, field)


@register.simple_tag
def may_show(disclosure, obj, field=""):
    return disclosure is None or disclosure.may_show(obj, field)


@register.simple_tag
def receipt_working_days() -> int:
    """The receipt deadline in working days (barnets lov § 137), for the words that state it."""
    return RECEIPT_WORKING_DAYS


@register.filter
def state_badge(state) -> str:
    return STATE_BADGES.get(state, "badge-info")


@register.filter
def is_overdue(clock) -> bool:
    return clock.state() == ClockState.OVERDUE


@register.inclusion_tag("cases/_clock_state.html")
def clock_state(clock):
    state = clock.state()
    return {"clock": clock, "state": state, "badge": STATE_BADGES.get(state, "badge-info"), "label": clock.state_label}


@register.filter
def for_case(text, case):
    """Shared text (e.g. the risk instrument's) in the case's track's words."""
    return tracks.for_case(text, case)


@register.filter
def step_label(step, case) -> str:
    """A network step's name in the case's track's words."""
    return tracks.step_label(step.kind, case)


@register.simple_tag
def subject_heading(rows) -> str:
    """The person column's heading in a list of cases: "Borgeren" when every case is an adult's,
    "Barnet" when every case is a child's, else "Person"."""
    adult = {row["case"].is_adult for row in rows}
    if adult == {True}:
        return tracks.ADULT_WORDS["subject"]
    if adult == {False}:
        return tracks.CHILD_WORDS["subject"]
    return _("Person")
