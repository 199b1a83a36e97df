"""Limits of the public form and the partner API, counted in the shared cache (Redis in production):
per IP address (web form, tracking) and per contact (a phone or e-mail, whichever channel it comes
from). Limits are `REPORTS_RATE_LIMITS = {"submit": (count, seconds), ...}` in the settings."""

import hashlib

from django.conf import settings
from django.core.cache import cache

from core.failopen import guard
from openinfo.ppid.ratelimit import client_ip

DEFAULT_LIMITS = {
    "submit": (5, 3600),  # 5 messages an hour from one address
    "contact": (3, 24 * 3600),  # 3 messages a day from one phone number or e-mail address
    "track": (10, 600),  # 10 lookups in 10 minutes
}


def limit_for(action):
    return getattr(settings, "REPORTS_RATE_LIMITS", {}).get(action, DEFAULT_LIMITS[action])


def _hit(action, ident):
    """Count one attempt; a cache that cannot be reached allows it (core/failopen.py)."""
    with guard("rate-limit cache") as outcome:
        allowed = _count(action, ident)
    return allowed if outcome.ok else True


def _count(action, ident):
    limit, window = limit_for(action)
    key = f"reports:rate:{action}:{hashlib.sha256(ident.encode()).hexdigest()[:32]}"
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        count = 1
    return count <= limit


def hit_ip(request, action):
    """Count one attempt from the request's address; True while within the limit."""
    return _hit(action, client_ip(request))


def hit_contact(key):
    """Count one message from this contact (see forms.contact_key); True while within the limit."""
    return key is None or _hit("contact", key)
