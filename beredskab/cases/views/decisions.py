"""Decisions and interventions."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from beredskab.core import dates
from beredskab.plan.selectors import plan_in_force

from .. import forms, services
from ..models import Intervention
from ..view_helpers import case_for_page, case_work_required, form_page


@require_http_methods(["GET", "POST"])
@case_work_required
def decision_add(request, reference: str):
    case = case_for_page(request, reference)
    people = list(case.people.all())
    form = forms.DecisionForm(request.POST or None, people=people, initial={"decided_on": dates.today()})

    def perform(data):
        return services.decision_record(
            actor=request.user,
            case=case,
            kind=data["kind"],
            decided_on=data["decided_on"],
            title=data["title"],
            text=data["text"],
            legal_basis=data["legal_basis"],
            people=form.chosen_people(people),
            no_family=data.get("no_family", False),
            mentions_confirmed=data.get("mentions_confirmed", ()),
        )

    return form_page(
        request,
        case,
        form,
        perform,
        title=_("Ny beslutning"),
        anchor="beslutninger",
        success=_("Beslutningen er registreret."),
    )


def _prevention_levels():
    """The plan in force's prevention levels (name and description), else the defaults."""
    plan = plan_in_force()
    if plan is None:
        return None
    levels = list(plan.prevention_levels.all())
    if not levels:
        return None
    order = {"primary": 0, "secondary": 1, "tertiary": 2}
    return [
        (level.level, f"{level.name}: {level.description}" if level.description else level.name)
        for level in sorted(levels, key=lambda lv: order.get(lv.level, 9))
    ]


@require_http_methods(["GET", "POST"])
@case_work_required
def intervention_add(request, reference: str):
    case = case_for_page(request, reference)
    form = forms.InterventionForm(
        request.POST or None, levels=_prevention_levels(), initial={"starts_on": dates.today()}
    )
    return form_page(
        request,
        case,
        form,
        lambda d: services.intervention_add(actor=request.user, case=case, **d),
        title=_("Ny indsats"),
        anchor="indsatser",
        success=_("Indsatsen er oprettet."),
    )


@require_http_methods(["GET", "POST"])
@case_work_required
def intervention_end(request, reference: str, intervention_id: int):
    case = case_for_page(request, reference)
    intervention = get_object_or_404(Intervention, pk=intervention_id, case=case)
    form = forms.InterventionEndForm(request.POST or None, initial={"ended_on": dates.today()})
    return form_page(
        request,
        case,
        form,
        lambda d: services.intervention_end(actor=request.user, intervention=intervention, **d),
        title=_("Afslut indsats: %(kind)s") % {"kind": intervention.get_kind_display()},
        anchor="indsatser",
        success=_("Indsatsen er afsluttet."),
    )
