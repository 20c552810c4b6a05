"""Staff pages for the plan coordinator: versions, one version, compare, adopt, roll back,
cancel a version waiting for its day, new draft, archive a draft, confirm unconfirmed facts,
download the plan file, and the plan editor (a draft's sections, one page each: `editor`,
`editor_forms`)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from beredskab.core import dates, submissions
from beredskab.core.roles import Capability
from beredskab.core.views_helpers import capability_required, get_visible_or_404

from . import editor, editor_messages, services
from .editor_forms import EditorPage
from .export import export_plan_yaml, plan_to_document, prefetched_plan
from .forms import PlanAdoptForm, PlanCancelScheduledForm, PlanDraftNewForm, PlanFactConfirmForm, PlanRollBackForm
from .models import Plan
from .policies import plan_policy
from .routing import route
from .selectors import plan_in_force, plan_in_force_before, plan_in_force_periods, plan_scheduled, plans_for_staff
from .validation import validate_plan_data

manager_required = capability_required(Capability.PLAN_MANAGE)


def _plan(request, pk: int) -> Plan:
    return get_visible_or_404(plan_policy, request.user, Plan.objects.all(), pk=pk)


def _refused(request, plan: Plan, action: str):
    """None when allowed; else a redirect to the plan with the policy's reason."""
    decision = plan_policy.decide(request.user, action, plan)
    if decision:
        return None
    messages.error(request, decision.reason)
    return redirect("plan:detail", pk=plan.pk)


def _submit_once(request, form, perform, *, default_url, fallback_url: str, success: str):
    """Run the form's service once for its token (`core.submissions`) and go to the plan it
    returns, with `success` as a message. None when the form is to be shown again: the
    service refused (its error is on the form), or a resent form has nowhere to go."""
    try:
        result = submissions.submit_once(user=request.user, form=form, perform=perform, default_url=default_url)
    except submissions.AlreadySubmitted as already:
        return submissions.already_submitted_response(request, already, form, fallback_url=fallback_url)
    except ValidationError as error:
        form.add_error(None, error)
        return None
    messages.success(request, success)
    return redirect("plan:detail", pk=result.pk)


def _error_messages(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]


@manager_required
def plan_list(request):
    plans = list(plans_for_staff(request.user))
    return render(request, "plan/list.html", {"plans": plans})


@manager_required
def plan_detail(request, pk: int):
    plan = prefetched_plan(_plan(request, pk))
    now = timezone.now()
    routes = [
        (choice, route(plan, age=None if choice.age_unknown else choice.target_group.min_age, at=now))
        for choice in plan.target_groups_for_choice()
    ]
    check = validate_plan_data(plan_to_document(plan)) if plan.is_draft else None
    context = {
        "plan": plan,
        "facts": plan.unconfirmed_facts(),
        "in_force": plan_in_force(plan.municipality_code),
        "periods": plan_in_force_periods(plan),
        "routes": routes,
        "now": now,
        "check_errors": [editor_messages.placed_in_words(e) for e in check.errors] if check else [],
        "can_adopt": plan_policy.can(request.user, "adopt", plan),
        "can_archive": plan_policy.can(request.user, "archive", plan),
        "can_confirm": plan_policy.can(request.user, "confirm_fact", plan),
        "can_draft": plan_policy.can(request.user, "draft_new", plan),
        "can_edit": plan_policy.can(request.user, "edit", plan),
        "can_roll_back": plan_policy.can(request.user, "roll_back", plan),
        "can_cancel_scheduled": plan_policy.can(request.user, "cancel_scheduled", plan),
    }
    return render(request, "plan/detail.html", context)


@manager_required
def plan_compare_view(request, pk: int):
    plan = _plan(request, pk)
    other_pk = request.GET.get("med", "")
    # Compare with the chosen version, else with the version in force.
    other = _plan(request, int(other_pk)) if other_pk.isdigit() else plan_in_force(plan.municipality_code)
    versions = plans_for_staff(request.user).filter(municipality_code=plan.municipality_code).exclude(pk=plan.pk)
    same = other is None or other.pk == plan.pk
    sections = None if same else services.plan_compare_sections(other, plan)
    return render(
        request,
        "plan/compare.html",
        {"plan": plan, "other": other, "differences": sections, "sections": sections, "versions": versions},
    )


