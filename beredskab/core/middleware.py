import re

from .request_context import new_request_id, reset_request_id, set_request_id

# A request id given by a trusted reverse proxy is kept if it looks like an id (never free text).
_ID_PATTERN = re.compile(r"^[A-Za-z0-9-]{8,64}$")


class RequestIdMiddleware:
    """Gives every request an id that ties its audit events and log lines together."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming if _ID_PATTERN.match(incoming) else new_request_id()
        token = set_request_id(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            reset_request_id(token)
        response["X-Request-ID"] = request.request_id
        return response
