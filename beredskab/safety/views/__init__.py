"""The safety pages, reached from the case page: the personal safety plan (with its PDFs), the
no-show button, trips abroad and the return check, the concern radar, and the list before a
school holiday. Thin: the case comes through the case policy (404 when not visible), writes go
through the services, refusals are shown with the reason."""

from .plans import overview, plan_detail, plan_edit, plan_end, plan_new, plan_pdf, scenario_add
from .watch import holiday_list, no_show, no_show_handle, radar, trip_add, trip_return

__all__ = [
    "holiday_list",
    "no_show",
    "no_show_handle",
    "overview",
    "plan_detail",
    "plan_edit",
    "plan_end",
    "plan_new",
    "plan_pdf",
    "radar",
    "scenario_add",
    "trip_add",
    "trip_return",
]
