"""Risk assessment pages, the leader's gate override, and consultations. Visibility follows the
case (CasePolicy through the cases selectors); writes go through beredskab.cases.risk.services."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from beredskab.cases import selectors as case_selectors
from beredskab.cases.errors import CaseError
from beredskab.cases.forms import ReasonForm
from beredskab.cases.gate_state import gate_token
from beredskab.cases.models import Case
from beredskab.cases.policies import case_policy
from beredskab.cases.view_helpers import (
    case_for_page,
    case_url,
    case_work_required,
    form_page,
    outbound_check,
    refused,
)
from beredskab.core import submissions
from beredskab.core.dates import today
from beredskab.core.pdf import pdf_response
from beredskab.core.policies import PolicyDenied
from beredskab.plan.selectors import plan_in_force

from . import documents, forms, selectors, services
from .models import AssessmentStatus, GateOverride, OverrideKind, RiskAssessment
from .policies import risk_policy


def _assessment(case: Case, version: int) -> RiskAssessment:
    try:
        return selectors.assessment_of(case, version)
    except RiskAssessment.DoesNotExist:
        raise Http404 from None


def _detail_url(case: Case, assessment: RiskAssessment) -> str:
    return reverse("risk:detail", args=[case.reference, assessment.version])


@require_POST
@case_work_required
def start(request, reference: str):
    case = case_for_page(request, reference, audit=False)
    try:
        assessment = services.risk_assessment_start(actor=request.user, case=case)
    except PolicyDenied as error:
        return refused(request, error.reason, case)
    except CaseError as error:
        messages.error(request, error.reason)
        return redirect(case_url(case, "risikovurdering"))
    messages.success(request, _("Risikovurdering version %(v)s er startet.") % {"v": assessment.version})
    return redirect("risk:edit", reference=case.reference, version=assessment.version)


@case_work_required
def detail(request, reference: str, version: int):
    case = case_for_page(request, reference, full=True, audit=False)
    try:
        assessment = selectors.assessment_for_reading(user=request.user, case=case, version=version)
    except RiskAssessment.DoesNotExist:
        raise Http404 from None
    disclosure = case_selectors.disclosure_for(request.user, case)
    return render(
        request,
        "risk/detail.html",
        {
            "case": case,
            "assessment": assessment,
            "groups": selectors.rating_groups(assessment),
            "disclosure": disclosure,
            "can_edit": risk_policy.can(request.user, "edit", assessment),
            "can_review": risk_policy.can(request.user, "review", assessment),
            "review_refusal": risk_policy.decide(request.user, "review", assessment).reason
            if assessment.status == AssessmentStatus.COMPLETED
            else "",
            "can_export": case_policy.is_team(request.user, case),
            "missing": services.missing_for_completion(assessment) if assessment.is_draft else [],
        },
    )


@require_http_methods(["GET", "POST"])
@case_work_required
def edit(request, reference: str, version: int):
    case = case_for_page(request, reference)
    assessment = _assessment(case, version)
    done = submissions.redirect_if_done(request, fallback_url=case_url(case, "risikovurdering"))
    if done is not None:  # sent twice: the first send completed or decided it
        return done
    decision = risk_policy.decide(request.user, "edit", assessment)
    if not decision:
        return refused(request, decision.reason, case)
    people = list(case.people.all())
    initial = {
        "possible_perpetrators": [p.pk for p in assessment.possible_perpetrators.all()],
        "likely_victims": [p.pk for p in assessment.likely_victims.all()],
        "subject_is_likely_victim": assessment.subject_is_likely_victim,
        "protective_factors": assessment.protective_factors,
        "serious_violence_risk": assessment.serious_violence_risk,
        "acute_risk": assessment.acute_risk,
        "conclusion": assessment.conclusion,
        "scenarios": assessment.scenarios,
        "safety_measures": assessment.safety_measures,
        "reassessment_on": assessment.reassessment_on,
    }
    form = forms.AssessmentForm(request.POST or None, assessment=assessment, people=people, initial=initial)
    complete = request.POST.get("action") == "complete"

    def perform(_data):
        saved = services.risk_assessment_save(actor=request.user, assessment=assessment, **form.service_kwargs())
        if complete:
            services.risk_assessment_complete(actor=request.user, assessment=saved)
            messages.success(request, _("Vurderingen er afsluttet og venter på godkendelse af en anden medarbejder."))
        else:
            messages.success(request, _("Kladden er gemt."))
        return redirect(
            _detail_url(case, assessment) if complete else reverse("risk:edit", args=[case.reference, version])
        )

    return form_page(
        request,
        case,
        form,
        perform,
        title=_("Risikovurdering, version %(v)s") % {"v": assessment.version},
        anchor="risikovurdering",
        template="risk/edit.html",
        context={"assessment": assessment, "people": people},
    )


@require_http_methods(["GET", "POST"])
@case_work_required
def review(request, reference: str, version: int):
    case = case_for_page(request, reference)
    assessment = _assessment(case, version)
    done = submissions.redirect_if_done(request, fallback_url=case_url(case, "risikovurdering"))
    if done is not None:  # sent twice: the first send completed or decided it
        return done
    decision = risk_policy.decide(request.user, "review", assessment)
    if not decision:
        return refused(request, decision.reason, case)
    form = forms.ReviewForm(request.POST or None)

    def perform(data):
        if data["decision"] == "approve":
            services.risk_assessment_approve(actor=request.user, assessment=assessment, note=data["note"])
            messages.success(request, _("Vurderingen er godkendt."))
        else:
            services.risk_assessment_return(actor=request.user, assessment=assessment, note=data["note"])
            messages.success(request, _("Vurderingen er sendt tilbage."))
        return redirect(case_url(case, "risikovurdering"))

    return form_page(
        request,
        case,
        form,
        perform,
        title=_("Godkend risikovurdering, version %(v)s") % {"v": assessment.version},
        intro=_(
            "Fire øjne: en anden end den, der har udarbejdet vurderingen, godkender den. Læs hele vurderingen først."
        ),
        anchor="risikovurdering",
        template="risk/review.html",
        context={"assessment": assessment, "detail_url": _detail_url(case, assessment)},
        submit=_("Gem beslutning"),
    )


EXTERNAL_RECIPIENTS = {"police", "security_consultant", "viso"}


@require_http_methods(["GET", "POST"])
@case_work_required
def export(request, reference: str, version: int):
    """The assessment as a PDF for the police, a security consultant, VISO or the case file.
    Disclosure restrictions toward external partners are applied; anonymised leaves out names,
    CPR number and address. A document for an outside partner passes the outbound check first."""
    case = case_for_page(request, reference, full=True, audit=False)
    if not case_policy.is_team(request.user, case):
        return refused(request, _("Kun sagens enhed kan udskrive risikovurderingen."), case)
    assessment = _assessment(case, version)
    # A GET form (the PDF is a download), checked only when the query holds its answer (the
    # recipient): any other query opens it without errors.
    sent = "recipient" in request.GET
    form = forms.ExportForm(
        request.GET if sent else None, initial={"recipient": "security_consultant", "anonymise": True}
    )
    if not sent or not form.is_valid():
        return render(
            request,
            "risk/export.html",
            {"case": case, "assessment": assessment, "form": form},
            status=400 if sent else 200,
        )
    recipient_code = form.cleaned_data["recipient"]
    recipient_label = dict(form.fields["recipient"].choices)[recipient_code]
    anonymise = form.cleaned_data["anonymise"]
    external = recipient_code in EXTERNAL_RECIPIENTS
    content = documents.assessment_content(
        case, assessment, recipient=recipient_code, external=external, anonymise=anonymise
    )
    released = frozenset()
    if external:
        released = outbound_check(
            request,
            case,
            content.document,
            title=_("Risikovurdering til %(who)s: tjek før afsendelse") % {"who": recipient_label},
            submit=_("Dan PDF'en"),
        )
        if isinstance(released, HttpResponse):
            return released
        if released:
            content = documents.assessment_content(
                case, assessment, recipient=recipient_code, external=external, anonymise=anonymise, released=released
            )
    pdf = selectors.assessment_export_pdf(
        user=request.user,
        case=case,
        assessment=assessment,
        content=content,
        recipient=recipient_code,
        recipient_label=recipient_label,
        external=external,
        anonymise=anonymise,
        released=released,
    )
    return pdf_response(pdf, f"risikovurdering-{case.reference}-v{assessment.version}.pdf")


def _gate_form_page(
    request, case, *, action: str, title: str, intro: str, reason_help: str, submit: str, perform, success: str
):
    """A decision at the risk gate: a reason and a confirmation, then the service decides.
    Whoever may not (`action` in CasePolicy) is refused before the form; a refused leader
    decision is written to the audit log."""
    decision = case_policy.decide(request.user, action, case)
    if not decision:
        if request.method == "POST" and action == "override_gate":
            services.audit_override_refusal(request.user, case)
        return refused(request, decision.reason, case)
    form = ReasonForm(request.POST or None, reason_help=reason_help, gate_token=gate_token(case))
    submissions.add_token(form)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            done_url = case_url(case, "risikoport")
            try:
                submissions.submit_once(
                    user=request.user,
                    form=form,
                    perform=lambda: perform(form.cleaned_data["reason"], form.cleaned_data["gate_token"]),
                    default_url=done_url,
                )
            except submissions.AlreadySubmitted as already:
                response = submissions.already_submitted_response(request, already, form, fallback_url=done_url)
                if response is not None:
                    return response
                status = 409
            except PolicyDenied as error:
                return refused(request, error.reason, case)
            except CaseError as error:
                form.add_error(None, error.reason)
                status = 409
            else:
                messages.success(request, success)
                return redirect(case_url(case, "risikoport"))
        else:
            status = 400
    return render(
        request,
        "cases/form.html",
        {
            "case": case,
            "form": form,
            "title": title,
            "intro": intro,
            "submit": submit,
            "cancel_url": case_url(case, "risikoport"),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@case_work_required
def override(request, reference: str):
    """A unit leader opens the closed gate with a written reason. Others are refused (and a
    refused attempt is audited by the service)."""
    case = case_for_page(request, reference)
    return _gate_form_page(
        request,
        case,
        action="override_gate",
        title=_("Tilsidesæt risikoporten"),
        intro=_(
            "Familie og netværk inddrages normalt først, når risikoen for borgeren er vurderet. Som leder kan du "
            "tillade det før, fx når borgerens sikkerhed kræver det. Begrundelsen revideres og vises på sagen og "
            "på ledernes oversigt."
        )
        if case.is_adult
        else _(
            "Barnets lov § 18, stk. 3: Forældre og netværk inddrages normalt først, når risikoen er vurderet. "
            "Som leder kan du tillade det før, fx når barnets sikkerhed kræver det. Begrundelsen revideres og "
            "vises på sagen og på ledernes oversigt."
        ),
        reason_help=_("Hvorfor skal familie eller netværk inddrages, før en risikovurdering er godkendt?")
        if case.is_adult
        else _("Hvorfor skal forældre eller netværk inddrages, før en risikovurdering er godkendt?"),
        submit=_("Tilsidesæt risikoporten"),
        perform=lambda reason, seen: services.gate_override_grant(
            actor=request.user, case=case, reason=reason, seen_gate_token=seen
        ),
        success=_("Risikoporten er tilsidesat. Tilsidesættelsen vises på sagen."),
    )


@require_http_methods(["GET", "POST"])
@case_work_required
def not_involved(request, reference: str):
    """A unit leader removes the NSK/ÆRK flag: an override with a written reason."""
    case = case_for_page(request, reference)
    return _gate_form_page(
        request,
        case,
        action="override_gate",
        title=_("Fjern markeringen af mulig NSK/ÆRK"),
        intro=_(
            "Uden markeringen er risikoporten åben: familie og netværk kan inddrages uden en risikovurdering. Det er "
            "en tilsidesættelse af risikoporten. Den vises på sagen og på ledernes oversigt, og den ophører, hvis "
            "der kommer en ny henvendelse, eller sagen genåbnes."
        )
        if case.is_adult
        else _(
            "Uden markeringen er risikoporten åben: forældre og netværk kan inddrages uden en risikovurdering. Det er "
            "en tilsidesættelse af risikoporten. Den vises på sagen og på ledernes oversigt, og den ophører, hvis "
            "der kommer en ny underretning, eller sagen genåbnes."
        ),
        reason_help=_("Hvorfor er negativ social kontrol eller en æresrelateret konflikt ikke involveret?"),
        submit=_("Fjern markeringen"),
        perform=lambda reason, seen: services.gate_override_grant(
            actor=request.user, case=case, reason=reason, kind=OverrideKind.NOT_INVOLVED, seen_gate_token=seen
        ),
        success=_("Markeringen er fjernet. Beslutningen vises på sagen."),
    )


@require_http_methods(["GET", "POST"])
@case_work_required
def confirm_assessment(request, reference: str):
    """After a new report or a reopening: confirm that the approved assessment still holds."""
    case = case_for_page(request, reference)
    return _gate_form_page(
        request,
        case,
        action="work",
        title=_("Bekræft den gældende risikovurdering"),
        intro=_(
            "Der er kommet en ny underretning, eller sagen er genåbnet, efter at risikovurderingen blev godkendt. "
            "Ændrer det nye ikke vurderingen, kan du bekræfte den med en begrundelse. Ellers start en ny version."
        ),
        reason_help=_("Hvorfor gælder risikovurderingen stadig, også med det nye?"),
        submit=_("Bekræft risikovurderingen"),
        perform=lambda reason, seen: services.gate_assessment_confirm(
            actor=request.user, case=case, reason=reason, seen_gate_token=seen
        ),
        success=_("Risikovurderingen er bekræftet. Risikoporten er åben igen."),
    )


@require_POST
@case_work_required
def override_revoke(request, reference: str, override_id: int):
    case = case_for_page(request, reference, audit=False)
    gate_override = get_object_or_404(GateOverride, pk=override_id, case=case)
    try:
        services.gate_override_revoke(actor=request.user, override=gate_override)
    except PolicyDenied as error:
        return refused(request, error.reason, case)
    except CaseError as error:
        messages.error(request, error.reason)
    else:
        messages.success(request, _("Tilsidesættelsen er ophævet. Risikoporten er lukket igen."))
    return redirect(case_url(case, "risikoport"))


def _plan_partners():
    plan = plan_in_force()
    if plan is None:
        return []
    return [
        p
        for p in plan.partners.all()
        if p.kind in ("police", "security_consultant", "viso", "authority", "civil_society", "other")
    ]


@require_http_methods(["GET", "POST"])
@case_work_required
def consultation_add(request, reference: str):
    case = case_for_page(request, reference)
    form = forms.ConsultationForm(
        request.POST or None,
        partners=_plan_partners(),
        initial={"consulted_on": today(), "identification": "anonymised"},
    )

    def perform(data):
        partner = data["partner_obj"]
        return services.consultation_record(
            actor=request.user,
            case=case,
            partner_kind=data["partner_kind"],
            partner=partner,
            partner_name=data["partner_name"] or (partner.name if partner else ""),
            contact_person=data["contact_person"],
            consulted_on=data["consulted_on"],
            identification=data["identification"],
            consent_note=data["consent_note"],
            legal_basis=data["legal_basis"],
            question=data["question"],
            advice=data["advice"],
            follow_up=data["follow_up"],
            mentions_confirmed=data.get("mentions_confirmed", ()),
        )

    return form_page(
        request,
        case,
        form,
        perform,
        title=_("Registrér konsultation"),
        intro=_(
            "Politiets ÆRK-kontaktperson, en sikkerhedskonsulent (SIRI, serviceloven § 12 c), VISO eller en anden "
            "partner i planen. Partnerne rådgiver; ansvaret for sagen bliver hos kommunen. Med navn kun med samtykke, "
            "ellers anonymiseret."
        ),
        anchor="konsultationer",
        success=_("Konsultationen er registreret."),
    )
