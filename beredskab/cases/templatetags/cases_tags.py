"""Template helpers for the case pages: disclosure marks and clock badges."""

from django import template

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
