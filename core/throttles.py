"""Throttles kept in the cache (Redis in production), so every worker counts the same requests."""

from rest_framework.throttling import AnonRateThrottle

from core.clientaddr import client_ip


class AnonReadThrottle(AnonRateThrottle):
    """Per client address by the project's one rule (core/clientaddr.py): X-Forwarded-For counts only
    as far as TRUSTED_PROXIES says (DRF's default used the whole header when NUM_PROXIES was unset,
    so a new value per request was a new client)."""

    scope = "anon_read"

    def get_ident(self, request):
        return client_ip(request)
