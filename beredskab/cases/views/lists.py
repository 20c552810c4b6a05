"""The lists of a case worker: the queue, my cases, the unit's cases and the deadlines."""

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from beredskab.core import dates

from .. import selectors
from ..clocks import case_clocks, worst_state
from ..models import CaseStatus
from ..policies import lead_unit_ids
from ..tracks import adult_only_user
from ..view_helpers import case_work_required


def _list_rows(user, cases):
    """A row per case; the child as this user may see them (restrictions apply to lists too)."""
    now = timezone.now()
    rows = []
    for case in cases:
        clocks = case_clocks(case, include_done=False)
        rows.append(
            {
                "case": case,
                "subject": selectors.disclosure_for(user, case).subject(on=dates.today()),
                "next_clock": clocks[0] if clocks else None,
                "state": worst_state(clocks, now),
            }
        )
    return rows


@case_work_required
def queue(request):
    """New reports first by urgency (acute), then by deadline; and cases without an owner."""
    queue = selectors.queue(user=request.user, page=request.GET.get("side") or 1)
    return render(
        request,
        "cases/queue.html",
        {
            "items": [
                {"report": i.report, "clock": i.clock, "age": i.report.subject_age, "held": i.held} for i in queue.items
            ],
            "unowned": _list_rows(request.user, queue.unowned),
            "lead_units": lead_unit_ids(request.user),
            "adult_only": adult_only_user(request.user),
            "page": queue.page,
        },
    )


@case_work_required
def my_cases(request):
    """The user's open cases, and cases shared with their units."""
    mine = selectors.my_cases(user=request.user)
    shared = selectors.shared_cases(user=request.user)
    return render(
        request,
        "cases/case_list.html",
        {
            "title": _("Mine sager"),
            "rows": _list_rows(request.user, mine),
            "shared_rows": _list_rows(request.user, shared),
            "show_owner": False,
        },
    )


@case_work_required
def unit_cases(request):
    """The cases of the user's units, open ones or those in the chosen `?status=`."""
    status = request.GET.get("status") or None
    if status not in CaseStatus.values:
        status = None
    cases = selectors.unit_cases(user=request.user, status=status)
    return render(
        request,
        "cases/case_list.html",
        {
            "title": _("Enhedens sager"),
            "rows": _list_rows(request.user, cases),
            "shared_rows": [],
            "show_owner": True,
            "statuses": CaseStatus.choices,
            "status": status,
        },
    )


@case_work_required
def deadlines(request):
    """Every running statutory clock of the user's units (or their own, `?vis=mine`), soonest first."""
    mine = request.GET.get("vis") == "mine"
    page = selectors.deadlines_page(
        user=request.user, today=dates.today(), mine_only=mine, page=request.GET.get("side") or 1
    )
    return render(
        request,
        "cases/deadlines.html",
        {"clocks": page.page.object_list, "page": page.page, "mine": mine, "turning_18": page.turning_18},
    )
