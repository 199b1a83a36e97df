"""A per-address counter in the shared cache (Redis in production) for the public PPID forms."""

from django.conf import settings

from core.clientaddr import client_ip, rate_limit

DEFAULT_LIMITS = {
    "request": (5, 3600),  # 5 requests an hour from one address
    "track": (10, 600),  # 10 lookups in 10 minutes
    "objection": (5, 3600),
}


def limit_for(action):
    return getattr(settings, "PPID_RATE_LIMITS", {}).get(action, DEFAULT_LIMITS[action])


def hit(request, action):
    """Count one attempt; True while the address is within its limit. When it is not, the seconds
    to wait are kept on the request for the 429's Retry-After."""
    limit, window = limit_for(action)
    allowed, retry_after = rate_limit(request, f"openinfo:{action}", limit, window)
    request.retry_after = retry_after
    return allowed


__all__ = ["client_ip", "hit", "limit_for"]
