"""The child, the family and network, and the steps that involve them: contact, letters,
meetings, shared documents and file access (aktindsigt), each decided by the risk gate."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from beredskab.cases.risk import gate
from beredskab.core import dates
from beredskab.core.pdf import pdf_response

from .. import documents, forms, services
from ..errors import CaseError
from ..models import CasePerson, NetworkStepKind
from ..policies import case_policy
from ..view_helpers import case_for_page, case_work_required, form_page, outbound_check, refused
from .case_page import KIND_BY_SLUG


@require_http_methods(["GET", "POST"])
@case_work_required
def subject(request, reference: str):
    case = case_for_page(request, reference)
    form = forms.SubjectForm(request.POST or None, initial={"name": case.subject_name, "address": case.subject_address})
    return form_page(
        request,
        case,
        form,
        lambda d: services.case_subject_update(actor=request.user, case=case, **d),
        title=_("Oplysninger om barnet"),
        anchor="personen",
        success=_("Oplysningerne er gemt."),
    )


@require_http_methods(["GET"])
@case_work_required
def subject_moved(request, reference: str):
    """The person page's old address (`.../barnet/`, also on adults' cases): to the neutral one,
    for those who may open the case (checked first, so the redirect tells nobody else anything)."""
    case = case_for_page(request, reference, audit=False)
    decision = case_policy.decide(request.user, "work", case)  # as the person page itself decides
    if not decision:
        return refused(request, decision.reason, case)
    return redirect(reverse("cases:subject", args=[case.reference]))


@require_http_methods(["GET", "POST"])
@case_work_required
def person_add(request, reference: str):
    case = case_for_page(request, reference)
    form = forms.PersonForm(request.POST or None, initial={"may_contact": "unknown"})
    return form_page(
        request,
        case,
        form,
        lambda d: services.case_person_add(actor=request.user, case=case, **d),
        title=_("Tilføj person i familie og netværk"),
        anchor="netvaerk",
        success=_("Personen er tilføjet."),
    )


@require_http_methods(["GET", "POST"])
@case_work_required
def person_edit(request, reference: str, person_id: int):
    case = case_for_page(request, reference)
    person = get_object_or_404(CasePerson, pk=person_id, case=case)
    initial = {f: getattr(person, f) for f in services.PERSON_FIELDS}
    form = forms.PersonForm(request.POST or None, initial=initial)
    return form_page(
        request,
        case,
        form,
        lambda d: services.case_person_update(actor=request.user, person=person, **d),
        title=_("Ret person i familie og netværk"),
        anchor="netvaerk",
        success=_("Personen er opdateret."),
    )


@require_http_methods(["GET", "POST"])
@case_work_required
def network_step(request, reference: str, kind: str):
    case = case_for_page(request, reference)
    kind = KIND_BY_SLUG.get(kind)
    if kind is None:
        raise Http404
    people = list(case.people.all())
    form = forms.NetworkStepForm(request.POST or None, people=people, initial={"occurred_on": dates.today()})
    decision = gate.check_network_step(case, kind)

    def perform(data):
        chosen = [p for p in people if p.pk in data["people"]]
        return services.network_step_record(
            actor=request.user,
            case=case,
            kind=kind,
            people=chosen,
            occurred_on=data["occurred_on"],
            summary=data["summary"],
            mentions_confirmed=data.get("mentions_confirmed", ()),
        )

    return form_page(
        request,
        case,
        form,
        perform,
        title=NetworkStepKind(kind).label,
        anchor="inddragelse",
        submit=_("Registrér"),
        success=_("Skridtet er registreret."),
        template="cases/network_step.html",
        context={"gate": decision, "people": people, "is_lead": case_policy.is_lead(request.user, case)},
    )


@require_http_methods(["GET", "POST"])
@case_work_required
def file_access_export(request, reference: str, step_id: int, person_id: int):
    """What a family or network member was given file access to (aktindsigt), with every
    restriction that covers them applied, the reporter withheld by default in an NSK/ÆRK case,
    and the outbound check on its free text before it is made."""
    case = case_for_page(request, reference, full=True, audit=False)
    decision = case_policy.decide(request.user, "view", case)
    if not decision or not case_policy.is_team(request.user, case):
        return refused(request, _("Kun sagens enhed kan danne aktindsigt."), case)
    step = next(
        (s for s in case.network_steps.all() if s.pk == step_id and s.kind == NetworkStepKind.FILE_ACCESS), None
    )
    person = next((p for p in (step.people.all() if step else []) if p.pk == person_id), None)
    if person is None:
        raise Http404
    gate_answer = gate.check_network_step(case, NetworkStepKind.FILE_ACCESS)
    if not gate_answer.allowed:
        return refused(request, gate_answer.reason, case)
    content = documents.file_access_content(case, person, today=dates.today())
    released = outbound_check(
        request,
        case,
        content.document,
        title=_("Aktindsigt til %(who)s: tjek før afsendelse") % {"who": person.get_relation_display()},
        submit=_("Dan aktindsigten"),
    )
    if isinstance(released, HttpResponse):
        return released
    try:
        services.file_access_release(actor=request.user, step=step, person=person)
    except CaseError as error:
        return refused(request, error.reason, case)
    if released:
        content = documents.file_access_content(case, person, today=dates.today(), released=released)
    return pdf_response(documents.file_access_pdf(case, person, content), f"aktindsigt-{case.reference}.pdf")
