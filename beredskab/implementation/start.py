"""The implementation's section on the staff start page (`core.navigation.adds_start_section`):
the coordinator sees the revision deadline of the plan in force, the latest reminder and the
dissemination counts; an employee whose unit was sent the plan is asked to acknowledge it, in
one click."""

from beredskab.plan.selectors import plan_in_force

from .policies import coordinates
from .revision import revision_status
from .selectors import acknowledgement_of, asked_to_acknowledge, dissemination_coverage


def start_section(user):
    context = {}
    if coordinates(user):
        context["revision"] = revision_status()
        context["coverage"] = dissemination_coverage()
    if asked_to_acknowledge(user):
        context["ask"] = True
        context["plan"] = plan_in_force()  # the version asked about: a stale click is refused
    else:
        context["acknowledgement"] = acknowledgement_of(user)
    if not (context.get("revision") or context.get("ask") or context.get("acknowledgement")):
        return None
    return "implementation/_start.html", context
