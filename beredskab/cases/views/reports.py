"""What is owed on each report of the case (barnets lov §§ 136-137): the assessment within 24
hours, the receipt (with its letter) and the feedback to the reporter, and the reporter's
identity toward the family."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from beredskab.core import dates
from beredskab.core.pdf import pdf_response
from beredskab.intake.deadlines import RECEIPT_WORKING_DAYS

from .. import forms, selectors, services
from ..models import Case, CaseReport
from ..policies import case_policy
from ..view_helpers import case_for_page, case_work_required, form_page, refused


@require_http_methods(["GET", "POST"])
@case_work_required
def urgent_assessment(request, reference: str):
    case = case_for_page(request, reference)
    form = forms.UrgentAssessmentForm(request.POST or None, initial={"nsk_aerk_possible": case.nsk_aerk_flag})
    pending = list(
        case.case_reports.filter(urgent_assessment__isnull=True)
        .select_related("report")
        .order_by("report__received_at")
    )
    return form_page(
        request,
        case,
        form,
        lambda d: services.urgent_assessment_record(actor=request.user, case=case, **d),
        title=_("Vurdering inden for 24 timer"),
        intro=_(
            "Barnets lov § 136: Inden for 24 timer efter modtagelsen vurderes, om barnets sundhed eller udvikling "
            "er i fare, og om der er behov for akut handling."
        ),
        anchor="vurdering",
        success=_("Vurderingen er registreret."),
        template="cases/urgent_assessment.html",
        context={"pending": pending},
    )


def _case_report(case: Case, case_report_id: int) -> CaseReport:
    return get_object_or_404(CaseReport.objects.select_related("report", "case"), pk=case_report_id, case=case)


@require_http_methods(["GET", "POST"])
@case_work_required
def receipt(request, reference: str, case_report_id: int):
    case = case_for_page(request, reference)
    case_report = _case_report(case, case_report_id)
    if not case_report.needs_receipt:
        return refused(request, _("Indberetteren er anonym og får ingen kvittering."), case)
    form = forms.ReceiptForm(request.POST or None, initial={"sent_on": dates.today()})
    return form_page(
        request,
        case,
        form,
        lambda d: services.receipt_record(actor=request.user, case_report=case_report, **d),
        title=_("Kvittering til indberetteren for %(ref)s") % {"ref": case_report.report.reference},
        intro=_(
            "Barnets lov § 137: Den, der har underrettet, skal have en kvittering inden for %(days)s arbejdsdage. "
            "Hent kvitteringsbrevet, send det, og registrér her, hvornår og hvordan det blev sendt."
        )
        % {"days": RECEIPT_WORKING_DAYS},
        action="reply",
        anchor="underretninger",
        success=_("Afsendelsen af kvitteringen er registreret."),
        context={"pdf_url": reverse("cases:receipt_letter", args=[case.reference, case_report.pk])},
        template="cases/receipt_form.html",
    )


@case_work_required
def receipt_letter(request, reference: str, case_report_id: int):
    """The receipt letter to the reporter: only what the reporter may see, never a CPR number."""
    case = case_for_page(request, reference, audit=False)
    decision = case_policy.decide(request.user, "reply", case)
    if not decision:
        return refused(request, decision.reason, case)
    case_report = _case_report(case, case_report_id)
    if not case_report.needs_receipt:
        return refused(request, _("Indberetteren er anonym og får ingen kvittering."), case)
    pdf = selectors.receipt_letter_pdf(user=request.user, case=case, case_report=case_report)
    return pdf_response(pdf, f"kvittering-{case_report.report.reference}.pdf")


@require_http_methods(["GET", "POST"])
@case_work_required
def reporter_release(request, reference: str, case_report_id: int):
    """Release the reporter's identity toward the family (withheld by default in NSK/ÆRK)."""
    case = case_for_page(request, reference)
    case_report = _case_report(case, case_report_id)
    form = forms.ReasonForm(
        request.POST or None,
        reason_help=_("Hvorfor må familien få at vide, hvem der har underrettet? Fx at indberetteren har sagt ja."),
    )
    return form_page(
        request,
        case,
        form,
        lambda d: services.reporter_identity_release(actor=request.user, case_report=case_report, reason=d["reason"]),
        title=_("Frigiv indberetterens identitet over for familien"),
        intro=_(
            "I en sag om mulig negativ social kontrol eller æresrelateret konflikt tilbageholdes indberetterens "
            "identitet over for familien (forvaltningsloven § 15 b), fx ved aktindsigt. Her kan du beslutte at frigive "
            "den."
        ),
        anchor="underretninger",
        success=_("Indberetterens identitet er frigivet over for familien."),
        submit=_("Frigiv"),
    )


@require_http_methods(["GET", "POST"])
@case_work_required
def feedback(request, reference: str, case_report_id: int):
    case = case_for_page(request, reference)
    case_report = _case_report(case, case_report_id)
    if not case_report.needs_feedback:
        return refused(request, _("Kun fagpersoner, der har underrettet, får en tilbagemelding."), case)
    form = forms.FeedbackForm(request.POST or None, initial={"sent_on": dates.today()})
    return form_page(
        request,
        case,
        form,
        lambda d: services.feedback_record(actor=request.user, case_report=case_report, **d),
        title=_("Tilbagemelding til fagpersonen for %(ref)s") % {"ref": case_report.report.reference},
        intro=_(
            "Barnets lov § 137: En fagperson, der har underrettet, skal have besked om, hvorvidt der er iværksat "
            "en afdækning, en børnefaglig undersøgelse eller støttende indsatser."
        ),
        action="reply",
        anchor="underretninger",
        success=_("Tilbagemeldingen er registreret."),
    )
