"""Helpers shared by the case and risk pages: load a case through CasePolicy (404 when not
visible), show a refusal (403 with the reason), run a form through a service, and ask the
outbound check before a document leaves."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from beredskab.cases.risk.mentions import NetworkMentioned
from beredskab.core import submissions
from beredskab.core.policies import PolicyDenied
from beredskab.core.roles import Capability
from beredskab.core.views_helpers import capability_required

from . import forms, selectors, tracks
from .errors import CaseError
from .models import Case
from .policies import case_policy
from .services.sharing import outbound_release_record
from .withheld_text import withhold_on_page

case_work_required = capability_required(Capability.CASE_WORK)


def lead_required(request) -> None:
    """Refuse (403) a user who may not lead cases (Capability.CASE_LEAD) in any unit."""
    if not request.user.has_capability(Capability.CASE_LEAD):
        raise PermissionDenied


def case_for_page(request, reference: str, *, full: bool = False, audit: bool = True) -> Case:
    """The case of the page through CasePolicy (404 when not visible). `full`: with everything
    the case page shows (`selectors.case_queryset`). `audit`: the read is recorded with the
    purpose the reader chose (`?formaal=`), for a form page only when it is shown (GET)."""
    # The reader's chosen purpose, a code from a short list (never personal data), is logged.
    chosen_purpose = request.GET.get("formaal")
    try:
        if full:
            case = selectors.case_for_reading(
                user=request.user, reference=reference, purpose=chosen_purpose, audit=audit
            )
        else:
            case = selectors.case_for_action(user=request.user, reference=reference)
    except Case.DoesNotExist:
        raise Http404 from None
    if audit and not full and request.method == "GET":
        selectors.audit_case_read(user=request.user, case=case, purpose=chosen_purpose)
    withhold_on_page(request, case)
    return case


def refused(request, reason: str, case: Case | None = None):
    return render(request, "cases/refused.html", {"reason": reason, "case": case}, status=403)


def case_url(case: Case, anchor: str = "") -> str:
    return reverse("cases:detail", args=[case.reference]) + (f"#{anchor}" if anchor else "")


def form_page(
    request,
    case: Case,
    form,
    on_valid,
    *,
    title: str,
    action: str = "work",
    intro: str = "",
    submit: str = "",
    anchor: str = "",
    success: str = "",
    template: str = "cases/form.html",
    context: dict | None = None,
):
    """GET shows the form; POST validates, calls the service, and on success goes back to the
    case. Refusals from the service are shown above the form, with everything typed kept; when
    the risk gate asks about family names in the text, the question is shown at its checkbox.
    The form carries a one-time token (beredskab.core.submissions): sent twice, it makes its
    record once, and the second post goes to what the first made (also when the first changed
    what this page may do, e.g. closed the case)."""
    done = submissions.redirect_if_done(request, fallback_url=case_url(case, anchor))
    if done is not None:
        return done
    decision = case_policy.decide(request.user, action, case)
    if not decision:
        return refused(request, decision.reason, case)
    form.gate_scope = f"{case.pk}:{request.user.pk}"
    submissions.add_token(form)
    tracks.adapt_form(form, case)  # an adult's case: the citizen's words
    status = 200
    if request.method == "POST":
        response, status = _submit(request, case, form, on_valid, anchor=anchor, success=success)
        if response is not None:
            return response
    return render(
        request,
        template,
        {
            "case": case,
            "form": form,
            "title": tracks.for_case(title, case),
            "intro": tracks.for_case(intro, case),
            "submit": submit or _("Gem"),
            "cancel_url": case_url(case, anchor),
            **(context or {}),
        },
        status=status,
    )


def _submit(request, case: Case, form, on_valid, *, anchor: str, success: str) -> tuple[HttpResponse | None, int]:
    """`form_page`'s POST: validate, then call the service once (the form's one-time token).
    Returns the response to send (back to the case, or to what the first send made), or None
    and the status to show the form again with: 400 invalid, 403 refused, 409 refused by the
    case's rules or asked about family names by the risk gate (or sent twice after a change)."""
    if not form.is_valid():
        return None, 400
    try:
        result = submissions.submit_once(
            user=request.user,
            form=form,
            perform=lambda: on_valid(form.cleaned_data),
            default_url=case_url(case, anchor),
        )
    except submissions.AlreadySubmitted as already:
        response = submissions.already_submitted_response(request, already, form, fallback_url=case_url(case, anchor))
        return response, 409
    except PolicyDenied as error:
        form.add_error(None, error.reason)
        return None, 403
    except NetworkMentioned as error:
        if hasattr(form, "ask_about_mentions") and "mentions_confirmed" in form.fields:
            form.ask_about_mentions(error.reason, error.mentions)
        else:
            form.add_error(None, error.reason)
        return None, 409
    except CaseError as error:
        form.add_error(None, error.reason)
        return None, 409
    if success:
        messages.success(request, success)
    if isinstance(result, HttpResponse):
        return result, 200
    return redirect(case_url(case, anchor)), 302


def post_action(request, case: Case, perform, *, success: str, anchor: str = ""):
    """A button that changes something (claim, finish a task ...). Refusals come back as a message."""
    try:
        perform()
    except PolicyDenied as error:
        return refused(request, error.reason, case)
    except CaseError as error:
        messages.error(request, error.reason)
    else:
        messages.success(request, success)
    return redirect(case_url(case, anchor))


def outbound_check(request, case: Case, document, *, title: str, submit: str):
    """The outbound check on a page: when the document's free text gives away values its
    recipient may not get, show the text as the recipient would get it (blacked out) and ask
    which, if any, may go anyway and why. Returns the released keys once decided (an empty set
    when nothing was found), or the page to show."""
    leaked = document.leaked_secrets()
    if not leaked:
        return frozenset()
    form = forms.OutboundReleaseForm(request.POST if request.method == "POST" else None, secrets=leaked)
    submissions.add_token(form)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            chosen = [s for s in leaked if s.key in form.cleaned_data["release"]]
            if chosen:
                try:
                    submissions.submit_once(
                        user=request.user,
                        form=form,
                        perform=lambda: outbound_release_record(
                            actor=request.user,
                            case=case,
                            document=document.name,
                            recipient=document.recipient,
                            released=chosen,
                            reason=form.cleaned_data["reason"],
                        ),
                        default_url=request.get_full_path(),
                    )
                except submissions.AlreadySubmitted as already:
                    # The same release sent twice is recorded once and the document made again;
                    # a changed one is shown again with a fresh token.
                    if not already.same:
                        submissions.already_submitted_response(request, already, form, fallback_url=case_url(case))
                        status = 409
                except CaseError as error:
                    form.add_error(None, error.reason)
                    status = 409
            if status == 200:
                return frozenset(s.key for s in chosen)
        else:
            status = 400
    places = {leak.place for leak in document.leaks}
    preview = [(p.place, document.text(p.text)) for p in document.passages if p.place in places]
    return render(
        request,
        "cases/outbound_check.html",
        {
            "case": case,
            "form": form,
            "title": title,
            "submit": submit,
            "leaks": document.leaks,
            "preview": preview,
            "cancel_url": case_url(case),
        },
        status=status,
    )
