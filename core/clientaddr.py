"""One rule for the client's address, used by the API throttles, the form limits and the logs.

TRUSTED_PROXIES (environment, default 0) is how many reverse proxies in front of the app append to
X-Forwarded-For. With 0, the connecting address (REMOTE_ADDR) is the client and X-Forwarded-For is
ignored: a client can write anything there. With N, the client is the N-th address from the right,
the one the outermost trusted proxy saw connecting; whatever the client prepended is ignored.

`rate_limit()` counts attempts per address in the shared cache (Redis in production, which the
production settings require) and tells how long to wait, for a `Retry-After` on the 429.
"""

import ipaddress
import logging
import math
import time

from django.conf import settings
from django.core.cache import cache

from core.failopen import guard


def _valid(address):
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request):
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    trusted = int(getattr(settings, "TRUSTED_PROXIES", 0) or 0)
    if trusted <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if not forwarded:
        return remote
    return _valid(forwarded[-min(trusted, len(forwarded))]) or remote


def client_ip_or_none(request):
    """The client's address for a database column (django-axes' access log): None where there is
    no valid one, e.g. a request built in code (a test client's force_login) with no REMOTE_ADDR."""
    return _valid(client_ip(request))


def rate_limit(request, scope, limit, window):
    """Count one attempt of `scope` from this client; returns (allowed, seconds to wait).
    A cache that cannot be reached allows the attempt (fails open; core/failopen.py logs and
    counts it)."""
    with guard("rate-limit cache") as outcome:
        result = _count(request, scope, limit, window)
    return result if outcome.ok else (True, 0)


def _count(request, scope, limit, window):
    ident = client_ip(request)
    key = f"rate:{scope}:{ident}"
    now = time.time()
    cache.add(f"{key}:start", now, window)
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        cache.set(f"{key}:start", now, window)
        count = 1
    if count <= limit:
        return True, 0
    start = cache.get(f"{key}:start") or now
    return False, max(1, math.ceil(start + window - now))


def too_many(response, retry_after):
    response.status_code = 429
    response["Retry-After"] = str(int(retry_after or 60))
    return response


class ClientAddressFilter(logging.Filter):
    """Adds `client_ip` (by the rule above) to log records that carry a request."""

    def filter(self, record):
        request = getattr(record, "request", None)
        record.client_ip = client_ip(request) if hasattr(request, "META") else "-"
        return True
