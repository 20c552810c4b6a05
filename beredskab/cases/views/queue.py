"""A report in the queue, taken into a new case or added to an open one."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from beredskab.accounts.models import User
from beredskab.core import submissions
from beredskab.core.policies import PolicyDenied
from beredskab.core.workdays import to_local
from beredskab.intake.models import Report

from .. import forms, hooks, matching, selectors, services
from ..clocks import queue_clock
from ..errors import CaseError
from ..models import CaseReport
from ..policies import case_policy, lead_unit_ids, report_held_for
from ..view_helpers import case_url, case_work_required


def _queue_report(request, reference: str) -> Report:
    try:
        return selectors.queue_report_for_reading(user=request.user, reference=reference)
    except Report.DoesNotExist:
        raise Http404 from None


def _open_forms(request, report: Report, matches, *, open_data=None, add_data=None):
    held = selectors.report_hold(report)
    candidates = [report, *[r for r in matches.reports if r.receiving_unit_id == report.receiving_unit_id]]
    report_choices = [
        (r.reference, _("%(ref)s, modtaget %(date)s") % {"ref": r.reference, "date": _local_date(r.received_at)})
        for r in candidates
    ]
    may_assign = report.receiving_unit_id in lead_unit_ids(request.user)
    open_form = forms.OpenCaseForm(
        open_data,
        report_choices=report_choices,
        unit_id=report.receiving_unit_id,
        may_assign=may_assign,
        user=request.user,
        held=held is not None,
        initial={"reports": [report.reference]},
        prefix="open",
    )
    open_cases = [c for c in matches.cases if c.is_open and c.unit_id == report.receiving_unit_id]
    if held is not None:  # a held report goes to its case and nowhere else
        open_cases = [c for c in open_cases if c.pk == held.case_id]
    add_form = (
        forms.AddToCaseForm(
            add_data,
            case_choices=[(c.reference, c.reference) for c in open_cases],
            prefix="add",
        )
        if open_cases
        else None
    )
    for form in (open_form, add_form):
        if form is not None:
            submissions.add_token(form)
    return open_form, add_form, candidates


def _local_date(moment) -> str:
    return date_format(to_local(moment), "j. F Y H:i")


def _render_queue_report(request, report, matches, open_form, add_form, status=200):
    link = CaseReport.objects.filter(report=report).select_related("case").first()
    return render(
        request,
        "cases/queue_report.html",
        {
            "report": report,
            "clock": queue_clock(report),
            "matches": matches,
            "open_form": open_form,
            "add_form": add_form,
            "in_case": link.case if link else None,
            "may_see_case": bool(link and case_policy.can(request.user, "view", link.case)),
            "held": report_held_for(user=request.user, report=report),
            "adult": report.is_adult_inquiry,
            "sections": hooks.queue_report_sections(request.user, report),
        },
        status=status,
    )


@case_work_required
def queue_report(request, report_reference: str):
    report = _queue_report(request, report_reference)
    matches = matching.matches_for_report(user=request.user, report=report)
    open_form, add_form, _candidates = _open_forms(request, report, matches)
    return _render_queue_report(request, report, matches, open_form, add_form)


@require_POST
@case_work_required
def queue_open_case(request, report_reference: str):
    report = _queue_report(request, report_reference)
    matches = matching.matches_for_report(user=request.user, report=report)
    open_form, add_form, candidates = _open_forms(request, report, matches, open_data=request.POST)
    if open_form.is_valid():
        chosen = [r for r in candidates if r.reference in open_form.cleaned_data["reports"]]
        owner = None
        owner_id = open_form.cleaned_data.get("owner")
        if owner_id:
            owner = User.objects.filter(pk=owner_id).first()
        try:
            case = submissions.submit_once(
                user=request.user,
                form=open_form,
                perform=lambda: services.case_open(
                    actor=request.user,
                    reports=chosen,
                    owner=owner,
                    hold_release_reason=open_form.cleaned_data.get("hold_release_reason", ""),
                ),
                default_url=case_url,
            )
        except submissions.AlreadySubmitted as already:
            response = submissions.already_submitted_response(
                request, already, open_form, fallback_url=reverse("cases:queue_report", args=[report.reference])
            )
            if response is not None:
                return response
        except CaseError as error:
            open_form.add_error(None, error.reason)
        else:
            messages.success(request, _("Sag %(ref)s er oprettet.") % {"ref": case.reference})
            return redirect(case_url(case))
    return _render_queue_report(request, report, matches, open_form, add_form, status=400)


@require_POST
@case_work_required
def queue_add_to_case(request, report_reference: str):
    report = _queue_report(request, report_reference)
    matches = matching.matches_for_report(user=request.user, report=report)
    open_form, add_form, _candidates = _open_forms(request, report, matches, add_data=request.POST)
    if add_form is None:
        raise Http404
    if add_form.is_valid():
        case = next(c for c in matches.cases if c.reference == add_form.cleaned_data["case"])
        try:
            submissions.submit_once(
                user=request.user,
                form=add_form,
                perform=lambda: services.case_add_report(actor=request.user, case=case, report=report),
                default_url=case_url(case),
            )
        except submissions.AlreadySubmitted as already:
            response = submissions.already_submitted_response(
                request, already, add_form, fallback_url=reverse("cases:queue_report", args=[report.reference])
            )
            if response is not None:
                return response
        except (CaseError, PolicyDenied) as error:
            add_form.add_error(None, error.reason)
        else:
            messages.success(
                request,
                _("Underretningen er lagt på sag %(ref)s. Husk vurderingen inden for 24 timer.")
                % {"ref": case.reference},
            )
            return redirect(case_url(case))
    return _render_queue_report(request, report, matches, open_form, add_form, status=400)
