"""Rate limits on the public report form (django-ratelimit, in the shared cache).

Two allowances per client address (`core.client.client_key`, the real client behind the
trusted proxy): reports received, and posts that did not validate. They are counted apart, and
set so that a real burst (a school reporting several children in an hour) never meets them,
while a script posting junk soon does. django-ratelimit keeps a hash of the address in the
cache key, never the address itself.

A caller that is known by more than its address (the API's token, `api.throttles`) passes itself
as a `Caller`: its reports count against its own key and allowances, wherever it sends from,
and not against the address it shares with others.
"""

from typing import NamedTuple

from django.conf import settings
from django_ratelimit.core import get_usage, is_ratelimited

from beredskab.core.client import client_key

REPORTS = "intake:reports"
INVALID_POSTS = "intake:invalid"


def _address(group, request) -> str:
    return client_key(request)


class Caller(NamedTuple):
    """A caller counted by its own key (never an address) with its own allowances per hour."""

    key: str
    reports_per_hour: int
    invalid_posts_per_hour: int


def _counted_by(caller: Caller | None):
    """django-ratelimit's key: the client address, or the caller's own key."""
    if caller is None:
        return _address
    return lambda group, request: caller.key


def _rates(caller: Caller | None) -> dict[str, str]:
    if caller is not None:
        return {REPORTS: f"{caller.reports_per_hour}/h", INVALID_POSTS: f"{caller.invalid_posts_per_hour}/h"}
    return {
        REPORTS: f"{settings.INTAKE_REPORTS_PER_HOUR}/h",
        INVALID_POSTS: f"{settings.INTAKE_INVALID_POSTS_PER_HOUR}/h",
    }


def exhausted(request, *, caller: Caller | None = None) -> bool:
    """Has this address (or `caller`) used up either allowance this hour? (Looks; counts nothing.)"""
    for group, rate in _rates(caller).items():
        usage = get_usage(request, group=group, key=_counted_by(caller), rate=rate, increment=False)
        if usage and usage["count"] >= usage["limit"]:
            return True
    return False


def count(request, *, valid: bool, caller: Caller | None = None) -> None:
    """Count a received report (`valid`) or a post that did not validate, against the client
    address or the `caller`."""
    group = REPORTS if valid else INVALID_POSTS
    is_ratelimited(request, group=group, key=_counted_by(caller), rate=_rates(caller)[group], increment=True)
