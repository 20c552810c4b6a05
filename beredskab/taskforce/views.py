"""The taskforce pages: the roster (kept by the coordinator or the unit's leader), the overview
(the unit's taskforce and leader) and the leader's reassignment of inquiries. Thin: the
selectors read, the services decide and write."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from beredskab.accounts.models import User
from beredskab.core import submissions
from beredskab.core.policies import PolicyDenied

from . import assignment, forms, selectors, services
from .errors import TaskforceError
from .models import Absence, RosterMember
from .policies import taskforce_policy


def _people(users) -> list[tuple[int, str]]:
    return [(u.pk, u.full_name or u.email) for u in users]


@login_required
def index(request):
    units = selectors.visible_units(user=request.user)
    if len(units) == 1:
        return redirect("taskforce:roster", units[0].code)
    return render(request, "taskforce/index.html", {"units": units})


@login_required
def roster(request, unit: str):
    unit = selectors.unit_for(user=request.user, code=unit, action="view_roster")
    roster = selectors.roster(user=request.user, unit=unit)
    context = {
        "roster": roster,
        "unit": unit,
        "may_overview": taskforce_policy.can(request.user, "view_overview", unit),
        "may_reassign": taskforce_policy.can(request.user, "reassign", unit),
    }
    return render(request, "taskforce/roster.html", context)


def _form_page(request, *, unit, form, title, perform, done: str, template="taskforce/form.html", extra=None):
    """Show the form; on a valid post run `perform(cleaned_data)` (a service) and go back to the
    roster; a refusal is shown above the form (409), bad input next to its field (400). The form
    carries a one-time token (beredskab.core.submissions): sent twice, it changes the roster once,
    and the second post goes back to the roster."""
    roster_url = reverse("taskforce:roster", args=[unit.code])
    if (already_done := submissions.redirect_if_done(request, fallback_url=roster_url)) is not None:
        return already_done
    submissions.add_token(form)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                submissions.submit_once(
                    user=request.user,
                    form=form,
                    perform=lambda: perform(form.cleaned_data),
                    default_url=roster_url,
                )
            except submissions.AlreadySubmitted as already:
                response = submissions.already_submitted_response(request, already, form, fallback_url=roster_url)
                if response is not None:
                    return response
                status = 409
            except (TaskforceError, PolicyDenied) as error:
                form.add_error(None, error.reason)
                status = 409
            else:
                messages.success(request, done)
                return redirect(roster_url)
    context = {"unit": unit, "form": form, "title": title, **(extra or {})}
    return render(request, template, context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def member_add(request, unit: str):
    unit = selectors.unit_for(user=request.user, code=unit, action="manage_roster")
    on_roster = RosterMember.objects.filter(unit=unit).values("user_id")
    choices = _people(services.roster_candidates(unit).exclude(pk__in=on_roster))
    form = forms.MemberAddForm(request.POST or None, user_choices=choices)
    return _form_page(
        request,
        unit=unit,
        form=form,
        title=_("Sæt en medarbejder på vagtplanen"),
        perform=lambda data: services.member_add(
            actor=request.user, unit=unit, user=User.objects.get(pk=data["user"]), role=data["role"]
        ),
        done=_("Medarbejderen er sat på vagtplanen."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request, unit: str, member_id: int):
    unit = selectors.unit_for(user=request.user, code=unit, action="manage_roster")
    member = RosterMember.objects.filter(unit=unit, pk=member_id).select_related("user").first()
    if member is None:
        raise Http404
    if request.method == "POST" and "remove" in request.POST:
        try:
            services.member_remove(actor=request.user, member=member)
        except (TaskforceError, PolicyDenied) as error:
            messages.error(request, error.reason)
        else:
            messages.success(request, _("Medarbejderen er fjernet fra vagtplanen."))
        return redirect("taskforce:roster", unit.code)
    form = forms.MemberRoleForm(request.POST or None, initial={"role": member.role})
    return _form_page(
        request,
        unit=unit,
        form=form,
        title=_("Rolle på vagtplanen: %(name)s") % {"name": member.user},
        perform=lambda data: services.member_change_role(actor=request.user, member=member, role=data["role"]),
        done=_("Rollen er ændret."),
        template="taskforce/member_edit.html",
        extra={"member": member},
    )


@login_required
@require_http_methods(["GET", "POST"])
def absence_add(request, unit: str):
    unit = selectors.unit_for(user=request.user, code=unit, action="manage_roster")
    members = list(RosterMember.objects.filter(unit=unit).select_related("user"))
    choices = [(m.pk, m.user.full_name or m.user.email) for m in members]
    form = forms.AbsenceForm(request.POST or None, member_choices=choices)  # nothing from the URL: no health data there

    def perform(data):
        member = next(m for m in members if m.pk == data["member"])
        return services.absence_add(
            actor=request.user, member=member, kind=data["kind"], starts_on=data["starts_on"], ends_on=data["ends_on"]
        )

    return _form_page(
        request,
        unit=unit,
        form=form,
        title=_("Registrér fravær"),
        perform=perform,
        done=_("Fraværet er registreret."),
    )


@login_required
@require_POST
def absence_remove(request, unit: str, absence_id: int):
    unit = selectors.unit_for(user=request.user, code=unit, action="manage_roster")
    absence = Absence.objects.filter(member__unit=unit, pk=absence_id).first()
    if absence is None:
        raise Http404
    try:
        services.absence_remove(actor=request.user, absence=absence)
    except (TaskforceError, PolicyDenied) as error:
        messages.error(request, error.reason)
    else:
        messages.success(request, _("Fraværet er slettet."))
    return redirect("taskforce:roster", unit.code)


@login_required
def overview(request, unit: str):
    unit = selectors.unit_for(user=request.user, code=unit, action="view_overview")
    data = selectors.overview(user=request.user, unit=unit)
    return render(request, "taskforce/overview.html", {"unit": unit, "o": data})


@login_required
@require_http_methods(["GET", "POST"])
def reassign(request, unit: str):
    unit = selectors.unit_for(user=request.user, code=unit, action="reassign")
    data = selectors.reassignment(user=request.user, unit=unit)  # read (and audited) once per request
    choices = _people(data.candidates)
    status = 200
    posted = None
    if request.method == "POST":
        posted = forms.ReassignForm(request.POST, candidate_choices=choices)
        status = 400
        if posted.is_valid():
            chosen = posted.cleaned_data
            try:
                assignment.inquiry_reassign(
                    actor=request.user,
                    unit=unit,
                    kind=chosen["kind"],
                    pk=chosen["pk"],
                    owner=User.objects.get(pk=chosen["owner"]),
                )
            except (TaskforceError, PolicyDenied) as error:
                posted.add_error(None, error.reason)
                status = 409
            else:
                messages.success(request, _("Henvendelsen er fordelt."))
                return redirect(reverse("taskforce:reassign", args=[unit.code]))
    rows = []
    for inquiry in data.inquiries:
        initial = {"kind": inquiry.kind, "pk": inquiry.pk}
        sent = (posted.data.get("kind"), posted.data.get("pk")) if posted is not None else None
        this = sent == (inquiry.kind, str(inquiry.pk))
        form = posted if this else forms.ReassignForm(initial=initial, candidate_choices=choices)
        form.auto_id = f"id_{inquiry.kind}{inquiry.pk}_%s"
        rows.append((inquiry, form))
    context = {"unit": unit, "rows": rows, "candidates": data.candidates, "posted": posted}
    return render(request, "taskforce/reassign.html", context, status=status)
