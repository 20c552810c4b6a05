"""Who the API's limits count: the caller, not the connection.

- A call with an API token counts against that token, from whatever address it comes: an
  integration behind a shared proxy or NAT is not limited together with its neighbours, and a
  token spread over many addresses is still one caller.
- A staff session counts against its user.
- Anyone else (no login) counts against their client address, taken as the login lockout and
  the report form take it (`core.client.client_key`: the client behind the trusted proxy, an
  IPv6 /64 as one).

Two limits use this: every API call (DRF's throttle, `CallerThrottle` and `AnonymousThrottle`,
per minute; settings.API_CALLS_PER_MINUTE_*), and the reports sent through the API
(intake.ratelimit's hourly allowances: the form's per client address, a token's own per token,
settings.API_TOKEN_*_PER_HOUR; `report_caller`). The cache keys hold a hash, never an address.

Every call counts, refused ones too (`CountsEveryCall`, the base of every API view: DRF would
check the permissions first, and a call refused for its scope or a missing login was never
counted). A call refused at authentication (a made-up, expired or revoked token; a session
without its second factor) has no caller to count against: it counts per client address
(`RefusedThrottle`, settings.API_REFUSED_CALLS_PER_MINUTE), and past that allowance the
address's calls are refused before the token is looked up, so a script cannot fill the audit
log with refusals of a revoked token.
"""

import hashlib

from django.conf import settings
from rest_framework import exceptions
from rest_framework.throttling import SimpleRateThrottle

from beredskab.core.client import client_key
from beredskab.intake.ratelimit import Caller

from .authentication import carries_working_token
from .models import ApiToken


def _token(request) -> ApiToken | None:
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, ApiToken) else None


def caller_key(request) -> str:
    """The caller as the limits count it: `token:<id>`, `user:<id>` or `address:<client key>`."""
    token = _token(request)
    if token is not None:
        return f"token:{token.pk}"
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"address:{client_key(getattr(request, '_request', request))}"


def report_caller(request) -> Caller | None:
    """Whom the report allowances count a report sent through the API against: its token (with
    a token's allowances: one token may relay a whole website's reports), or None for the client
    address with the form's allowances (a person sending from a browser, staff included)."""
    token = _token(request)
    if token is None:
        return None
    return Caller(
        key=f"api-token:{token.pk}",
        reports_per_hour=settings.API_TOKEN_REPORTS_PER_HOUR,
        invalid_posts_per_hour=settings.API_TOKEN_INVALID_POSTS_PER_HOUR,
    )


class _CallerRateThrottle(SimpleRateThrottle):
    """DRF's throttle (a sliding window in the shared cache), with the rate read from the
    settings at each request (so a deployment, or a test, can change it)."""

    setting = ""

    def get_rate(self):
        return f"{getattr(settings, self.setting)}/min"

    def _key(self, ident: str) -> str:
        digest = hashlib.sha256(ident.encode()).hexdigest()[:32]
        return self.cache_format % {"scope": self.scope, "ident": digest}


class CallerThrottle(_CallerRateThrottle):
    """Calls with a token (per token) or a staff session (per user)."""

    scope = "api-caller"
    setting = "API_CALLS_PER_MINUTE_CALLER"

    def get_cache_key(self, request, view):
        if _token(request) is None and not request.user.is_authenticated:
            return None
        return self._key(caller_key(request))


class AnonymousThrottle(_CallerRateThrottle):
    """Calls without a login, per client address."""

    scope = "api-anonymous"
    setting = "API_CALLS_PER_MINUTE_ANONYMOUS"

    def get_cache_key(self, request, view):
        if _token(request) is not None or request.user.is_authenticated:
            return None
        return self._key(caller_key(request))


class RefusedThrottle(_CallerRateThrottle):
    """Calls refused at authentication, per client address (see the module). `exhausted` looks
    without counting; `count` counts one refusal."""

    scope = "api-refused"
    setting = "API_REFUSED_CALLS_PER_MINUTE"

    def get_cache_key(self, request, view):
        return self._key(f"address:{client_key(getattr(request, '_request', request))}")

    def exhausted(self, request) -> bool:
        self.key = self.get_cache_key(request, None)
        self.history = self.cache.get(self.key, [])
        self.now = self.timer()
        while self.history and self.history[-1] <= self.now - self.duration:
            self.history.pop()
        return len(self.history) >= self.num_requests

    def count(self, request) -> None:
        if not self.exhausted(request):
            self.throttle_success()


class CountsEveryCall:
    """The API views' base (before APIView): the limits are checked before the permissions, so
    a refused call counts against its caller too, and a call refused at authentication counts
    against its client address (`RefusedThrottle`), whose calls past the allowance are refused
    before authenticating, except a call with a working token (neighbours behind the same address
    cannot lock an integration out)."""

    def perform_authentication(self, request):
        refused = RefusedThrottle()
        if refused.exhausted(request) and not carries_working_token(request):
            self.throttled(request, refused.wait())
        try:
            request.user  # noqa: B018 - DRF authenticates lazily
        except exceptions.AuthenticationFailed:
            refused.count(request)
            raise

    def check_permissions(self, request):
        self.check_throttles(request)
        self._limits_checked = True
        super().check_permissions(request)

    def check_throttles(self, request):
        if not getattr(self, "_limits_checked", False):
            super().check_throttles(request)