def _adoption_values(form) -> dict:
    return {k: v for k, v in form.cleaned_data.items() if k not in ("confirmed", submissions.TOKEN_FIELD)}


@manager_required
def plan_adopt_view(request, pk: int):
    """Two steps: the council's decision and the in-force date are checked (the service's
    refusals shown next to the fields), then the confirmation step shows what changes against
    the version in force; only its button (`confirmed`) adopts."""
    plan = _plan(request, pk)
    refused = _refused(request, plan, "adopt")
    if refused:
        return refused
    predecessor = plan.derived_from or plan_in_force(plan.municipality_code)
    initial = {
        "adopted_by": plan.adopted_by or (predecessor.adopted_by if predecessor else ""),
        "adopted_on": plan.adopted_on,
        "published_on": plan.published_on,
        "in_force_from": dates.today(),
    }
    form = PlanAdoptForm(request.POST or None, initial=initial)
    submissions.add_token(form)
    in_force = plan_in_force(plan.municipality_code)
    context = {"plan": plan, "form": form, "in_force": in_force, "scheduled": plan_scheduled(plan.municipality_code)}
    if request.method == "POST" and form.is_valid() and "edit" not in request.POST:
        values = _adoption_values(form)
        if refusal := services.plan_adoption_refusal(plan=plan, **values):
            form.add_error(None, refusal)
        elif not form.cleaned_data.get("confirmed"):
            context["sections"] = services.plan_compare_sections(in_force, plan) if in_force else None
            context["values"] = values
            context["later"] = values["in_force_from"] > dates.today()
            context["draft_fingerprint"] = services.plan_fingerprint(plan)
            return render(request, "plan/adopt_confirm.html", context)
        else:
            values["compared_draft"] = values.get("compared_draft") or ""  # the page always compares
            later = values["in_force_from"] > dates.today()
            success = (
                _("Vedtagelsen er registreret. Versionen træder i kraft %(date)s.")
                % {"date": dates.long_date(values["in_force_from"])}
                if later
                else _("Versionen er vedtaget og er nu planen i kraft.")
            )
            response = _submit_once(
                request,
                form,
                lambda: services.plan_adopt(actor=request.user, plan=plan, **values),
                default_url=plan.get_absolute_url(),
                fallback_url=plan.get_absolute_url(),
                success=success,
            )
            if response is not None:
                return response
    return render(request, "plan/adopt.html", context)


@manager_required
def plan_roll_back_view(request, pk: int):
    plan = _plan(request, pk)
    refused = _refused(request, plan, "roll_back")
    if refused:
        return refused
    form = PlanRollBackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            previous = services.plan_roll_back(actor=request.user, plan=plan, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Version %(version)s er igen planen i kraft.") % {"version": previous.version_label},
            )
            return redirect("plan:detail", pk=previous.pk)
    return render(request, "plan/roll_back.html", {"plan": plan, "form": form, "previous": plan_in_force_before(plan)})


@manager_required
def plan_cancel_scheduled_view(request, pk: int):
    """A version waiting for its in-force day goes back to being a draft, with a reason. Sent
    twice, the second post goes to the version (`core.submissions`)."""
    plan = _plan(request, pk)
    if (done := submissions.redirect_if_done(request, fallback_url=plan.get_absolute_url())) is not None:
        return done  # the same page sent again: the version is a draft now
    refused = _refused(request, plan, "cancel_scheduled")
    if refused:
        return refused
    form = PlanCancelScheduledForm(request.POST or None)
    submissions.add_token(form)
    if request.method == "POST" and form.is_valid():
        response = _submit_once(
            request,
            form,
            lambda: services.plan_cancel_scheduled(actor=request.user, plan=plan, reason=form.cleaned_data["reason"]),
            default_url=plan.get_absolute_url(),
            fallback_url=plan.get_absolute_url(),
            success=_("Version %(version)s træder ikke i kraft. Den er et udkast igen.")
            % {"version": plan.version_label},
        )
        if response is not None:
            return response
    context = {"plan": plan, "form": form, "in_force": plan_in_force(plan.municipality_code)}
    return render(request, "plan/cancel_scheduled.html", context)


