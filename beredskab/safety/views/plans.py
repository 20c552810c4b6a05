"""The personal safety plan's pages and PDFs."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from beredskab.audit.purposes import Purpose
from beredskab.cases.errors import CaseError
from beredskab.cases.selectors import CHOOSABLE_READ_PURPOSES, read_purpose
from beredskab.cases.view_helpers import case_for_page, case_work_required, refused
from beredskab.core import dates, submissions
from beredskab.core.pdf import pdf_response
from beredskab.core.policies import PolicyDenied

from .. import contacts, documents, forms, selectors, services
from ..models import SafetyPlan
from ..policies import safety_policy
from ..services.plans import PlanInput, pocket_card_problem
from ..standing import scenarios_of
from .common import overview_url, safety_form

PDF_VERSIONS = ("lomme", "personale")


@require_http_methods(["GET"])
@case_work_required
def overview(request, reference: str):
    case = case_for_page(request, reference, audit=False)
    decision = safety_policy.decide(request.user, "view", case)
    if not decision:
        return refused(request, decision.reason, case)
    context = selectors.safety_overview(user=request.user, case=case, purpose=request.GET.get("formaal"))
    return render(
        request,
        "safety/overview.html",
        {
            "case": case,
            **context,
            "can_work": safety_policy.can(request.user, "work", case),
            "purposes": [(p, Purpose(p).label) for p in CHOOSABLE_READ_PURPOSES],
            "read_purpose": read_purpose(request.user, case, request.GET.get("formaal")),
        },
    )


def _plan_input(form) -> PlanInput:
    data = form.cleaned_data
    return PlanInput(
        made_with_person_on=data["made_with_person_on"],
        safe_channels=data["safe_channels"],
        no_show_reporter=form.reporter(),
        no_show_hours=data["no_show_hours"],
        no_show_reaction=data["no_show_reaction"],
        code_word=data["code_word"],
        never_channels=data["never_channels"],
        never_note=data["never_note"],
        documents=data["documents"],
        documents_note=data["documents_note"],
    )


@require_http_methods(["GET", "POST"])
@case_work_required
def plan_new(request, reference: str):
    case = case_for_page(request, reference)
    form = forms.NewSafetyPlanForm(
        request.POST or None,
        initial={"made_with_person_on": dates.today(), "never_channels": ["letter_home", "digital_post"]},
    )

    _assessment, why_not = selectors.current_assessment(case)

    def perform(data):
        plan = services.safety_plan_create(
            actor=request.user, case=case, data=_plan_input(form), without_family=data["without_family"]
        )
        return redirect("safety:plan_detail", case.reference, plan.number)

    return safety_form(
        request,
        case,
        form,
        perform,
        title=_("Ny personlig sikkerhedsplan"),
        intro=_(
            "Den personlige sikkerhedsplan laves med den unge og uden familien og deles aldrig med familien. Den er "
            "ikke den familiebaserede sikkerhedsplan fra andre metoder. Planen bygger på scenarierne i sagens "
            "gældende, godkendte risikovurdering."
        )
        + (f" {why_not}" if why_not else ""),
        anchor="sikkerhedsplan",
        success=_("Sikkerhedsplanen er oprettet. Tilføj scenarierne fra risikovurderingen."),
    )


def _plan(case, number: int) -> SafetyPlan:
    return get_object_or_404(SafetyPlan, case=case, number=number)


@require_http_methods(["GET"])
@case_work_required
def plan_detail(request, reference: str, number: int):
    case = case_for_page(request, reference, audit=False)
    try:
        plan = selectors.plan_for_reading(
            user=request.user, case=case, number=number, purpose=request.GET.get("formaal")
        )
    except SafetyPlan.DoesNotExist:
        raise Http404 from None
    except PolicyDenied as error:
        return refused(request, error.reason, case)
    used = {s.scenario for s in plan.scenarios.all()}
    return render(
        request,
        "safety/plan_detail.html",
        {
            "case": case,
            "plan": plan,
            "can_work": plan.is_active and safety_policy.can(request.user, "work", case),
            "scenarios_left": [s for s in scenarios_of(plan.risk_assessment) if s not in used],
        },
    )


@require_http_methods(["GET", "POST"])
@case_work_required
def plan_edit(request, reference: str, number: int):
    case = case_for_page(request, reference)
    plan = _plan(case, number)
    detail = reverse("safety:plan_detail", args=[case.reference, plan.number])
    if (done := submissions.redirect_if_done(request, fallback_url=detail)) is not None:
        return done
    if not plan.is_active:
        return refused(request, _("Sikkerhedsplanen er afsluttet og kan ikke ændres."), case)
    fields = [f for f in forms.SafetyPlanForm.base_fields if f not in ("no_show_reporter", "seen_version")]
    initial = {name: getattr(plan, name) for name in fields} | {
        "no_show_reporter": plan.no_show_reporter_id,
        "seen_version": plan.updated_at.isoformat(),
    }
    form = forms.SafetyPlanForm(request.POST or None, initial=initial)

    def perform(data):
        services.safety_plan_change(
            actor=request.user, plan=plan, data=_plan_input(form), seen_version=data["seen_version"]
        )
        return redirect(detail)

    return safety_form(
        request,
        case,
        form,
        perform,
        title=_("Ret den personlige sikkerhedsplan"),
        anchor="sikkerhedsplan",
        success=_("Sikkerhedsplanen er gemt."),
    )


@require_http_methods(["GET", "POST"])
@case_work_required
def scenario_add(request, reference: str, number: int):
    case = case_for_page(request, reference)
    plan = _plan(case, number)
    detail = reverse("safety:plan_detail", args=[case.reference, plan.number])
    if (done := submissions.redirect_if_done(request, fallback_url=detail)) is not None:
        return done
    if not plan.is_active:
        return refused(request, _("Sikkerhedsplanen er afsluttet og kan ikke ændres."), case)
    used = {s.scenario for s in plan.scenarios.all()}
    form = forms.ScenarioForm(
        request.POST or None,
        scenarios=[s for s in scenarios_of(plan.risk_assessment) if s not in used],
        contacts=contacts.choosable_contacts(),
    )

    def perform(data):
        services.safety_scenario_add(
            actor=request.user,
            plan=plan,
            scenario=data["scenario"],
            actions=data["actions"],
            contact_codes=data["contact_codes"],
            safe_places=data["safe_places"],
        )
        return redirect(detail)

    return safety_form(
        request,
        case,
        form,
        perform,
        title=_("Tilføj et scenarie til sikkerhedsplanen"),
        intro=_(
            "For hvert scenarie i risikovurderingen: hvad gør den unge, hvem ringer den unge til, "
            "og hvor er det sikkert."
        ),
        anchor="sikkerhedsplan",
        success=_("Scenariet er tilføjet."),
    )


@require_POST
@case_work_required
def plan_end(request, reference: str, number: int):
    case = case_for_page(request, reference, audit=False)
    plan = _plan(case, number)
    try:
        services.safety_plan_end(actor=request.user, plan=plan)
    except PolicyDenied as error:
        return refused(request, error.reason, case)
    except CaseError as error:
        messages.error(request, error.reason)
    else:
        messages.success(request, _("Sikkerhedsplanen er afsluttet."))
    return redirect(overview_url(case, "sikkerhedsplan"))


@require_http_methods(["GET"])
@case_work_required
def plan_pdf(request, reference: str, number: int, version: str):
    """`lomme`: the discreet pocket card for the person (neutral title, no logo, no names of
    the family or the municipality); `personale`: the staff version."""
    if version not in PDF_VERSIONS:
        raise Http404
    case = case_for_page(request, reference, audit=False)
    decision = safety_policy.decide(request.user, "view", case)
    if not decision:
        return refused(request, decision.reason, case)
    plan = selectors.with_contacts(_plan(case, number))
    if version == "lomme" and (problem := pocket_card_problem(plan)):
        messages.error(request, problem)
        return redirect("safety:plan_detail", case.reference, plan.number)
    selectors.audit_plan_print(user=request.user, case=case, plan=plan, version=version)
    if version == "lomme":
        return pdf_response(documents.pocket_pdf(plan), "kort.pdf")
    return pdf_response(documents.staff_pdf(case, plan), f"sikkerhedsplan-{case.reference}-{plan.number}.pdf")
