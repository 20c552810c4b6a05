"""The idle timeout, made humane (WCAG 2.2.1 Timing Adjustable) and loss-free.

The session ends after SESSION_COOKIE_AGE seconds without a request (30 minutes; renewed on
every request, config/settings/base.py). Around it:

- Every logged-in page carries a warning (templates/accounts/_idle_warning.html, driven by
  static/js/idle-timeout.js) that opens SESSION_IDLE_WARNING_SECONDS before the end, with
  "Forbliv logget ind" (`session_keepalive`, a POST with CSRF that renews the session and
  answers how long it now lasts) and "Log ud". The script asks `session_status` (which
  does NOT renew the session) before it warns and when the time is up: the server's expiry is
  the truth, whatever other tabs or downloads did meanwhile. Tabs share the latest known expiry
  through localStorage.
- A form posted after the login ended is not lost (`KeepTypedTextMiddleware`):
  its fields are kept encrypted for the same user in the same browser
  (beredskab.accounts.kept_drafts), the user logs in again and lands on the form with the
  fields filled in, and a notice says the text is restored but not saved. A form from a stale
  page (its CSRF token replaced by a new login in another tab) is kept the same way
  (`StaleFormMiddleware`).
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.core.exceptions import SuspiciousOperation
from django.http import JsonResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.shortcuts import redirect, render, resolve_url
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from . import kept_drafts
from .middleware import two_factor_exempt
from .twofactor import safe_next

# Posts that are never kept: the login, password and code pages (passwords, one-time codes),
# the language switch, and the admin (which has its own login).
NEVER_KEPT_NAMESPACES = frozenset({"accounts", "admin"})
NEVER_KEPT_VIEWS = frozenset({"set_language"})
# CSRF refusals that a stale page in this site's own tab gives (the token changed when the user
# logged in again elsewhere, or the cookie is gone): Django's reasons about the token or the
# cookie. Origin and Referer failures never qualify: those posts may come from another site.
_STALE_TOKEN_REASONS = ("CSRF token", "CSRF cookie")


def warning_seconds(session_age: int) -> int:
    """How long before the end the warning opens: the setting, at most half the session age."""
    return max(1, min(int(settings.SESSION_IDLE_WARNING_SECONDS), session_age // 2))


def seconds_left(session) -> int:
    """Seconds until the (saved) session expires, read from the session store without renewing
    it. Stores without a table are assumed fresh (the full age)."""
    model = getattr(session, "model", None)
    if model is not None and session.session_key:
        expires = model.objects.filter(session_key=session.session_key).values_list("expire_date", flat=True).first()
        if expires is not None:
            return max(0, int((expires - timezone.now()).total_seconds()))
    return session.get_expiry_age()


# --- the session and the warning ---------------------------------------------------------------


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's SessionMiddleware, except that a request marked `session_untouched` (asking how
    long the session has left) does not save, and so does not renew, the session. Every other
    request renews it as before (SESSION_SAVE_EVERY_REQUEST)."""

    def process_response(self, request, response):
        if getattr(request, "session_untouched", False):
            patch_vary_headers(response, ("Cookie",))
            return response
        return super().process_response(request, response)


@two_factor_exempt
@require_GET
def session_status(request):
    """JSON: {"authenticated": bool, "expires_in": seconds, "csrf_token": str}. Does not renew the
    session. The token lets a page loaded before a new login (in another tab) still renew it;
    only this site's own pages can read the answer (no CORS)."""
    request.session_untouched = True
    if not request.user.is_authenticated:
        return JsonResponse({"authenticated": False})
    return JsonResponse(
        {"authenticated": True, "expires_in": seconds_left(request.session), "csrf_token": get_token(request)}
    )


@two_factor_exempt
@require_POST
def session_keepalive(request):
    """'Forbliv logget ind': renews the session (CSRF-checked POST). JSON as `session_status`;
    401 when the login has already ended."""
    if not request.user.is_authenticated:
        return JsonResponse({"authenticated": False}, status=401)
    request.session.modified = True
    return JsonResponse({"authenticated": True, "expires_in": request.session.get_expiry_age()})


