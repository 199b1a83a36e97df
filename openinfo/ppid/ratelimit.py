"""A per-IP counter in the shared cache (Redis in production) for the public PPID forms."""

from django.conf import settings
from django.core.cache import cache

DEFAULT_LIMITS = {
    "request": (5, 3600),  # 5 requests an hour from one address
    "track": (10, 600),  # 10 lookups in 10 minutes
    "objection": (5, 3600),
}


def client_ip(request):
    # REMOTE_ADDR only: X-Forwarded-For is set by the client unless a trusted proxy rewrites it.
    return request.META.get("REMOTE_ADDR", "unknown")


def limit_for(action):
    return getattr(settings, "PPID_RATE_LIMITS", {}).get(action, DEFAULT_LIMITS[action])


def hit(request, action):
    """Count one attempt; True while the address is within its limit."""
    limit, window = limit_for(action)
    key = f"openinfo:rate:{action}:{client_ip(request)}"
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        count = 1
    return count <= limit
