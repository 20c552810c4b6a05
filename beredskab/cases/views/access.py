"""Access beyond the unit's ordinary access: protected cases, and break-glass (emergency access)
with the leaders' review of it."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from beredskab.accounts.models import User
from beredskab.core import submissions
from beredskab.core.policies import PolicyDenied
from beredskab.core.workdays import to_local

from .. import breakglass, forms, protection
from ..errors import CaseError
from ..view_helpers import case_for_page, case_url, case_work_required, form_page, lead_required, post_action


@require_http_methods(["GET", "POST"])
@case_work_required
def case_protection(request, reference: str):
    """A leader protects the case (reason and named people) or changes who is named."""
    case = case_for_page(request, reference)
    member_choices = [(u.pk, u.full_name or u.email) for u in protection.eligible_members(case)]
    initial = {"members": list(case.protection_members.values_list("user_id", flat=True))}
    if not case.protected and case.owner_id:
        initial["members"] = [case.owner_id]
    form = forms.ProtectionForm(
        request.POST or None, member_choices=member_choices, ask_reason=not case.protected, initial=initial
    )

    def perform(data):
        members = list(User.objects.filter(pk__in=data["members"]))
        if case.protected:
            return protection.case_protection_members_set(actor=request.user, case=case, members=members)
        return protection.case_protect(actor=request.user, case=case, reason=data["reason"], members=members)

    return form_page(
        request,
        case,
        form,
        perform,
        title=_("Hvem må se sagen") if case.protected else _("Gør sagen beskyttet"),
        intro=_(
            "En beskyttet sag kan kun ses af de medarbejdere, du vælger, og af dig. Den vises ikke i lister, "
            "køer, frister eller søgninger for andre, og forsøg på at åbne den bliver meldt til enhedens ledere."
        ),
        action="protect",
        anchor="beskyttelse",
        success=_("Adgangen til sagen er gemt.") if case.protected else _("Sagen er nu beskyttet."),
        submit=_("Gem") if case.protected else _("Gør sagen beskyttet"),
        template="cases/protection_form.html",
    )


@require_POST
@case_work_required
def case_unprotect(request, reference: str):
    case = case_for_page(request, reference, audit=False)
    return post_action(
        request,
        case,
        lambda: protection.case_unprotect(actor=request.user, case=case),
        success=_("Beskyttelsen er ophævet. Sagen kan igen ses af enheden."),
        anchor="beskyttelse",
    )


@require_http_methods(["GET", "POST"])
@case_work_required
def break_glass(request):
    """Emergency access: the reference and a reason in a POST form, never in the URL."""
    form = forms.BreakGlassForm(request.POST or None)
    submissions.add_token(form)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                access = submissions.submit_once(
                    user=request.user,
                    form=form,
                    perform=lambda: breakglass.break_glass_open(
                        actor=request.user,
                        reference=form.cleaned_data["reference"],
                        reason=form.cleaned_data["reason"],
                    ),
                    default_url=lambda access: case_url(access.case),
                )
            except submissions.AlreadySubmitted as done:
                response = submissions.already_submitted_response(
                    request, done, form, fallback_url=reverse("cases:break_glass")
                )
                if response is not None:
                    return response
                status = 409
            except breakglass.AlreadyVisible as already:
                messages.info(request, _("Du har allerede adgang til sagen."))
                return redirect(case_url(already.case))
            except breakglass.BreakGlassRefused as refused:
                # One answer, never sooner, whether the case is missing, protected or not allowed.
                form.add_error("reference", refused.reason)
                status = 403
                refused.wait()
            except PolicyDenied as error:
                form.add_error(None, error.reason)
                status = 403
            except CaseError as error:
                form.add_error(None, error.reason)
            else:
                messages.warning(
                    request,
                    _("Du har nødadgang til sagen til kl. %(time)s. Al læsning registreres og gennemgås af en leder.")
                    % {"time": _local_time(access.expires_at)},
                )
                return redirect(case_url(access.case))
    return render(
        request,
        "cases/break_glass.html",
        {"form": form, "minutes": int(breakglass.duration().total_seconds() // 60)},
        status=status,
    )


def _local_time(moment) -> str:
    return date_format(to_local(moment), "H:i")


@case_work_required
def break_glass_reviews(request):
    """The leader's list: break-glass accesses not yet reviewed, and refused attempts."""
    lead_required(request)
    reviews = breakglass.review_list(user=request.user)
    return render(
        request, "cases/break_glass_reviews.html", {"accesses": reviews.accesses, "refusals": reviews.refusals}
    )


@require_http_methods(["GET", "POST"])
@case_work_required
def break_glass_review(request, access_id: int):
    lead_required(request)
    done = submissions.redirect_if_done(request, fallback_url=reverse("cases:break_glass_reviews"))
    if done is not None:
        return done
    access = next((a for a in breakglass.pending_reviews(user=request.user) if a.pk == access_id), None)
    if access is None:
        raise Http404
    form = forms.BreakGlassReviewForm(request.POST or None)
    submissions.add_token(form)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            done_url = reverse("cases:break_glass_reviews")
            try:
                submissions.submit_once(
                    user=request.user,
                    form=form,
                    perform=lambda: breakglass.break_glass_review(
                        actor=request.user, access=access, note=form.cleaned_data["note"]
                    ),
                    default_url=done_url,
                )
            except submissions.AlreadySubmitted as already:
                response = submissions.already_submitted_response(request, already, form, fallback_url=done_url)
                if response is not None:
                    return response
                status = 409
            except (PolicyDenied, CaseError) as error:
                form.add_error(None, error.reason)
                status = 409
            else:
                messages.success(request, _("Nødadgangen er markeret som gennemgået."))
                return redirect(reverse("cases:break_glass_reviews"))
    return render(request, "cases/break_glass_review.html", {"access": access, "form": form}, status=status)