@manager_required
def plan_draft_new_view(request, pk: int):
    plan = _plan(request, pk)
    refused = _refused(request, plan, "draft_new")
    if refused:
        return refused
    form = PlanDraftNewForm(request.POST or None)
    submissions.add_token(form)
    if request.method == "POST" and form.is_valid():
        response = _submit_once(
            request,
            form,
            lambda: services.plan_draft_new_version(
                actor=request.user, from_plan=plan, version_label=form.cleaned_data["version_label"]
            ),
            default_url=lambda draft: draft.get_absolute_url(),
            fallback_url=plan.get_absolute_url(),
            success=_("Et nyt udkast er oprettet som kopi af versionen."),
        )
        if response is not None:
            return response
    return render(request, "plan/draft_new.html", {"plan": plan, "form": form})


@manager_required
@require_POST
def plan_archive_view(request, pk: int):
    plan = _plan(request, pk)
    refused = _refused(request, plan, "archive")
    if refused:
        return refused
    try:
        services.plan_archive(actor=request.user, plan=plan)
    except ValidationError as error:
        for message in _error_messages(error):
            messages.error(request, message)
    else:
        messages.success(request, _("Udkastet er arkiveret."))
    return redirect("plan:detail", pk=plan.pk)


@manager_required
@require_POST
def plan_fact_confirm_view(request, pk: int):
    plan = _plan(request, pk)
    refused = _refused(request, plan, "confirm_fact")
    if refused:
        return refused
    form = PlanFactConfirmForm(request.POST)
    if form.is_valid():
        try:
            services.plan_fact_confirm(actor=request.user, plan=plan, fact_key=form.cleaned_data["fact"])
        except ValidationError as error:
            for message in _error_messages(error):
                messages.error(request, message)
        else:
            messages.success(request, _("Oplysningen er markeret som bekræftet."))
    else:
        messages.error(request, _("Ukendt oplysning."))
    return redirect(f"{plan.get_absolute_url()}#ikke-bekraeftet")


@manager_required
def plan_export_view(request, pk: int):
    plan = _plan(request, pk)
    response = HttpResponse(export_plan_yaml(plan), content_type="application/yaml; charset=utf-8")
    filename = f"{plan.municipality_code}-{plan.version_label}".replace(" ", "-")
    response["Content-Disposition"] = content_disposition_header(True, f"{filename}.yaml")
    return response


@manager_required
def plan_edit_view(request, pk: int):
    """The editor's sections for a draft."""
    plan = _plan(request, pk)
    refused = _refused(request, plan, "edit")
    if refused:
        return refused
    return render(request, "plan/edit.html", {"plan": plan, "sections": editor.SECTIONS.values()})


@manager_required
def plan_edit_section_view(request, pk: int, section: str):
    """One section of a draft: saved through the service, whose file format errors are put
    next to their fields; what was typed is shown again on any refusal."""
    plan = _plan(request, pk)
    refused = _refused(request, plan, "edit")
    if refused:
        return refused
    definition = editor.SECTIONS.get(section)
    if definition is None:
        raise Http404
    document = plan_to_document(plan)
    page = EditorPage(definition, document, request.POST if request.method == "POST" else None)
    if request.method == "POST" and page.is_valid():
        try:
            changes = services.plan_draft_edit_section(
                actor=request.user,
                plan=plan,
                section=section,
                values=page.values(),
                version=page.version_form.cleaned_data["version"],
            )
        except services.StaleEdit as stale:
            page.refuse_stale(plan_to_document(plan), stale.messages[0])
        except ValidationError as error:
            page.show_errors(document, error.messages)
        else:
            if changes:
                texts = [change.text for part in changes for change in part.changes]
                more = _(" … og %(n)s flere.") % {"n": len(texts) - 10} if len(texts) > 10 else ""
                words = "; ".join(texts[:10]) + more
                messages.success(request, _("Ændringerne i afsnittet er gemt: %(changes)s") % {"changes": words})
            else:
                messages.info(request, _("Der var ingen ændringer at gemme."))
            return redirect("plan:edit", pk=plan.pk)
    return render(request, "plan/edit_section.html", {"plan": plan, "section": definition, "page": page})
