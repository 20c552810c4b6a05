"""The goals dashboard, the cases behind a barometer figure, and the exports. Thin: the
selectors ask the policy, count and record the read; the exports module writes the files."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_POST

from beredskab.core.dates import today
from beredskab.core.pdf import pdf_response

from . import barometer, exports, selectors, services
from .forms import FiltersForm
from .models import ExportKind
from .policies import goals_policy
from .scope import default_filters

BAROMETER_KEYS = (
    barometer.ASSESSMENT,
    barometer.RECEIPT,
    barometer.FEEDBACK,
    barometer.SCREENING,
    barometer.GATE,
    barometer.ADULT_OWNER,
)


def _filters(request):
    """The form and the filters it gives (None when what was sent is wrong). Bound only when the
    query holds the form's own answer: any other link opens the dashboard for this year so far."""
    if "fra" in request.GET or "til" in request.GET:
        form = FiltersForm(request.GET)
        return form, form.filters() if form.is_valid() else None
    filters = default_filters(today())
    return FiltersForm(initial={"fra": filters.start, "til": filters.end}), filters


def _require_view(request) -> None:
    if not goals_policy.can(request.user, "view"):
        raise PermissionDenied


@login_required
@require_GET
def dashboard(request):
    _require_view(request)
    form, filters = _filters(request)
    if filters is None:
        return render(request, "goals/dashboard.html", {"form": form}, status=400)
    board = selectors.dashboard(user=request.user, filters=filters)
    context = {
        "form": form,
        "board": board,
        "query": filters.as_query(),
        "may_export_statistics": goals_policy.can(request.user, "export_statistics"),
        "my_exports": selectors.my_exports(user=request.user),
        "keep_hours": int(services.keep_for().total_seconds() // 3600),
    }
    return render(request, "goals/dashboard.html", context)


@login_required
@require_GET
def cases_behind(request, key: str):
    _require_view(request)
    if key not in BAROMETER_KEYS:
        raise Http404
    form, filters = _filters(request)
    if filters is None:
        return render(request, "goals/dashboard.html", {"form": form}, status=400)
    behind = selectors.cases_behind(user=request.user, filters=filters, key=key)
    context = {"behind": behind, "filters": filters, "query": filters.as_query()}
    return render(request, "goals/cases_behind.html", context)


@login_required
@require_GET
def export(request, fmt: str):
    _require_view(request)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    form, filters = _filters(request)
    if filters is None:
        return render(request, "goals/dashboard.html", {"form": form}, status=400)
    content, content_type, filename = selectors.export(user=request.user, filters=filters, fmt=fmt)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def statistics_export(request):
    """The reports in Danmarks Statistik's shape, for the units the leader leads."""
    if not goals_policy.can(request.user, "export_statistics"):
        raise PermissionDenied
    form, filters = _filters(request)
    if filters is None:
        return render(request, "goals/dashboard.html", {"form": form}, status=400)
    content, filename = selectors.statistics_export(user=request.user, filters=filters)
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def council_pdf(request, year: int):
    """The yearly report for the council as a PDF (this year: so far)."""
    _require_view(request)
    if not 2000 <= year <= today().year:
        raise Http404
    board = selectors.council_report(user=request.user, year=year)
    return pdf_response(exports.council_pdf(board, request=request), exports.council_filename(year))


ORDERABLE = {kind.value for kind in ExportKind}


@login_required
@require_POST
def export_order(request):
    """Order a file made in the background (the dashboard's buttons): the filters come as the
    form's hidden fields, the council's report as its year. Then the file's status page."""
    _require_view(request)
    kind = request.POST.get("fil", "")
    if kind not in ORDERABLE:
        raise Http404
    year = None
    filters = None
    if kind == ExportKind.COUNCIL:
        try:
            year = int(request.POST.get("aar", ""))
        except ValueError:
            raise Http404 from None
        if not 2000 <= year <= today().year:
            raise Http404
    else:
        form = FiltersForm(request.POST)
        if not form.is_valid():
            return render(request, "goals/dashboard.html", {"form": form}, status=400)
        filters = form.filters()
    job = services.export_request(actor=request.user, kind=kind, filters=filters, year=year)
    return redirect("goals:export_status", job_id=job.pk)


@login_required
@require_GET
def export_status(request, job_id):
    """The status of a file the user asked for: waiting, being made, ready (a download link) or
    failed (with what to do). While it is being made, htmx asks again every few seconds."""
    _require_view(request)
    try:
        job = selectors.export_job(user=request.user, job_id=job_id)
    except LookupError:
        raise Http404 from None
    template = "goals/_export_status.html" if request.headers.get("HX-Request") else "goals/export_status.html"
    return render(request, template, {"job": job})


@login_required
@require_GET
def export_download(request, job_id):
    """The file, for the one who asked for it (the download is recorded)."""
    _require_view(request)
    try:
        job = services.export_download(actor=request.user, job_id=job_id)
    except LookupError:
        raise Http404 from None
    response = HttpResponse(bytes(job.content), content_type=job.content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=job.filename)
    return response
