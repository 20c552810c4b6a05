"""The implementation pages: the employee's acknowledgement and training record, the
coordinator's dissemination and training, the leader's list of who has not acknowledged, and
the staff library with the network meetings. Thin: selectors read, services decide and write."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from beredskab.accounts.models import Unit
from beredskab.core import scanning, submissions
from beredskab.core.dates import long_date, today
from beredskab.core.policies import PolicyDenied
from beredskab.core.views_helpers import get_visible_or_404
from beredskab.plan.selectors import plan_in_force

from . import forms, revision, selectors, services
from .errors import ImplementationError
from .models import NetworkMeeting, Resource, ResourceKind, TrainingActivity, UnitDissemination
from .policies import coordinates, implementation_policy, led_unit_ids


def _require(request, action: str) -> None:
    if not implementation_policy.can(request.user, action):
        raise PermissionDenied


def _form_page(request, form, perform, *, title: str, done: str, back: str, intro: str = "", multipart=False):
    """GET shows the form; a valid POST runs `perform(cleaned_data)` (a service) once for the
    form's one-time token and goes to `back`. Bad input stays next to its field (400); a refusal
    is shown above the form with everything typed kept (409). The same page sent again goes to
    what the first send made before the form is validated (its choices may have changed, e.g. the
    units the plan was just sent to are no longer offered)."""
    if (already := submissions.redirect_if_done(request, fallback_url=back)) is not None:
        return already
    submissions.add_token(form)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                submissions.submit_once(
                    user=request.user, form=form, perform=lambda: perform(form.cleaned_data), default_url=back
                )
            except submissions.AlreadySubmitted as already:
                response = submissions.already_submitted_response(request, already, form, fallback_url=back)
                if response is not None:
                    return response
                status = 409
            except (ImplementationError, PolicyDenied) as error:
                form.add_error(None, error.reason)
                status = 409
            except scanning.ScanRefused:
                form.add_error("file", _("Filen kunne ikke kontrolleres for virus. Brug et link, eller prøv igen."))
                status = 409
            else:
                messages.success(request, done)
                return redirect(back)
    context = {"form": form, "title": title, "intro": intro, "back": back, "multipart": multipart}
    return render(request, "implementation/form.html", context, status=status)


@login_required
def index(request):
    user = request.user
    context = {
        "plan": plan_in_force(),
        "acknowledgement": selectors.acknowledgement_of(user),
        "asked": selectors.asked_to_acknowledge(user),
        "record": selectors.training_record_of(user),
        "coordinates": coordinates(user),
        "led_units": [u for u in selectors.disseminated_units() if u.pk in led_unit_ids(user)],
    }
    return render(request, "implementation/index.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def acknowledge(request):
    """One click: "Jeg har læst planen og ved, hvem jeg skal kontakte" (idempotent)."""
    plan = plan_in_force()
    if request.method == "POST":
        try:
            shown = request.POST.get("plan", "")
            plan_id = int(shown) if shown.isascii() and shown.isdigit() and len(shown) < 12 else 0
            _ack, created = services.acknowledge(actor=request.user, plan_id=plan_id)
        except ImplementationError as error:
            messages.error(request, error.reason)
        else:
            messages.success(
                request,
                _("Tak. Du har kvitteret for planen.") if created else _("Du har allerede kvitteret for planen."),
            )
        return redirect("implementation:index")
    context = {"plan": plan, "acknowledgement": selectors.acknowledgement_of(request.user)}
    return render(request, "implementation/acknowledge.html", context)


@login_required
def dissemination(request):
    _require(request, "view_coverage")
    coverage = selectors.dissemination_coverage()
    led = led_unit_ids(request.user)
    for row in coverage["per_unit"]:
        row["may_see_missing"] = row["unit"].pk in led
    context = {"plan": plan_in_force(), "coverage": coverage, "coordinates": coordinates(request.user)}
    if coordinates(request.user):
        context["revision"] = revision.revision_status()
    return render(request, "implementation/dissemination.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def disseminate(request):
    _require(request, "manage")
    plan = plan_in_force()
    sent = UnitDissemination.objects.filter(plan=plan).values_list("unit_id", flat=True) if plan else []
    form = forms.DisseminateForm(request.POST or None, sent_ids=list(sent))
    return _form_page(
        request,
        form,
        lambda data: services.disseminate(actor=request.user, units=list(data["units"])),
        title=_("Send planen i kraft til enheder"),
        intro=_("Planen i kraft: %(plan)s.") % {"plan": plan} if plan else "",
        done=_("Planen er sendt til enhederne."),
        back=reverse("implementation:dissemination"),
    )


@login_required
def unit_missing(request, unit: str):
    """Who in the unit has not acknowledged the version in force: the unit's leaders only."""
    unit = get_visible_or_404(implementation_policy, request.user, Unit.objects.all(), code=unit)
    missing = selectors.missing_in_unit(user=request.user, unit=unit)
    context = {
        "unit": unit,
        "missing": missing,
        "coverage": selectors.dissemination_coverage(unit),
        "plan": plan_in_force(),
    }
    return render(request, "implementation/unit_missing.html", context)


