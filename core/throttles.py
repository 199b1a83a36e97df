"""Throttles kept in the cache (Redis in production), so every worker counts the same requests."""

from rest_framework.throttling import AnonRateThrottle


class AnonReadThrottle(AnonRateThrottle):
    scope = "anon_read"
