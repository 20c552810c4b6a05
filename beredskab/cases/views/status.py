"""Who owns the case, its status, closing and reopening."""

from django.http import Http404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from beredskab.accounts.models import User

from .. import forms, services
from ..models import CaseStatus
from ..view_helpers import case_for_page, case_work_required, form_page, post_action


@require_POST
@case_work_required
def case_claim(request, reference: str):
    case = case_for_page(request, reference, audit=False)
    return post_action(
        request,
        case,
        lambda: services.case_claim(actor=request.user, case=case),
        success=_("Du er nu sagsbehandler på sagen."),
    )


@require_http_methods(["GET", "POST"])
@case_work_required
def case_assign(request, reference: str):
    case = case_for_page(request, reference)
    form = forms.AssignForm(request.POST or None, unit_id=case.unit_id, initial={"owner": case.owner_id})

    def perform(data):
        owner = User.objects.filter(pk=data["owner"]).first()
        return services.case_assign(actor=request.user, case=case, owner=owner)

    return form_page(
        request,
        case,
        form,
        perform,
        title=_("Fordel sagen"),
        action="assign",
        success=_("Sagen er fordelt."),
        submit=_("Fordel"),
    )


@require_POST
@case_work_required
def case_status(request, reference: str):
    case = case_for_page(request, reference, audit=False)
    to_status = request.POST.get("to", "")
    if to_status != CaseStatus.IN_PROGRESS:
        raise Http404
    return post_action(
        request,
        case,
        lambda: services.case_transition(actor=request.user, case=case, to_status=to_status),
        success=_("Sagen er sat i gang."),
    )


@require_http_methods(["GET", "POST"])
@case_work_required
def case_close(request, reference: str):
    case = case_for_page(request, reference)
    form = forms.CloseForm(request.POST or None)
    return form_page(
        request,
        case,
        form,
        lambda d: services.case_close(actor=request.user, case=case, **d),
        title=_("Luk sagen"),
        success=_("Sagen er lukket."),
        submit=_("Luk sagen"),
    )


@require_http_methods(["GET", "POST"])
@case_work_required
def case_reopen(request, reference: str):
    case = case_for_page(request, reference)
    form = forms.ReopenForm(request.POST or None)
    return form_page(
        request,
        case,
        form,
        lambda d: services.case_reopen(actor=request.user, case=case, **d),
        title=_("Genåbn sagen"),
        action="reopen",
        success=_("Sagen er genåbnet."),
        submit=_("Genåbn"),
    )
