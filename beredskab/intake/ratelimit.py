"""A small fixed-window rate limit for the public form, kept in Django's cache.

The key is a keyed hash of the client address, so the cache never holds an IP address."""

import hashlib
import hmac
import time

from django.conf import settings
from django.core.cache import cache


def _client_key(request, scope: str) -> str:
    address = request.META.get("REMOTE_ADDR", "")
    digest = hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()[:32]
    window = int(time.time() // 3600)
    return f"ratelimit:{scope}:{digest}:{window}"


def allow(request, *, scope: str, per_hour: int) -> bool:
    """Count this request; False once the address has used up its requests this hour."""
    key = _client_key(request, scope)
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=3600)
        count = 1
    return count <= per_hour
