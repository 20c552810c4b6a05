from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from beredskab.core import dates
from beredskab.core.pdf import pdf_response
from beredskab.core.roles import Capability
from beredskab.core.typed_input import (
    input_problem,
    keeps_input_on_csrf_failure,
    keeps_input_on_upload_error,
    language_switch,
    remember_language,
    typed_values,
)
from beredskab.core.views_helpers import capability_required
from beredskab.plan.selectors import offered_readers, plan_in_force

from . import documents, ratelimit, selectors
from .forms import ACCEPTED_CONTENT_TYPES, REPORTER_PARAM, AcuteQuestionForm, ReportForm, reporter_choices
from .models import Attachment, Channel, Report
from .plan_texts import form_texts
from .services import IntakeUnavailable, report_submit


def start(request):
    """Before the form: is anyone in danger right now? Yes shows the acute card first.

    A GET form (so the quick exit can replace the history entry), checked only when the query
    holds its answer or its hidden `svar` (sent with the form even with nothing chosen): the
    guide's link with ?gruppe=... opens it without errors."""
    sent = "svar" in request.GET or "danger" in request.GET
    form = AcuteQuestionForm(request.GET if sent else None)
    if form.is_valid():
        if form.cleaned_data["danger"] == "yes":
            return redirect(reverse("intake:acute") + _group_query(request))
        return redirect(reverse("intake:create") + _group_query(request))
    context = {"form": form, "group": _plain_code(request, "gruppe"), "reporter": _reporter_code(request)}
    return render(request, "intake/start.html", context)


def acute(request):
    plan = plan_in_force()
    return render(
        request,
        "intake/acute.html",
        {
            "plan": plan,
            "texts": form_texts(plan),
            "continue_url": reverse("intake:create") + "?akut=1" + _also(request),
        },
    )


def _plain_code(request, name: str) -> str:
    """A code from the query (a target group, a reader's kind), or "" when it is not one: letters,
    digits and hyphens only, never more than a code needs."""
    value = request.GET.get(name, "")
    return value if len(value) <= 60 and value.replace("-", "").replace("_", "").isalnum() else ""


def _also(request) -> str:
    """The guide's choices as further query parameters ("&gruppe=...&hvem=...")."""
    query = _group_query(request)
    return f"&{query[1:]}" if query else ""


def _reporter_code(request) -> str:
    """The guide's reader (`REPORTER_PARAM`) when it is a "Hvem er du?" value the form offers with
    the plan in force, else "": nothing else typed into the address is carried on."""
    value = request.GET.get(REPORTER_PARAM, "")
    return value if value in reporter_choices(offered_readers(plan_in_force()))[1] else ""


def _group_query(request) -> str:
    """The guide's choices carried from the start page to the form: the group and the reader's kind."""
    query = {"gruppe": _plain_code(request, "gruppe"), REPORTER_PARAM: _reporter_code(request)}
    query = urlencode({name: value for name, value in query.items() if value})
    return f"?{query}" if query else ""


@keeps_input_on_upload_error
@keeps_input_on_csrf_failure
@require_http_methods(["GET", "POST"])
def create(request):
    return _report_form(request, channel=Channel.PUBLIC, template="intake/form.html")


@keeps_input_on_upload_error
@require_http_methods(["GET", "POST"])
@capability_required(Capability.REPORT_ON_BEHALF)
def staff_create(request):
    return _report_form(request, channel=Channel.STAFF, template="intake/staff_form.html")


def _texts_for_person(form, plan, texts, group_code):
    """When the reporter has said the person is an adult (the guide's group for adults, or an age
    in the plan's adult band), the form speaks of the citizen: no parents, no children."""
    if form.is_bound and not hasattr(form, "cleaned_data"):
        form.is_valid()  # shown again in another language: read the age typed (errors are not shown)
    age = form.stated_age(dates.today()) if form.is_bound else None
    if age is not None and plan is not None:
        texts = form_texts(plan, group_code=group_code, age=age)
    if texts.adult:
        form.speak_of_an_adult(texts.sign_choices, texts.family_advice)
    return texts