@login_required
def training(request):
    _require(request, "manage")
    context = {
        "coverage": selectors.training_coverage(),
        "activities": TrainingActivity.objects.prefetch_related("participants")[:100],
    }
    return render(request, "implementation/training.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def training_add(request):
    _require(request, "manage")
    form = forms.TrainingForm(request.POST or None, initial={"organiser": "SIRI"})
    return _form_page(
        request,
        form,
        lambda data: services.training_record(
            actor=request.user,
            **{k: v for k, v in data.items() if k != "participants"},
            participants=list(data["participants"]),
        ),
        title=_("Registrér opkvalificering"),
        done=_("Opkvalificeringen er registreret."),
        back=reverse("implementation:training"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def training_requirements(request):
    _require(request, "manage")
    form = forms.RequirementsForm(request.POST or None, initial={"roles": selectors.required_roles()})
    return _form_page(
        request,
        form,
        lambda data: services.training_requirements_set(actor=request.user, roles=data["roles"]),
        title=_("Roller, der skal opkvalificeres"),
        done=_("Kravene er gemt."),
        back=reverse("implementation:training"),
    )


@login_required
def my_training(request):
    return render(request, "implementation/my_training.html", {"record": selectors.training_record_of(request.user)})


@login_required
def library(request):
    query = request.GET.get("q", "")[:200]
    kind = request.GET.get("type", "")
    kind = kind if kind in ResourceKind.values else ""
    context = {
        "resources": selectors.resources_search(query, kind),
        "query": query,
        "kind": kind,
        "kinds": ResourceKind.choices,
        "today": today(),
        "coordinates": coordinates(request.user),
    }
    return render(request, "implementation/library.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def library_add(request):
    _require(request, "manage")
    form = forms.ResourceForm(request.POST or None, request.FILES or None, initial={"owner": request.user.pk})
    return _form_page(
        request,
        form,
        lambda data: services.resource_add(
            actor=request.user,
            kind=data["kind"],
            title=data["title"],
            description=data["description"],
            url=data["url"],
            upload=data["file"] or None,
            owner=data["owner"],
            review_on=data["review_on"],
        ),
        title=_("Læg materiale i biblioteket"),
        done=_("Materialet er lagt i biblioteket."),
        back=reverse("implementation:library"),
        multipart=True,
    )


@login_required
def library_file(request, resource_id: int):
    resource = get_object_or_404(Resource, pk=resource_id)
    if not resource.file:
        raise Http404
    content_type = resource.content_type if resource.content_type in forms.ACCEPTED_FILES.values() else None
    return FileResponse(
        resource.file.open("rb"),
        as_attachment=True,
        filename=resource.file_name,
        content_type=content_type or "application/octet-stream",
    )


@login_required
@require_http_methods(["GET", "POST"])
def library_remove(request, resource_id: int):
    _require(request, "manage")
    resource = get_object_or_404(Resource, pk=resource_id)
    return _form_page(
        request,
        forms.RemoveForm(request.POST or None),
        lambda data: services.resource_remove(actor=request.user, resource_id=resource.pk, reason=data["reason"]),
        title=_("Fjern materiale fra biblioteket"),
        intro=resource.title,
        done=_("Materialet er fjernet fra biblioteket."),
        back=reverse("implementation:library"),
    )


@login_required
def meetings(request):
    context = {
        "meetings": NetworkMeeting.objects.prefetch_related("centres")[:200],
        "coordinates": coordinates(request.user),
    }
    return render(request, "implementation/meetings.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_add(request):
    _require(request, "manage")
    form = forms.MeetingForm(request.POST or None)
    return _form_page(
        request,
        form,
        lambda data: services.network_meeting_record(
            actor=request.user, held_on=data["held_on"], centres=list(data["centres"]), themes=data["themes"]
        ),
        title=_("Registrér netværksmøde"),
        intro=_("Et møde på tværs af centre om negativ social kontrol og æresrelaterede konflikter."),
        done=_("Netværksmødet er registreret."),
        back=reverse("implementation:meetings"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_remove(request, meeting_id: int):
    _require(request, "manage")
    meeting = get_object_or_404(NetworkMeeting, pk=meeting_id)
    return _form_page(
        request,
        forms.RemoveForm(request.POST or None),
        lambda data: services.network_meeting_remove(actor=request.user, meeting_id=meeting.pk, reason=data["reason"]),
        title=_("Fjern netværksmøde"),
        intro=_("Netværksmødet %(date)s.") % {"date": long_date(meeting.held_on)},
        done=_("Netværksmødet er fjernet."),
        back=reverse("implementation:meetings"),
    )
