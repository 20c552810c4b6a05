import re

from django.core.exceptions import BadRequest
from django.utils.cache import add_never_cache_headers

from .client import from_trusted_proxy
from .request_context import new_request_id, reset_request_id, set_request_id

# A request id given by a trusted reverse proxy is kept if it looks like an id (never free text).
_ID_PATTERN = re.compile(r"^[A-Za-z0-9-]{8,64}$")


class RequestIdMiddleware:
    """Gives every request an id that ties its audit events and log lines together."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Only our own reverse proxy may name the request (a client could otherwise tie its
        # requests to someone else's audit events).
        incoming = request.headers.get("X-Request-ID", "") if from_trusted_proxy(request) else ""
        request.request_id = incoming if _ID_PATTERN.match(incoming) else new_request_id()
        token = set_request_id(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            reset_request_id(token)
        response["X-Request-ID"] = request.request_id
        return response


class RefuseNulMiddleware:
    """A NUL character in the path or the query string is refused as a bad request (400) before
    any view looks a value up: PostgreSQL cannot compare text with NUL in it (a 500), and no
    link of ours ever holds one. Form and JSON fields refuse it themselves (Django's and DRF's
    `ProhibitNullCharactersValidator`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or "\x00" in value for key, values in request.GET.lists() for value in values
        ):
            raise BadRequest("NUL in the path or the query string")
        return self.get_response(request)


class NoStoreMiddleware:
    """No page of this system may stay in a browser's or a proxy's cache: case pages, PDFs and
    attachments carry personal data, the log-in and TOTP pages carry secrets, and even a
    public page in a shared family device's disk cache tells that someone looked for help.

    So every response gets `Cache-Control: no-store` (Django's `add_never_cache_headers`),
    fail-closed: a view that wants another policy must say so itself. Static files are served
    by WhiteNoise above this middleware and keep their long cache headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response


# Browser features no page of this system uses, switched off for every page and every frame
# (an empty allow-list, "()"). A page that shows a case cannot then be made, by injected
# markup or a compromised script, to switch on the camera or microphone, read the location of
# someone seeking help, start a payment or reach USB, serial or HID devices. Only features that
# Chromium knows are listed (an unknown name, e.g. "bluetooth", is a console error, not a
# protection; the browser test checks this).
# WebAuthn (publickey-credentials-*) is left to the default, for a security-key second factor.
PERMISSIONS_POLICY_FEATURES = (
    "accelerometer",
    "autoplay",
    "browsing-topics",
    "camera",
    "display-capture",
    "encrypted-media",
    "fullscreen",
    "geolocation",
    "gyroscope",
    "hid",
    "idle-detection",
    "local-fonts",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "picture-in-picture",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
)
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in PERMISSIONS_POLICY_FEATURES)


class PermissionsPolicyMiddleware:
    """Sets `Permissions-Policy` (PERMISSIONS_POLICY) on every response, static files and error
    pages included (Django's SecurityMiddleware has no setting for it). Outermost but for
    SecurityMiddleware, so no response bypasses it; a view that sets its own keeps it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Permissions-Policy"):
            response["Permissions-Policy"] = PERMISSIONS_POLICY
        return response
