"""One error shape for every error the API gives:

    {"error": {"code": "validation", "message": "…", "fields": {"narrative": ["…"]}}}

`code` is stable (for programs), `message` is for people, in Danish or English by the request's
Accept-Language (LocaleMiddleware), `fields` names each field that was refused. DRF's own
messages (its exceptions, its fields' checks) come in Danish from DRF's catalogue, completed
where it lacks them by beredskab/locale/da; api/tests/test_error_languages.py sends a request for
every exception class in both languages. DRF's exceptions
go through `exception_handler`; a URL under /api/ that matches no route, or an error outside a
view, gets the same shape from the project's error handlers (`page_not_found` etc., named in
config/urls.py), and every other page keeps the site's own error pages.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

from beredskab.core import views as site_views

API_PREFIX = "/api/"

# The code for each DRF exception (its default code where it has a good one).
_CODES = {
    exceptions.ValidationError: "validation",
    exceptions.ParseError: "parse_error",
    exceptions.NotAuthenticated: "not_authenticated",
    exceptions.AuthenticationFailed: "authentication_failed",
    exceptions.PermissionDenied: "permission_denied",
    exceptions.NotFound: "not_found",
    exceptions.MethodNotAllowed: "method_not_allowed",
    exceptions.NotAcceptable: "not_acceptable",
    exceptions.UnsupportedMediaType: "unsupported_media_type",
    exceptions.Throttled: "rate_limited",
}


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    return {"error": {"code": code, "message": str(message), "fields": fields or {}}}


class ApiError(exceptions.APIException):
    """An error a view raises with its own code, e.g. ApiError(409, "risk_gate_closed", reason)."""

    def __init__(self, status_code: int, code: str, message: str, fields: dict | None = None):
        super().__init__(detail=str(message), code=code)
        self.status_code = status_code
        self.error_code = code
        self.fields = fields or {}


def _flatten(detail, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error detail as {"field" or "field.0.sub": ["message", ...]}."""
    if isinstance(detail, dict):
        out: dict[str, list[str]] = {}
        for key, value in detail.items():
            out.update(_flatten(value, f"{prefix}.{key}" if prefix else str(key)))
        return out
    if isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            return {prefix: [str(item) for item in detail]}
        out = {}
        for i, value in enumerate(detail):
            out.update(_flatten(value, f"{prefix}.{i}" if prefix else str(i)))
        return out
    return {prefix: [str(detail)]}


def _validation_body(detail) -> dict:
    fields = _flatten(detail) if isinstance(detail, dict | list) else {"non_field_errors": [str(detail)]}
    general = fields.pop("non_field_errors", [])
    message = " ".join(general) or _("Nogle felter er ikke udfyldt rigtigt. Se fields.")
    return error_body("validation", message, fields)


def exception_handler(exc, context):
    """DRF's handler with our shape. Django's Http404 and PermissionDenied become 404 and 403."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(getattr(exc, "reason", None) or None)
    if not isinstance(exc, exceptions.APIException):
        return None  # a bug: the 500 handler answers
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))
    if isinstance(exc, ApiError):
        body = error_body(exc.error_code, exc.detail, exc.fields)
    elif isinstance(exc, exceptions.ValidationError):
        body = _validation_body(exc.detail)
    else:
        code = getattr(exc, "error_code", None) or next((c for cls, c in _CODES.items() if isinstance(exc, cls)), None)
        code = code or exc.default_code
        body = error_body(code, exc.detail if isinstance(exc.detail, str) else exc.default_detail)
    set_rollback()
    return Response(body, status=exc.status_code, headers=headers)


# --- the project's error handlers: JSON under /api/, the site's pages elsewhere -----------------


def _is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


def bad_request(request, exception=None):
    if _is_api(request):
        return JsonResponse(error_body("bad_request", _("Forespørgslen kunne ikke læses.")), status=400)
    return site_views.bad_request(request, exception)


def permission_denied(request, exception=None):
    if _is_api(request):
        return JsonResponse(error_body("permission_denied", _("Du har ikke adgang til dette.")), status=403)
    return site_views.permission_denied(request, exception)


def page_not_found(request, exception=None):
    if _is_api(request):
        return JsonResponse(error_body("not_found", _("Adressen findes ikke i API'et.")), status=404)
    return site_views.page_not_found(request, exception)


def server_error(request):
    if _is_api(request):
        message = _("Der skete en fejl hos os. Prøv igen senere.")
        return JsonResponse(error_body("server_error", message), status=status.HTTP_500_INTERNAL_SERVER_ERROR)
    return site_views.server_error(request)
