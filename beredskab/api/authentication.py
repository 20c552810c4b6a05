"""Who calls the API: an integration with its token (`Authorization: Bearer bk_...`), or a
member of staff with their session (DRF's SessionAuthentication: CSRF enforced for writes,
named in settings.REST_FRAMEWORK).

A token authenticates as its own account (never a superuser), so every policy decides for it as
for that account. Every request a token makes is audited (which token, which operation, never
what was sent); an expired or revoked token is refused, and the refusal is audited too.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.authentication import SessionScheme
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from beredskab.accounts.twofactor import is_verified, needs_verification

from .tokens import token_find, token_used


def _operation(request) -> str:
    match = getattr(request._request, "resolver_match", None)
    return (match.view_name if match else "") or "unknown"


def carries_working_token(request) -> bool:
    """Whether the request's Bearer token is one `ApiTokenAuthentication` would accept, looked up
    without auditing: the refused-calls limit of a shared address must not lock out a working
    integration behind it (`throttles.CountsEveryCall`)."""
    header = authentication.get_authorization_header(request).split()
    if len(header) != 2 or header[0].lower() != ApiTokenAuthentication.keyword.lower().encode():
        return False
    try:
        token = token_find(header[1].decode("ascii"))
    except UnicodeDecodeError:
        return False
    return token is not None and token.is_active and token.user.is_active and not token.user.is_superuser


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Angiv nøglen som: Authorization: Bearer <nøgle>."))
        try:
            raw = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("Ugyldig API-nøgle.")) from None
        token = token_find(raw)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Ugyldig API-nøgle."))
        if not token.is_active or token.user.is_superuser or not token.user.is_active:
            token_used(token=token, operation=_operation(request), refused=True)
            raise exceptions.AuthenticationFailed(_("API-nøglen er udløbet eller tilbagekaldt."))
        token_used(token=token, operation=_operation(request))
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword


class TwoFactorRequired(exceptions.AuthenticationFailed):
    """A staff session that has not given its second factor (401, code two_factor_required)."""

    error_code = "two_factor_required"
    default_detail = _("Log ind med din anden faktor (kode fra godkendelsesappen), før du bruger API'et.")


class VerifiedSessionAuthentication(authentication.SessionAuthentication):
    """Staff by their session, as on the pages: a user who needs a second factor is refused until
    this session has given it. The site's TwoFactorMiddleware would redirect to the code page
    (an HTML 302 a program cannot follow); the API views are exempt from it (api.urls) because
    this class enforces the same rule and answers in the error shape. CSRF is enforced for
    writes (DRF's SessionAuthentication), refused with our message (DRF's is English only, with
    Django's reason appended)."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None and needs_verification(result[0]) and not is_verified(result[0]):
            raise TwoFactorRequired()
        return result

    def enforce_csrf(self, request):
        try:
            super().enforce_csrf(request)
        except exceptions.PermissionDenied:
            raise exceptions.PermissionDenied(
                _("CSRF-kontrollen afviste forespørgslen: send sessionens CSRF-token i headeren X-CSRFToken.")
            ) from None


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """The token in the OpenAPI schema (a bearer token)."""

    target_class = "beredskab.api.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "An API token created by an administrator."}


class VerifiedSessionScheme(SessionScheme):
    """The staff session in the OpenAPI schema (a session cookie, as DRF's)."""

    target_class = "beredskab.api.authentication.VerifiedSessionAuthentication"
