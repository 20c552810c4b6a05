"""Rate limits on the public report form (django-ratelimit, in the shared cache).

Two allowances per client address (`core.client.client_key`, the real client behind the
trusted proxy): reports received, and posts that did not validate. They are counted apart, and
set so that a real burst (a school reporting several children in an hour) never meets them,
while a script posting junk soon does. django-ratelimit keeps a hash of the address in the
cache key, never the address itself.

A caller that is known by more than its address (the API's token, `api.throttles`) passes its
own `key`: its reports count against it, wherever it sends from, and not against the address
it shares with others.
"""

from django.conf import settings
from django_ratelimit.core import get_usage, is_ratelimited

from beredskab.core.client import client_key

REPORTS = "intake:reports"
INVALID_POSTS = "intake:invalid"


def _address(group, request) -> str:
    return client_key(request)


def _counted_by(key: str | None):
    """django-ratelimit's key: the client address, or the caller's own `key`."""
    if key is None:
        return _address
    return lambda group, request: key


def _rates() -> dict[str, str]:
    return {
        REPORTS: f"{settings.INTAKE_REPORTS_PER_HOUR}/h",
        INVALID_POSTS: f"{settings.INTAKE_INVALID_POSTS_PER_HOUR}/h",
    }


def exhausted(request, *, key: str | None = None) -> bool:
    """Has this address (or caller `key`) used up either allowance this hour? (Looks; counts nothing.)"""
    for group, rate in _rates().items():
        usage = get_usage(request, group=group, key=_counted_by(key), rate=rate, increment=False)
        if usage and usage["count"] >= usage["limit"]:
            return True
    return False


def count(request, *, valid: bool, key: str | None = None) -> None:
    """Count a received report (`valid`) or a post that did not validate, against the client
    address or the caller's own `key`."""
    group = REPORTS if valid else INVALID_POSTS
    is_ratelimited(request, group=group, key=_counted_by(key), rate=_rates()[group], increment=True)