def _report_form(request, *, channel: str, template: str):
    language = language_switch(request)  # the form's own language buttons (see core.typed_input)
    plan = plan_in_force()
    texts = form_texts(plan, group_code=request.GET.get("gruppe") or None)
    form_kwargs = {
        "sign_choices": texts.sign_choices,
        "sign_labels": texts.sign_labels,
        "family_advice": texts.family_advice,
        "readers": texts.readers,
    }
    status = 200
    if language:  # shown again in the chosen language with what was typed, unchecked
        form = ReportForm(initial=typed_values(ReportForm(request.POST, **form_kwargs)), **form_kwargs)
    elif request.method == "POST":
        form = ReportForm(request.POST, request.FILES, **form_kwargs)
        limited = channel == Channel.PUBLIC
        problem = input_problem(request)
        if problem:  # the request could not be taken in whole: shown again with what was read, never stored
            form.add_error("attachments" if problem.about_files else None, problem.message)
            status = problem.status
        elif limited and ratelimit.exhausted(request):
            form.add_error(
                None, _("Der er sendt mange underretninger fra din forbindelse. Vent lidt, eller ring til os.")
            )
            status = 429
        elif form.is_valid():
            actor = request.user if request.user.is_authenticated else None
            try:
                report, _created = report_submit(
                    actor=actor,
                    token=form.cleaned_data["submission_token"],
                    data=form.to_input(),
                    files=form.cleaned_data["attachments"],
                    channel=channel,
                )
            except IntakeUnavailable:
                form.add_error(None, _("Vi kan ikke modtage underretningen digitalt lige nu. Ring til os i stedet."))
                status = 503
            else:
                if limited and _created:
                    ratelimit.count(request, valid=True)
                receipts = request.session.get("intake_receipts", [])
                if report.reference not in receipts:
                    request.session["intake_receipts"] = [*receipts, report.reference][-20:]
                if channel == Channel.STAFF:
                    messages.success(
                        request, _("Underretningen er registreret som %(ref)s.") % {"ref": report.reference}
                    )
                return redirect("intake:receipt", reference=report.reference)
        else:
            if limited:
                ratelimit.count(request, valid=False)
            status = 400
    else:
        initial = {"is_acute": "yes"} if request.GET.get("akut") == "1" else {}
        form = ReportForm(initial=initial, **form_kwargs)
        form.preselect_reporter(request.GET.get(REPORTER_PARAM, ""))
    reattach = request.method == "POST" and bool(request.FILES) and not form.is_valid()
    texts = _texts_for_person(form, plan, texts, request.GET.get("gruppe") or None)
    context = {"form": form, "plan": plan, "texts": texts, "reattach": reattach, "channel": channel}
    return remember_language(render(request, template, context, status=status), language)


def receipt(request, reference: str):
    try:
        report = selectors.submitted_report_for_receipt(session=request.session, reference=reference)
    except Report.DoesNotExist:
        raise Http404 from None
    return render(request, "intake/receipt.html", documents.receipt_context(report))


def receipt_pdf(request, reference: str):
    try:
        report = selectors.submitted_report_for_receipt(session=request.session, reference=reference)
    except Report.DoesNotExist:
        raise Http404 from None
    return pdf_response(documents.receipt_pdf(report), f"kvittering-{report.reference}.pdf")


@capability_required(Capability.CASE_WORK)
def unit_reports(request):
    reports = selectors.reports_for_unit_queue(user=request.user)
    return render(request, "intake/unit_reports.html", {"reports": reports})


@capability_required(Capability.CASE_WORK)
def report_detail(request, reference: str):
    try:
        report = selectors.report_for_reading(user=request.user, reference=reference)
    except Report.DoesNotExist:
        raise Http404 from None
    return render(request, "intake/report_detail.html", {"report": report, "adult": report.is_adult_inquiry})


@capability_required(Capability.CASE_WORK)
def attachment_download(request, reference: str, attachment_id: int):
    try:
        attachment = selectors.attachment_for_download(
            user=request.user, reference=reference, attachment_id=attachment_id
        )
    except (Report.DoesNotExist, Attachment.DoesNotExist):
        raise Http404 from None
    # The type detected from the file's bytes when it was stored; a row from before detection
    # (which holds what the browser declared) or any other type goes out as plain bytes.
    content_type = attachment.content_type
    if content_type not in ACCEPTED_CONTENT_TYPES:
        content_type = "application/octet-stream"
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=content_type,
    )