def context(request) -> dict:
    """Template context: `idle_timeout` for logged-in pages (seconds left, when to warn) and
    `kept_draft`, text given back on this page (set by KeepTypedTextMiddleware)."""
    values = {}
    user = getattr(request, "user", None)
    session = getattr(request, "session", None)
    if user is not None and user.is_authenticated and session is not None:
        age = session.get_expiry_age()
        values["idle_timeout"] = {
            "page_user": kept_drafts.page_user_token(user),
            "expires_in": age,
            "warn_before": warning_seconds(age),
            "time_zone": settings.TIME_ZONE,  # the clock time of the end, as the site shows times
        }
    draft = getattr(request, "kept_draft", None)
    if draft is not None:
        values["kept_draft"] = draft
    return values


# --- keeping what was typed ---------------------------------------------------------------------


def _is_login_redirect(response) -> bool:
    if response.status_code not in (301, 302, 303, 307, 308):
        return False
    return urlsplit(response.get("Location", "")).path == resolve_url(settings.LOGIN_URL)


def _keepable(request) -> bool:
    match = request.resolver_match
    return not (match is None or match.namespace in NEVER_KEPT_NAMESPACES or match.view_name in NEVER_KEPT_VIEWS)


def _page_path(request) -> str:
    """The page the form was on (path and query): this site's Referer, else the posted path."""
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        parts = urlsplit(referer)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path.startswith("/") and not path.startswith("//") and parts.path != resolve_url(settings.LOGIN_URL):
            return path
    return request.get_full_path()


def keep_typed_text(request, *, same_origin_checked: bool = False):
    """Keep what this POST carries for its user and answer with where to go next, or None when
    there is nothing to keep (nothing typed, a page whose posts are never kept, unreadable).

    Logged out: to the login page, which then leads back to the form. Logged in (a stale page,
    see `StaleFormMiddleware`): straight back to the form. When no user can be named, but the
    browser had a login (a session or ticket cookie) or came through the Origin check
    (`same_origin_checked`), a page shows the text so it can be copied: the post passed the CSRF
    or Origin check, so it is this browser's own. A browser with no trace of a login gets the
    login page as before."""
    request.typed_text_handled = True
    if not _keepable(request):
        return None
    try:
        fields = kept_drafts.typed_fields(request.POST)
        files = sum(len(files) for _name, files in request.FILES.lists())
    except (SuspiciousOperation, MultiPartParserError, UnreadablePostError):
        return None
    if not kept_drafts.has_typed_text(fields):
        return None
    page_path = _page_path(request)
    owner, source = kept_drafts.former_owner(request)
    if owner is None:
        had_login = settings.SESSION_COOKIE_NAME in request.COOKIES or kept_drafts.TICKET_COOKIE in request.COOKIES
        if not (had_login or same_origin_checked):
            return None
        login_url = redirect_to_login(page_path)["Location"]
        return render(request, "accounts/typed_text_not_kept.html", {"fields": fields, "login_url": login_url})
    ticket = kept_drafts.ticket_read(request)
    key = ticket.key if ticket else kept_drafts.new_browser_key()
    kept_drafts.draft_keep(
        owner=owner,
        browser_key=key,
        post_path=request.path,
        page_path=page_path,
        fields=fields,
        files_left_out=files,
        source=source,
    )
    if request.user.is_authenticated and request.user.pk != owner.pk:
        # A page made for someone else, sent after this user logged in on the same browser: kept
        # for its own user only.
        messages.warning(
            request,
            _(
                "Formularen blev ikke sendt, fordi siden hørte til en anden brugers login. Teksten er "
                "gemt til den bruger og kan ikke ses her."
            ),
        )
        response = redirect(page_path)
    elif request.user.is_authenticated:
        messages.warning(
            request,
            _(
                "Siden var forældet, så formularen blev ikke sendt. Det, du skrev, er sat ind igen: "
                "læs det igennem, og send formularen igen."
            ),
        )
        response = redirect(page_path)
    else:
        messages.warning(
            request,
            _(
                "Du var ikke længere logget ind, så formularen blev ikke sendt. Det, du skrev, er gemt "
                "sikkert i to timer: log ind igen, så kommer det tilbage i formularen."
            ),
        )
        response = redirect_to_login(page_path)
    kept_drafts.ticket_write(response, key=key, owner_id=owner.pk)
    return response


