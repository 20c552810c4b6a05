"""The public action guide ("Jeg er bekymret – hvad gør jeg nu?"), its printable action cards,
and the plan coordinator's preview of the guide at another moment or for another version.

Public pages need no login and are never cached by the browser (a shared computer must not
show them again from its cache). Every answer is read from the plan in force at request time.
"""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from beredskab.core.pdf import pdf_response
from beredskab.core.roles import Capability
from beredskab.core.views_helpers import capability_required
from beredskab.plan.localized import untranslated

from . import cards, publication, selectors
from .forms import PostcodeForm, PreviewForm, WhoForm


def _no_plan(request):
    return render(
        request, "guide/no_plan.html", {"acute": selectors.acute_card(None, selectors.now_local())}, status=503
    )


def _plan_or_none():
    return selectors.guide_plan()


@require_safe
@never_cache
def start(request):
    plan = _plan_or_none()
    return render(request, "guide/start.html", {"plan": plan, "terms": selectors.terms(plan)})


@require_safe
@never_cache
def acute(request):
    plan = _plan_or_none()
    card = selectors.acute_card(plan, selectors.now_local())
    return render(request, "guide/acute.html", {"plan": plan, "acute": card, "terms": card.terms})


@require_safe
@never_cache
def who(request):
    plan = _plan_or_none()
    if plan is None:
        return _no_plan(request)
    # A GET form (the quick exit replaces history entries of GET pages), answered only when sent
    # from the form itself (its hidden `vis`): a link never opens it on errors.
    if "vis" in request.GET:
        form = WhoForm(request.GET, plan=plan)
    else:  # "Ret dine svar" links here with the earlier answers, to be changed
        form = WhoForm(initial={k: request.GET.get(k) for k in ("gruppe", "rolle") if request.GET.get(k)}, plan=plan)
    status = 200
    if form.is_bound:
        if form.is_valid():
            return redirect("guide:path", group=form.cleaned_data["gruppe"], audience=form.cleaned_data["rolle"])
        status = 400
    readers = [reader.shown_name for reader in plan.readers.all()]  # "Hvem er du?" names the plan adds
    shown = untranslated([choice.label for choice in plan.target_groups_for_choice()], readers)
    context = {"plan": plan, "form": form, "terms": selectors.terms(plan), "untranslated": shown}
    return render(request, "guide/who.html", context, status=status)


@require_safe
@never_cache
def path(request, group: str, audience: str):
    plan = _plan_or_none()
    if plan is None:
        return _no_plan(request)
    choice = selectors.choice_for(plan, group)
    resolved = selectors.resolve_reader(plan, audience)
    if choice is None or resolved is None:
        raise Http404
    if getattr(choice, "uncovered", False):
        answer = selectors.uncovered_path(plan, choice=choice, at=selectors.now_local())
        return render(request, "guide/uncovered.html", {"plan": plan, "path": answer, "terms": answer.terms})
    # Only a postcode the user sent is checked (and an error shown); any other query is no answer.
    postcode_form = PostcodeForm(request.GET if "postnummer" in request.GET else None)
    postcode = postcode_form.cleaned_data["postnummer"] if postcode_form.is_valid() else None
    answer = selectors.guide_path(
        plan,
        choice=choice,
        audience=resolved[0],
        reader=resolved[1],
        at=selectors.now_local(),
        postcode=postcode or None,
    )
    template = "guide/_contacts_now.html" if request.headers.get("HX-Request") else "guide/path.html"
    context = {"plan": plan, "path": answer, "terms": answer.terms, "refreshable": True, "postcode_form": postcode_form}
    status = 400 if postcode_form.is_bound and not postcode_form.is_valid() else 200
    return render(request, template, context, status=status)


@require_safe
@never_cache
def about(request):
    plan = _plan_or_none()
    if plan is None:
        return _no_plan(request)
    overview = selectors.plan_overview(plan)
    return render(request, "guide/about.html", {"plan": plan, "overview": overview, "terms": overview.terms})


@require_safe
@never_cache
def plan_document(request):
    """The plan in force, published as a page made from its data (issue 16)."""
    plan = _plan_or_none()
    if plan is None:
        return _no_plan(request)
    document = publication.plan_publication(plan)
    return render(request, "guide/plan_document.html", {"plan": plan, "document": document, "terms": document.terms})


@require_safe
def plan_document_pdf(request):
    """The same, as a PDF (WeasyPrint, `core.pdf`); not kept in the browser's cache either."""
    plan = _plan_or_none()
    if plan is None:
        return _no_plan(request)
    return pdf_response(publication.plan_pdf(plan), publication.plan_pdf_filename(plan), attachment=False)


@require_safe
@never_cache
def safety(request):
    plan = _plan_or_none()
    return render(request, "guide/safety.html", {"plan": plan, "terms": selectors.terms(plan)})


