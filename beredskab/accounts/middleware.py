"""Session rules for logged-in users: sessions ended by 'Log ud alle steder' stay ended, and
users who need two-factor login reach nothing but the code pages until they have given a code."""

from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect

from .session_security import session_is_current
from .twofactor import is_verified, needs_verification, second_step_url

# Pages an authenticated but not yet verified user may open.
TWO_FACTOR_EXEMPT_VIEWS = frozenset(
    {
        "accounts:login",
        "accounts:logout",
        "accounts:two_factor_verify",
        "accounts:two_factor_setup",
        "core:accessibility",
        "set_language",
        "javascript-catalog",
    }
)


def two_factor_exempt(view):
    """Mark a public view (one anonymous visitors may open) as reachable before the second factor."""
    view.two_factor_exempt = True
    return view


class SessionEpochMiddleware:
    """Ends a session opened before the user's last 'Log ud alle steder' (after AuthenticationMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not session_is_current(request.session, user):
            request.ended_session_user_id = user.pk  # a form posted now is kept for them (kept_drafts)
            request.session.flush()
            request.user = AnonymousUser()

            async def anonymous():
                return request.user

            request.auser = anonymous
        return self.get_response(request)


class TwoFactorMiddleware:
    """Sends users who need a second factor, and have not given one in this session, to the code
    page (or to enrolment). Runs after django_otp's OTPMiddleware, which sets `is_verified`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or is_verified(user):
            return None
        match = request.resolver_match
        if (match and match.view_name in TWO_FACTOR_EXEMPT_VIEWS) or getattr(view_func, "two_factor_exempt", False):
            return None
        if not needs_verification(user):
            return None
        next_url = request.get_full_path() if request.method in ("GET", "HEAD") else ""
        return redirect(second_step_url(user, next_url))
