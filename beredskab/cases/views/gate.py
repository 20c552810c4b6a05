"""Screening, the NSK/ÆRK flag and the leaders' oversight of the risk gate (the gate's own pages,
assessments and overrides, are in `beredskab.cases.risk.views`)."""

from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .. import forms, hooks, selectors, services
from ..models import Screening
from ..policies import case_policy
from ..view_helpers import case_for_page, case_work_required, form_page, lead_required, post_action, refused


@require_http_methods(["GET", "POST"])
@case_work_required
def screening(request, reference: str):
    case = case_for_page(request, reference)
    has_signs = any(cr.report.observed_signs for cr in case.case_reports.select_related("report"))
    form = forms.ScreeningForm(
        request.POST or None,
        initial={"nsk_aerk_possible": True, "earlier_honour_conflicts": case.earlier_honour_conflicts},
    )
    intro = _(
        "Barnets lov § 18: Hver underretning screenes. Kan der være tale om negativ social kontrol eller en "
        "æresrelateret konflikt, laves en risikovurdering, før forældre eller netværk inddrages. Overvej, om der "
        "har været tidligere æresrelaterede konflikter."
    )
    return form_page(
        request,
        case,
        form,
        lambda d: services.screening_record(actor=request.user, case=case, **d),
        title=_("Screening"),
        intro=intro,
        anchor="screening",
        success=_("Screeningen er registreret."),
        context={
            "has_signs": has_signs,
            # Lazy: worked out (and audited by its app) only when the page is shown.
            "extra_sections": lambda: hooks.screening_sections(request.user, case),
        },
    )


@require_POST
@case_work_required
def screening_approve(request, reference: str, screening_id: int):
    """A leader approves a screening that rules NSK/ÆRK out (four eyes); the gate opens."""
    case = case_for_page(request, reference, audit=False)
    screening = get_object_or_404(Screening, pk=screening_id, case=case)
    return post_action(
        request,
        case,
        lambda: services.screening_gate_approve(
            actor=request.user, screening=screening, seen_gate_token=request.POST.get("gate_token", "")
        ),
        success=_("Screeningen er godkendt. Risikoporten er åben."),
        anchor="risikoport",
    )


@require_POST
@case_work_required
def case_flag(request, reference: str):
    """Mark the case: NSK/ÆRK may be involved. Removing the mark is a leader's decision with a
    reason on its own page (risk:not_involved), never a plain button."""
    case = case_for_page(request, reference, audit=False)
    if request.POST.get("flagged") != "1":
        decision = case_policy.decide(request.user, "override_gate", case)
        if not decision:
            return refused(request, decision.reason, case)
        return redirect("risk:not_involved", reference=case.reference)
    return post_action(
        request,
        case,
        lambda: services.case_flag_set(actor=request.user, case=case),
        success=_("Sagen er markeret med mulig NSK/ÆRK."),
        anchor="risikoport",
    )


@case_work_required
def gate_oversight(request):
    """The leader's list: every gate opened by a leader's decision that still stands, and
    screenings that rule NSK/ÆRK out and wait for a leader's approval."""
    lead_required(request)
    oversight = selectors.gate_oversight(user=request.user)
    return render(request, "cases/gate_oversight.html", {"oversight": oversight})