class KeepTypedTextMiddleware:
    """Keeps a form posted after the login ended, and gives it back after the next login.

    Placed after MessageMiddleware (its notices reach the next page) and, for `process_view`,
    after CsrfViewMiddleware: only posts that passed the CSRF check are kept here (a post with a
    stale token is handled by `StaleFormMiddleware`).
    - POST answered with a redirect to the login page (the view needs a login): kept, and the
      redirect leads back to the form after the login.
    - POST with the keep-only marker (idle-timeout.js, "Log ind igen" after the time ran out):
      kept without running the view, logged in or not, so it is never sent by accident.
    - POST by the logged-in owner to a kept form's address: the draft is used up.
    - GET of a page with a kept form (same user, same browser): `request.kept_draft` is set, and
      the page shows the notice and fills the form in (templates/accounts/_kept_draft.html)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "GET" and not request.headers.get("HX-Request"):
            self._attach(request)
        response = self.get_response(request)
        if request.method == "POST":
            return self._after_post(request, response)
        draft = getattr(request, "kept_draft", None)
        if draft is not None and response.status_code == 200:
            kept_drafts.draft_restored(user=request.user, draft=draft)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST" or not getattr(request, "csrf_processing_done", False):
            return None
        if request.POST.get(kept_drafts.KEEP_ONLY_FIELD) != "1" or not _keepable(request):
            return None
        response = keep_typed_text(request, same_origin_checked=True)
        if response is not None:
            return response
        # Nothing to keep: still never send the form.
        page_path = _page_path(request)
        return redirect(page_path) if request.user.is_authenticated else redirect_to_login(page_path)

    def _attach(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return
        ticket = kept_drafts.ticket_read(request)
        if ticket is None:
            return
        request.kept_draft = kept_drafts.draft_for_page(
            user=user, browser_key=ticket.key, page_path=request.get_full_path()
        )

    def _after_post(self, request, response):
        if getattr(request, "typed_text_handled", False):
            return response
        user = request.user
        if user.is_authenticated:
            ticket = kept_drafts.ticket_read(request)
            if ticket is not None and response.status_code < 400:
                kept_drafts.drafts_used(actor=user, browser_key=ticket.key, post_path=request.path)
            return response
        if _is_login_redirect(response):
            return keep_typed_text(request) or response
        return response


class _CsrfProbe(CsrfViewMiddleware):
    """Django's CSRF check, answering with the reason it would refuse (a string) instead of
    refusing. An accepted request is marked done, so the real check does not run twice."""

    def _reject(self, request, reason):
        return str(reason)


class StaleFormMiddleware:
    """A form from a stale page is kept like one posted after the login ended.

    A page loaded before the user logged in again (in another tab, after the idle timeout)
    carries the old CSRF token, which the new login replaced: Django would refuse the post
    (403) and the text would be lost. Placed just before CsrfViewMiddleware, this runs the same
    check first. A refusal about the token or the cookie, of a post that the browser says comes
    from this site (an Origin header, which Django has checked before the token, or
    `Sec-Fetch-Site: same-origin`), is kept for its user (`keep_typed_text`) and answered with
    the way back to the form. Any other refusal is left to CsrfViewMiddleware and
    CSRF_FAILURE_VIEW, as are public forms that show themselves again after a CSRF failure
    (`keeps_input_on_csrf_failure`, beredskab.core.typed_input)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.probe = _CsrfProbe(get_response)

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST" or getattr(view_func, "keeps_input_on_csrf_failure", False):
            return None
        reason = self.probe.process_view(request, view_func, view_args, view_kwargs)
        if not reason or not reason.startswith(_STALE_TOKEN_REASONS):
            return None
        if "HTTP_ORIGIN" not in request.META and request.headers.get("Sec-Fetch-Site") != "same-origin":
            return None
        return keep_typed_text(request, same_origin_checked=True)


@require_POST
@login_required
def kept_draft_discard(request, draft_id: int):
    """Throw the restored text away (the notice's button); back to the page."""
    ticket = kept_drafts.ticket_read(request)
    if ticket is not None and kept_drafts.draft_delete(
        actor=request.user, browser_key=ticket.key, draft_id=draft_id, reason="discarded"
    ):
        messages.success(request, _("Den gendannede tekst er slettet."))
    return redirect(safe_next(request, request.POST.get("next")))
