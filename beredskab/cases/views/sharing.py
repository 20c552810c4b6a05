"""Sharing the case with another unit, and disclosure restrictions."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from beredskab.core import submissions

from .. import forms, selectors, services
from ..models import CaseShare, DisclosureRestriction
from ..view_helpers import case_for_page, case_url, case_work_required, form_page, post_action


@require_http_methods(["GET", "POST"])
@case_work_required
def share_add(request, reference: str):
    case = case_for_page(request, reference)
    form = forms.ShareForm(request.POST or None, exclude_unit_id=case.unit_id)
    return form_page(
        request,
        case,
        form,
        lambda d: services.case_share(actor=request.user, case=case, **d),
        title=_("Del sagen med en anden enhed"),
        intro=_(
            "Enheden kan se sagen og skrive i journalen, indtil delingen tilbagekaldes. Oplysninger med en "
            "videregivelsesbegrænsning til andre enheder vises ikke for dem."
        ),
        action="share",
        anchor="deling",
        success=_("Sagen er delt."),
        submit=_("Del sagen"),
    )


@require_http_methods(["GET", "POST"])
@case_work_required
def share_revoke(request, reference: str, share_id: int):
    case = case_for_page(request, reference)
    done = submissions.redirect_if_done(request, fallback_url=case_url(case, "deling"))
    if done is not None:
        return done
    share = get_object_or_404(CaseShare.objects.select_related("unit"), pk=share_id, case=case, revoked_at__isnull=True)
    form = forms.RevokeShareForm(request.POST or None)
    return form_page(
        request,
        case,
        form,
        lambda d: services.case_share_revoke(actor=request.user, share=share, **d),
        title=_("Tilbagekald delingen med %(unit)s") % {"unit": share.unit.name},
        action="share",
        anchor="deling",
        success=_("Delingen er tilbagekaldt."),
        submit=_("Tilbagekald"),
    )


@require_http_methods(["GET", "POST"])
@case_work_required
def restriction_add(request, reference: str):
    case = case_for_page(request, reference, full=True)
    items = selectors.restrictable_items(case)
    people = list(case.people.all())
    form = forms.RestrictionForm(
        request.POST or None, item_choices=[(v, label) for v, label, _i, _f in items], people=people
    )

    def perform(data):
        _value, _label, item, field = next(i for i in items if i[0] == data["item"])
        person = next((p for p in people if p.pk == data.get("person")), None)
        return services.restriction_add(
            actor=request.user,
            case=case,
            item=item,
            field_name=field,
            audience=data["audience"],
            person=person,
            reason=data["reason"],
        )

    return form_page(
        request,
        case,
        form,
        perform,
        title=_("Ny videregivelsesbegrænsning"),
        intro=_(
            "Oplysningen må ikke videregives til den valgte modtager. Begrænsningen gælder på alle sider, i alle "
            "PDF'er og i alle udtræk, systemet danner."
        ),
        anchor="begraensninger",
        success=_("Begrænsningen er oprettet."),
    )


@require_POST
@case_work_required
def restriction_lift(request, reference: str, restriction_id: int):
    case = case_for_page(request, reference, audit=False)
    restriction = get_object_or_404(DisclosureRestriction, pk=restriction_id, case=case)
    return post_action(
        request,
        case,
        lambda: services.restriction_lift(actor=request.user, restriction=restriction),
        success=_("Begrænsningen er ophævet."),
        anchor="begraensninger",
    )
