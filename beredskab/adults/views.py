"""The adult track's pages, reached from an adult case: counselling, the action plan (with its
PDF for the citizen) and referrals. Thin: the case comes through the case policy (404 when not
visible or not an adult case), writes go through the services, refusals are shown with the
reason."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from beredskab.audit.purposes import Purpose
from beredskab.cases.errors import CaseError
from beredskab.cases.selectors import CHOOSABLE_READ_PURPOSES, is_adult_case, read_purpose
from beredskab.cases.view_helpers import case_for_page, case_work_required, form_page, refused
from beredskab.core import dates, submissions
from beredskab.core.pdf import pdf_response
from beredskab.core.policies import PolicyDenied

from . import documents, forms, selectors, services
from .models import ActionPlan, Referral
from .policies import adult_policy


def _adult_case(request, reference: str, *, audit: bool = False):
    """The case through the case policy; 404 unless it is an adult case the user may see.
    `audit`: a form page's read (GET) is recorded with the purpose (`case_for_page`); the pages
    that show the records audit their own reads (`selectors`)."""
    case = case_for_page(request, reference, audit=audit)
    if not is_adult_case(case):
        raise Http404
    return case


def overview_url(case, anchor: str = "") -> str:
    return reverse("adults:overview", args=[case.reference]) + (f"#{anchor}" if anchor else "")


@require_http_methods(["GET"])
@case_work_required
def overview(request, reference: str):
    case = _adult_case(request, reference)
    decision = adult_policy.decide(request.user, "view", case)
    if not decision:
        return refused(request, decision.reason, case)
    context = selectors.adult_overview(user=request.user, case=case, purpose=request.GET.get("formaal"))
    assessment, assessment_reason = context.pop("assessment")
    return render(
        request,
        "adults/overview.html",
        {
            "case": case,
            **context,
            "current_assessment": assessment,
            "assessment_reason": assessment_reason,
            "draft": next((p for p in context["plans"] if p.is_draft), None),
            "can_work": adult_policy.can(request.user, "work", case),
            "purposes": [(p, Purpose(p).label) for p in CHOOSABLE_READ_PURPOSES],
            "read_purpose": read_purpose(request.user, case, request.GET.get("formaal")),
        },
    )


def _form(request, case, form, perform, *, title, anchor, success, intro="", submit=""):
    return form_page(
        request,
        case,
        form,
        perform,
        title=title,
        intro=intro,
        submit=submit,
        anchor=anchor,
        success=success,
        template="cases/form.html",
        context={"cancel_url": overview_url(case, anchor)},
    )


@require_http_methods(["GET", "POST"])
@case_work_required
def counselling_add(request, reference: str):
    case = _adult_case(request, reference, audit=True)
    people = list(case.people.all())
    form = forms.CounsellingForm(request.POST or None, people=people, initial={"held_on": dates.today()})

    def perform(data):
        services.counselling_record(
            actor=request.user,
            case=case,
            basis=data["basis"],
            held_on=data["held_on"],
            with_whom=data["with_whom"],
            interpreter_used=data["interpreter_used"],
            interpreter_language=data["interpreter_language"],
            safe_place=data["safe_place"],
            note=data["note"],
            participants=form.chosen_people(people),
            mentions_confirmed=data.get("mentions_confirmed", ()),
        )
        return redirect(overview_url(case, "raadgivning"))

    return _form(
        request,
        case,
        form,
        perform,
        title=_("Ny rådgivningssamtale"),
        intro=_("Rådgivning efter serviceloven § 10 og § 12 a. Samtalen registreres og kan ikke ændres bagefter."),
        anchor="raadgivning",
        success=_("Samtalen er registreret."),
    )


@require_POST
@case_work_required
def plan_start(request, reference: str):
    case = _adult_case(request, reference)
    try:
        plan = services.action_plan_start(actor=request.user, case=case)
    except PolicyDenied as error:
        return refused(request, error.reason, case)
    except CaseError as error:
        messages.error(request, error.reason)
        return redirect(overview_url(case, "handlingsplan"))
    return redirect("adults:plan_edit", case.reference, plan.version)


def _plan(case, version: int) -> ActionPlan:
    return get_object_or_404(ActionPlan, case=case, version=version)


@require_http_methods(["GET"])
@case_work_required
def plan_detail(request, reference: str, version: int):
    case = _adult_case(request, reference)
    try:
        plan = selectors.action_plan_for_reading(
            user=request.user, case=case, version=version, purpose=request.GET.get("formaal")
        )
    except ActionPlan.DoesNotExist:
        raise Http404 from None
    except PolicyDenied as error:
        return refused(request, error.reason, case)
    assessment, assessment_reason = selectors.current_assessment(case)
    return render(
        request,
        "adults/plan_detail.html",
        {
            "case": case,
            "plan": plan,
            "missing": services.missing_for_agreement(plan) if plan.is_draft else [],
            "current_assessment": assessment,
            "assessment_reason": assessment_reason,
            "can_work": adult_policy.can(request.user, "work", case),
            "can_export": adult_policy.can(request.user, "export", case),
        },
    )


@require_http_methods(["GET", "POST"])
@case_work_required
def plan_edit(request, reference: str, version: int):
    case = _adult_case(request, reference, audit=True)
    plan = _plan(case, version)
    if (done := submissions.redirect_if_done(request, fallback_url=overview_url(case, "handlingsplan"))) is not None:
        return done
    if not plan.is_draft:
        return refused(request, _("Handlingsplanen er aftalt og kan ikke ændres. Start en ny version."), case)
    initial = {name: getattr(plan, name) for name in services.action_plans.PLAN_FIELDS}
    form = forms.ActionPlanForm(request.POST or None, initial=initial)
    detail = reverse("adults:plan_detail", args=[case.reference, plan.version])

    def perform(data):
        services.action_plan_save(
            actor=request.user,
            plan=plan,
            **{name: data[name] for name in services.action_plans.PLAN_FIELDS},
            mentions_confirmed=data.get("mentions_confirmed", ()),
        )
        return redirect(detail)

    return _form(
        request,
        case,
        form,
        perform,
        title=_("Handlingsplan, version %(v)s") % {"v": plan.version},
        intro=_("Planen laves sammen med borgeren. Den kan gemmes, indtil den er aftalt."),
        anchor="handlingsplan",
        success=_("Handlingsplanen er gemt."),
    )


@require_http_methods(["GET", "POST"])
@case_work_required
def plan_agree(request, reference: str, version: int):
    case = _adult_case(request, reference, audit=True)
    plan = _plan(case, version)
    detail = reverse("adults:plan_detail", args=[case.reference, plan.version])
    # A second post of the same form goes to what the first made, before the state is checked.
    if (done := submissions.redirect_if_done(request, fallback_url=detail)) is not None:
        return done
    if not plan.is_draft:
        return refused(request, _("Handlingsplanen er allerede aftalt. Start en ny version for at ændre den."), case)
    form = forms.AgreeForm(request.POST or None, initial={"agreed_on": dates.today()})

    def perform(data):
        services.action_plan_agree(actor=request.user, plan=plan, agreed_on=data["agreed_on"])
        return redirect(detail)

    return _form(
        request,
        case,
        form,
        perform,
        title=_("Markér handlingsplanen som aftalt (version %(v)s)") % {"v": plan.version},
        intro=_(
            "Planen kan kun aftales, når borgeren har givet samtykke, og sagens risikovurdering er godkendt af en "
            "anden og gældende. Derefter kan planen ikke ændres."
        ),
        submit=_("Markér som aftalt"),
        anchor="handlingsplan",
        success=_("Handlingsplanen er markeret som aftalt med borgeren."),
    )


@require_http_methods(["GET"])
@case_work_required
def plan_pdf(request, reference: str, version: int):
    """The action plan as a PDF for the citizen; the export is audited."""
    case = _adult_case(request, reference)
    decision = adult_policy.decide(request.user, "export", case)
    if not decision:
        return refused(request, decision.reason, case)
    plan = _plan(case, version)
    selectors.audit_plan_export(user=request.user, case=case, plan=plan)
    return pdf_response(documents.action_plan_pdf(case, plan), f"handlingsplan-{case.reference}-v{plan.version}.pdf")


@require_http_methods(["GET", "POST"])
@case_work_required
def referral_add(request, reference: str):
    case = _adult_case(request, reference, audit=True)
    form = forms.ReferralForm(request.POST or None, initial={"requested_on": dates.today()})

    def perform(data):
        services.referral_record(
            actor=request.user,
            case=case,
            kind=data["kind"],
            place=data["place"],
            requested_on=data["requested_on"],
            note=data["note"],
        )
        return redirect(overview_url(case, "henvisninger"))

    return _form(
        request,
        case,
        form,
        perform,
        title=_("Ny henvisning til krisecenter eller midlertidigt botilbud"),
        intro=_("Serviceloven § 109 (krisecenter) og § 110 (midlertidigt botilbud)."),
        anchor="henvisninger",
        success=_("Henvisningen er registreret."),
    )


@require_http_methods(["GET", "POST"])
@case_work_required
def referral_status(request, reference: str, referral_id: int):
    case = _adult_case(request, reference, audit=True)
    referral = get_object_or_404(Referral, pk=referral_id, case=case)
    if (done := submissions.redirect_if_done(request, fallback_url=overview_url(case, "henvisninger"))) is not None:
        return done
    if not referral.next_statuses:
        return refused(request, _("Henvisningen er afsluttet."), case)
    form = forms.ReferralStatusForm(
        request.POST or None, choices=referral.next_statuses, initial={"occurred_on": dates.today()}
    )

    def perform(data):
        services.referral_status_set(
            actor=request.user,
            referral=referral,
            status=data["status"],
            occurred_on=data["occurred_on"],
            note=data["note"],
        )
        return redirect(overview_url(case, "henvisninger"))

    return _form(
        request,
        case,
        form,
        perform,
        title=_("Ny status for henvisningen (%(kind)s)") % {"kind": referral.get_kind_display()},
        anchor="henvisninger",
        success=_("Henvisningens status er ændret."),
    )
