"""The case's track (a leader's correction) and the decision at 18 (hand-over or continued support)."""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from beredskab.core import dates, submissions

from .. import coming_of_age, services, track_forms
from ..models import ComingOfAgeKind
from ..view_helpers import case_for_page, case_work_required, form_page


def _track_correct(request, case, data):
    unit_id = case.unit_id
    moved = services.case_track_correct(actor=request.user, case=case, track=data["track"], reason=data["reason"])
    if moved.unit_id != unit_id:
        return redirect(reverse("cases:unit"))  # the case now belongs to the other track's unit
    return None


@require_http_methods(["GET", "POST"])
@case_work_required
def case_track(request, reference: str):
    done = submissions.redirect_if_done(request, fallback_url=reverse("cases:unit"))
    if done is not None:  # moved to the other track's unit by the first send: no longer this unit's case
        return done
    case = case_for_page(request, reference)
    form = track_forms.TrackForm(request.POST or None, initial={"track": case.track})
    return form_page(
        request,
        case,
        form,
        lambda d: _track_correct(request, case, d),
        title=_("Ret sagens spor"),
        action="lead",
        intro=_(
            "Sporet afgør, hvilken lov sagen behandles efter, og hvilke frister, ord og breve sagen har. "
            "Sagen flyttes til den enhed, planen sender det nye spor til. Rettelsen gemmes i loggen."
        ),
        success=_("Sagens spor er rettet."),
        submit=_("Ret sporet"),
    )


def _decide(request, case, data):
    if data["kind"] == ComingOfAgeKind.HANDOVER:
        services.case_hand_over_at_18(
            actor=request.user, case=case, to_unit=data["to_unit"], reason=data["reason"], consent=data["consent"]
        )
        return redirect(reverse("cases:unit"))  # the case now belongs to the adults unit
    return services.case_continued_support_record(
        actor=request.user,
        case=case,
        reason=data["reason"],
        consent=data["consent"],
        support_until=data.get("support_until"),
    )


@require_http_methods(["GET", "POST"])
@case_work_required
def case_coming_of_age(request, reference: str):
    done = submissions.redirect_if_done(request, fallback_url=reverse("cases:unit"))
    if done is not None:  # handed over by the first send: no longer this unit's case
        return done
    case = case_for_page(request, reference)
    flag = coming_of_age.flag_for(case, dates.today())
    proposed = flag.proposal.to_unit if flag is not None else None
    form = track_forms.ComingOfAgeForm(request.POST or None, proposed_unit=proposed)
    return form_page(
        request,
        case,
        form,
        lambda d: _decide(request, case, d),
        title=_("Overgangen ved 18 år"),
        action="lead",
        intro=_(
            "Overdrag sagen til voksenområdet, eller registrér fortsat støtte til den unge efter barnets lov "
            "§§ 114-116. Ved en overdragelse følger hele sagens historik, risikovurderinger, "
            "videregivelsesbegrænsninger og netværk med."
        ),
        success=_("Beslutningen om overgangen ved 18 år er registreret."),
        submit=_("Registrér beslutningen"),
    )


@require_http_methods(["GET", "POST"])
@case_work_required
def case_legal_hold(request, reference: str):
    """A leader of the case's unit sets or lifts the legal hold that keeps the case from
    retention's erasure, with a reason."""
    case = case_for_page(request, reference)
    hold = not case.legal_hold
    return form_page(
        request,
        case,
        track_forms.LegalHoldForm(request.POST or None),
        lambda d: services.case_legal_hold_set(actor=request.user, case=case, hold=hold, reason=d["reason"]),
        title=_("Tilbagehold sagen mod sletning") if hold else _("Ophæv tilbageholdelsen mod sletning"),
        action="lead",
        intro=_(
            "En tilbageholdt sag slettes ikke efter opbevaringsperioden, fx mens en klage, en retssag eller "
            "en anmodning om aktindsigt behandles. Begrundelsen gemmes på sagen, og ændringen gemmes i loggen."
        ),
        anchor="opbevaring",
        success=_("Sagen er tilbageholdt mod sletning.") if hold else _("Tilbageholdelsen er ophævet."),
        submit=_("Tilbagehold sagen") if hold else _("Ophæv tilbageholdelsen"),
    )