# --- action cards ------------------------------------------------------------------------


def _card_plan(request, plan_pk: int | None):
    """The plan in force, or (for the plan coordinator's preview) any version they may manage."""
    if plan_pk is None:
        return _plan_or_none()
    plan = selectors.preview_plan(request.user, plan_pk)
    if plan is None:
        raise Http404
    return plan


def _card_reader(request, plan):
    """The plan's reader a card is for (`?laeser=<code>`), or None; an unknown code is a 404."""
    code = request.GET.get("laeser")
    if not code:
        return None
    reader = next((r for r in plan.readers.all() if r.code == code), None)  # kept per version: no query
    if reader is None:
        raise Http404
    return reader


def _group_or_404(plan, code: str):
    group = next((g for g in plan.target_groups.all() if g.code == code), None)
    if group is None:
        raise Http404
    return group


@require_safe
@never_cache
def card_index(request, plan_pk: int | None = None):
    plan = _card_plan(request, plan_pk)
    if plan is None:
        return _no_plan(request)
    groups = sorted(plan.target_groups.all(), key=lambda g: (g.min_age, g.order))
    context = {"plan": plan, "groups": groups, "kinds": cards.KINDS, "preview": plan_pk is not None}
    context["untranslated"] = untranslated([group.shown_name for group in groups])
    context["terms"] = selectors.terms(plan)
    return render(request, "guide/cards.html", context)


@require_safe
@never_cache
def card(request, group: str, kind: str, plan_pk: int | None = None):
    plan = _card_plan(request, plan_pk)
    if plan is None:
        return _no_plan(request)
    if kind not in cards.KINDS:
        raise Http404
    reader = _card_reader(request, plan)
    built = cards.build_card(plan, _group_or_404(plan, group), kind, reader)
    pdf_url = (
        reverse("guide:preview_card_pdf", args=[plan.pk, group, kind])
        if plan_pk is not None
        else reverse("guide:card_pdf", args=[group, kind])
    )
    pdf_url += f"?laeser={reader.code}" if reader else ""
    context = {"plan": plan, "card": built, "terms": built.terms, "pdf_url": pdf_url, "preview": plan_pk is not None}
    return render(request, "guide/card.html", context)


@require_safe
def card_pdf(request, group: str, kind: str, plan_pk: int | None = None):
    plan = _card_plan(request, plan_pk)
    if plan is None:
        return _no_plan(request)
    if kind not in cards.KINDS:
        raise Http404
    target = _group_or_404(plan, group)
    pdf = cards.card_pdf(plan, target, kind, reader=_card_reader(request, plan))
    # Not kept in the browser's cache either (NoStoreMiddleware): an action card found in a
    # shared family device's cache tells that someone looked for help.
    return pdf_response(pdf, cards.card_filename(plan, target, kind), attachment=False)


def _preview_only(view):
    return capability_required(Capability.PLAN_MANAGE)(view)


preview_card_index = _preview_only(card_index)
preview_card = _preview_only(card)
preview_card_pdf = _preview_only(card_pdf)


# --- the plan coordinator's preview --------------------------------------------------------


@require_safe
@never_cache
@capability_required(Capability.PLAN_MANAGE)
def preview(request):
    """The guide as it would answer at another moment and for another version (drafts too)."""
    in_force = selectors.guide_plan()
    default_plan = in_force or selectors.preview_plans(request.user).first()
    now = selectors.now_local()
    if "vis" in request.GET:  # sent from the form itself (its hidden `vis`), never by a bare link
        form = PreviewForm(request.GET, user=request.user, default_plan=default_plan)
    else:
        initial = {"plan": default_plan, "dato": now.date(), "tid": now.time().replace(second=0, microsecond=0)}
        initial["rolle"] = "fagperson"
        form = PreviewForm(initial=initial, user=request.user, default_plan=default_plan)
    context = {"form": form, "plan": None, "path": None, "acute": None}
    status = 200
    if form.is_bound and not form.is_valid():
        status = 400
    elif default_plan is not None:
        if form.is_bound:
            plan, moment = form.cleaned_data["plan"], form.cleaned_data["moment"]
            group_value, audience = form.cleaned_data["gruppe"], form.cleaned_data["rolle"]
        else:
            plan, moment, group_value, audience = default_plan, now, "", "fagperson"
        choices = selectors.group_choices(plan)
        choice = next((c for c in choices if c.value == group_value), None) or (choices[0] if choices else None)
        if choice is not None:
            context["path"] = selectors.guide_path(
                plan, choice=choice, audience=selectors.AUDIENCE_SLUGS[audience], at=moment
            )
        context.update(plan=plan, acute=selectors.acute_card(plan, moment), terms=selectors.terms(plan), at=moment)
    return render(request, "guide/preview.html", context, status=status)
