"""The no-show button, trips abroad and the return check, the concern radar and the list
before a school holiday."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from beredskab.audit.purposes import Purpose
from beredskab.cases.errors import CaseError
from beredskab.cases.models import Case
from beredskab.cases.selectors import CHOOSABLE_READ_PURPOSES, read_purpose
from beredskab.cases.view_helpers import case_for_page, case_work_required, refused
from beredskab.core import dates, submissions
from beredskab.core.policies import PolicyDenied
from beredskab.core.roles import Capability

from .. import forms, selectors, services
from ..models import NoShow, Trip
from ..policies import active_plan, safety_policy
from .common import overview_url, safety_form


def _no_show_case(request, reference: str):
    """The case for the no-show button: the person the active plan names (who may work
    outside the case's unit) gets it; everyone else goes through the case policy."""
    case = Case.objects.filter(reference=reference).select_related("unit").first()
    plan = active_plan(case) if case is not None else None
    if plan is not None and plan.no_show_reporter_id == request.user.pk:
        return case, True
    if not request.user.has_capability(Capability.CASE_WORK):
        raise PermissionDenied
    return case_for_page(request, reference, audit=False), False


@require_http_methods(["GET", "POST"])
def no_show(request, reference: str):
    """One step: "did not turn up". Shows no personal data, only the button and the case reference."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    case, named = _no_show_case(request, reference)
    done_url = request.path
    if (done := submissions.redirect_if_done(request, fallback_url=done_url)) is not None:
        return done
    form = forms.BaseForm(request.POST or None)
    submissions.add_token(form)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            submissions.submit_once(
                user=request.user,
                form=form,
                perform=lambda: services.no_show_record(actor=request.user, case=case),
                default_url=done_url,
            )
        except PolicyDenied as denied:
            return refused(request, denied.reason, case)
        except (CaseError, submissions.AlreadySubmitted) as refusal:
            error = getattr(refusal, "reason", "") or _("Udeblivelsen er allerede meldt.")
        else:
            return render(request, "safety/no_show_done.html", {"case": case})
    decision = safety_policy.decide(request.user, "report_no_show", case)
    return render(
        request,
        "safety/no_show.html",
        {"case": case, "form": form, "error": error, "named": named, "refusal": "" if decision else decision.reason},
        status=409 if error else 200,
    )


@require_http_methods(["GET", "POST"])
@case_work_required
def no_show_handle(request, reference: str, pk: int):
    case = case_for_page(request, reference)
    row = get_object_or_404(NoShow, pk=pk, case=case)
    if (done := submissions.redirect_if_done(request, fallback_url=overview_url(case, "udeblivelser"))) is not None:
        return done
    form = forms.NoShowHandleForm(request.POST or None)

    def perform(data):
        services.no_show_handle(actor=request.user, no_show=row, action_taken=data["action_taken"])
        return redirect(overview_url(case, "udeblivelser"))

    return safety_form(
        request,
        case,
        form,
        perform,
        title=_("Hvad blev der gjort ved udeblivelsen?"),
        intro=_("Når det er skrevet, stopper varslingen til lederen og vagten, og opgaven lukkes."),
        anchor="udeblivelser",
        success=_("Det er registreret, hvad der blev gjort."),
    )


@require_http_methods(["GET", "POST"])
@case_work_required
def trip_add(request, reference: str):
    case = case_for_page(request, reference)
    form = forms.TripForm(request.POST or None)

    def perform(data):
        services.trip_record(actor=request.user, case=case, **data)
        return redirect(overview_url(case, "rejser"))

    return safety_form(
        request,
        case,
        form,
        perform,
        title=_("Ny rejse til udlandet"),
        intro=_(
            "En planlagt rejse, eller en mistanke om en. Med en forventet hjemkomst følger systemet op på, "
            "om den unge kom tilbage."
        ),
        anchor="rejser",
        success=_("Rejsen er registreret."),
    )


@require_http_methods(["GET", "POST"])
@case_work_required
def trip_return(request, reference: str, pk: int):
    case = case_for_page(request, reference)
    trip = get_object_or_404(Trip, pk=pk, case=case)
    if (done := submissions.redirect_if_done(request, fallback_url=overview_url(case, "rejser"))) is not None:
        return done
    form = forms.ReturnForm(request.POST or None, initial={"returned_on": dates.today()})

    def perform(data):
        services.trip_return_confirm(actor=request.user, trip=trip, returned_on=data["returned_on"], note=data["note"])
        return redirect(overview_url(case, "rejser"))

    return safety_form(
        request,
        case,
        form,
        perform,
        title=_("Bekræft, at den unge er kommet hjem"),
        anchor="rejser",
        success=_("Hjemkomsten er bekræftet."),
    )


@require_http_methods(["GET"])
@case_work_required
def radar(request, reference: str):
    case = case_for_page(request, reference, audit=False)
    decision = safety_policy.decide(request.user, "view", case)
    if not decision:
        return refused(request, decision.reason, case)
    purpose = request.GET.get("formaal")
    result = selectors.radar_for_case(user=request.user, case=case, purpose=purpose, today=dates.today())
    return render(
        request,
        "safety/radar.html",
        {
            "case": case,
            "radar": result,
            "purposes": [(p, Purpose(p).label) for p in CHOOSABLE_READ_PURPOSES],
            "read_purpose": read_purpose(request.user, case, purpose),
        },
    )


@require_http_methods(["GET"])
@case_work_required
def holiday_list(request):
    holidays = selectors.upcoming_holidays(dates.today())
    return render(
        request,
        "safety/holiday_list.html",
        {"holidays": [{**h, "rows": selectors.holiday_watch(user=request.user, holiday=h)} for h in holidays]},
    )
