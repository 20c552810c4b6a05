"""The client's address, as the lockout, the rate limits and the request id trust it.

Behind the reverse proxy the README prescribes, REMOTE_ADDR is the proxy. The proxy appends the
address it saw to X-Forwarded-For, so the client is the right-most address in that header that
is not itself one of our proxies (`settings.TRUSTED_PROXIES`, addresses or networks); anything
further left was written by the client and is not believed. A request that did not come through
a trusted proxy is judged by REMOTE_ADDR alone, whatever headers it carries.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def _is_trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in _networks(tuple(settings.TRUSTED_PROXIES)))


def from_trusted_proxy(request) -> bool:
    return _is_trusted(request.META.get("REMOTE_ADDR", ""))


def client_key(request) -> str:
    """The client as the login lockout and the rate limits count it: its IPv4 address, or the
    /64 network of its IPv6 address (one household or one attacker is given a whole /64, so a
    limit per IPv6 address would be no limit). Shape: an IP address string."""
    address = client_address(request)
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 4:
        return str(parsed)
    if parsed.ipv4_mapped:
        return str(parsed.ipv4_mapped)
    return str(ipaddress.ip_network(f"{parsed}/64", strict=False).network_address)


def client_address(request) -> str:
    """The client's IP address (see the module), as the audit log records it; the lockout and
    the rate limits count by `client_key`."""
    remote = request.META.get("REMOTE_ADDR", "")
    if not from_trusted_proxy(request):
        return remote
    for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        hop = hop.strip()
        if hop and not _is_trusted(hop):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return remote  # a garbled header: the proxy is all we know
    return remote
