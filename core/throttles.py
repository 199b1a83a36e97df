"""Throttles kept in the cache (Redis in production), so every worker counts the same requests."""

import time

from django.core.cache import caches
from rest_framework.throttling import AnonRateThrottle

from core.clientaddr import client_ip
from core.failopen import FailOpenRedisCache, guard

# Set on the Django request by ContentCacheMiddleware when it counted an anonymous API read in the
# round trip that fetched the read's cache entry: the throttle then uses that count.
PRECOUNTED = "anon_read_total"


class FailOpenThrottle:
    """A throttle whose cache cannot be reached lets the request through (logged and counted by
    core/failopen.py) instead of failing it with a 500."""

    def allow_request(self, request, view):
        with guard("throttle cache") as outcome:
            allowed = super().allow_request(request, view)
        return allowed if outcome.ok else True


class WindowCounter:
    """One client's requests in the last `duration` seconds, as a sliding-window counter in Redis:
    this window's count (INCR, expiring after two windows) plus the previous window's, weighted by
    the share of it still inside the last `duration` seconds. Three commands in one round trip, no
    read-modify-write race between workers, a few bytes per client (DRF's log of timestamps takes a
    read and a write of the whole list). Refused requests count too: a client that keeps
    hammering stays refused."""

    def __init__(self, cache, base_key, duration, now=None):
        now = time.time() if now is None else now
        window = int(now // duration)
        self.current = cache.make_and_validate_key(f"{base_key}:{window}")
        self.previous = cache.make_and_validate_key(f"{base_key}:{window - 1}")
        self.duration = duration
        self.weight = 1 - (now % duration) / duration
        self.wait = duration - (now % duration)

    def queue(self, pipeline):
        pipeline.incr(self.current)
        pipeline.expire(self.current, 2 * self.duration)
        pipeline.get(self.previous)

    def total(self, results):
        current, _expiry, previous = results[-3:]
        return int(current) + int(previous or 0) * self.weight


class AnonReadThrottle(FailOpenThrottle, AnonRateThrottle):
    """Per client address by the project's one rule (core/clientaddr.py): X-Forwarded-For counts only
    as far as TRUSTED_PROXIES says (DRF's default used the whole header when NUM_PROXIES was unset,
    so a new value per request was a new client).

    On Redis it counts with a `WindowCounter` (one round trip; none when ContentCacheMiddleware
    already counted the request with the cache lookup); on a process-local cache it keeps DRF's
    log."""

    scope = "anon_read"

    @property
    def cache(self):
        return caches["default"]

    def get_ident(self, request):
        return client_ip(request)

    @classmethod
    def counter_for(cls, django_request):
        """The counter of an anonymous request (None when the rate is off or the cache is not
        Redis), for the caller to run in a round trip of its own."""
        return cls()._counter(django_request)

    def _counter(self, django_request):
        if self.rate is None or not isinstance(self.cache, FailOpenRedisCache):
            return None
        base_key = self.cache_format % {"scope": self.scope, "ident": client_ip(django_request)}
        return WindowCounter(self.cache, base_key, self.duration)

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        if not isinstance(self.cache, FailOpenRedisCache):
            return super().allow_request(request, view)
        if self.get_cache_key(request, view) is None:
            return True  # an authenticated user: not this throttle's
        django_request = getattr(request, "_request", request)
        counted = getattr(django_request, PRECOUNTED, None)
        counter = None
        if counted is None:
            counter = self._counter(django_request)
            with guard("throttle cache") as outcome:
                results = self.cache.run(counter.queue)
            if not outcome.ok or results is None:
                return True  # Redis unreachable: fail open (core/failopen.py counts it)
            counted = counter.total(results)
            setattr(django_request, PRECOUNTED, counted)
        if counted <= self.num_requests:
            return True
        self.retry_after = (counter or self._counter(django_request)).wait
        return False

    def wait(self):
        retry_after = getattr(self, "retry_after", None)
        return retry_after if retry_after is not None else super().wait()


def anonymous_read_counter(request, store):
    """For ContentCacheMiddleware: the counter of an anonymous API read to run in the round trip
    that fetches its entry from `store`, when the throttle counts in Redis on the same server
    (else None: the throttle counts for itself when the view runs)."""
    counter = AnonReadThrottle.counter_for(request)
    if counter is None or not caches["default"].same_server(store):
        return None
    return counter
