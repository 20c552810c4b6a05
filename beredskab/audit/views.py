from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from beredskab.core.pdf import pdf_response
from beredskab.core.roles import Capability
from beredskab.core.views_helpers import capability_required

from . import exports
from .forms import AuditSearchForm, CitizenAccessForm
from .purposes import Purpose
from .registry import get_action
from .selectors import audit_log_search, citizen_access_log


def _action_label(name: str) -> str:
    try:
        return str(get_action(name).label)
    except LookupError:
        return name


def _purpose_for_auditor(value: str) -> str:
    """The label of a listed purpose; anything else as recorded (the auditor sees the log as it is)."""
    try:
        return str(Purpose(value).label)
    except ValueError:
        return value


@never_cache
@capability_required(Capability.AUDIT_VIEW)
def search(request):
    """Search the audit log (POST, so no criteria end up in URLs). Each search is logged."""
    form = AuditSearchForm(request.POST or None)
    page = None
    if request.method == "POST" and form.is_valid():
        page = audit_log_search(
            user=request.user,
            criteria=form.criteria(),
            purpose=form.cleaned_data["purpose"],
            page=form.cleaned_data.get("page") or 1,
        )
        for event in page.object_list:
            event.action_label = _action_label(event.action)
            event.purpose_label = _purpose_for_auditor(event.purpose)
    return render(request, "audit/search.html", {"form": form, "page": page})


@never_cache
@capability_required(Capability.AUDIT_VIEW)
def citizen_access(request):
    """A citizen's access log: the look-ups on their data by date and purpose, shown or downloaded."""
    form = CitizenAccessForm(request.POST or None)
    output = request.POST.get("output", "html")
    if output not in ("html", "csv", "pdf"):
        output = "html"
    if request.method == "POST" and form.is_valid():
        person = form.person()
        # A warned export is shown first: the auditor decides before anything is downloaded.
        if person.warnings and output != "html" and request.POST.get("warned") != "1":
            output = "html"
        access_log = citizen_access_log(user=request.user, person=person, output=output)
        if output == "csv":
            return _download(exports.access_log_csv(access_log), "text/csv; charset=utf-8", exports.filename("csv"))
        if output == "pdf":
            pdf = exports.access_log_pdf(access_log, masked_cpr=form.shown_as(), request=request)
            return pdf_response(pdf, exports.filename("pdf"))
        return render(
            request,
            "audit/citizen_access.html",
            {"form": form, "log": access_log, "masked_cpr": form.shown_as(), "warnings": person.warnings},
        )
    return render(request, "audit/citizen_access.html", {"form": form, "log": None})


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
