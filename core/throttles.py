"""Throttles kept in the cache (Redis in production), so every worker counts the same requests."""

from rest_framework.throttling import AnonRateThrottle

from core.clientaddr import client_ip
from core.failopen import guard


class FailOpenThrottle:
    """A throttle whose cache cannot be reached lets the request through (logged and counted by
    core/failopen.py) instead of failing it with a 500."""

    def allow_request(self, request, view):
        with guard("throttle cache") as outcome:
            allowed = super().allow_request(request, view)
        return allowed if outcome.ok else True


class AnonReadThrottle(FailOpenThrottle, AnonRateThrottle):
    """Per client address by the project's one rule (core/clientaddr.py): X-Forwarded-For counts only
    as far as TRUSTED_PROXIES says (DRF's default used the whole header when NUM_PROXIES was unset,
    so a new value per request was a new client)."""

    scope = "anon_read"

    def get_ident(self, request):
        return client_ip(request)
