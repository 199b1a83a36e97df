"""A circuit breaker in front of Elasticsearch (issue 18).

After `SEARCH_BREAKER_FAILURES` consecutive failures (a connection refused or timed out, a 5xx)
the breaker opens: for `SEARCH_BREAKER_SECONDS` every call fails at once with `SearchUnavailable`
(search answers 503 with `Retry-After`) without touching the network, so a hanging cluster costs
each search nothing instead of a worker held for the timeout. Then it is half-open: one call is let
through as a trial; success closes the breaker, failure opens it again for another period.

State is per cluster URL, kept in each process and shared through the cache (Redis in
production): failures in a row are counted across the workers, the worker that opens the breaker
writes until when it is open, and the others adopt it on their next call instead of each spending
N timeouts to find out; only one worker at a time runs the half-open trial (one cache round trip
per call while closed). Without a shared cache (or with Redis down) each process decides alone.
"""

import hashlib
import logging
import threading
import time

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

CLOSED, OPEN, HALF_OPEN = "closed", "open", "half_open"


def failure_threshold():
    return max(1, int(getattr(settings, "SEARCH_BREAKER_FAILURES", 3)))


def open_seconds():
    return float(getattr(settings, "SEARCH_BREAKER_SECONDS", 30))


class BreakerOpen(Exception):
    def __init__(self, retry_after):
        super().__init__(f"search circuit breaker open; retry in {retry_after} s")
        self.retry_after = retry_after


def _shared(operation, *args):
    """A cache call for the shared state; None when the cache cannot answer."""
    try:
        return getattr(cache, operation)(*args)
    except Exception:
        return None


class CircuitBreaker:
    def __init__(self, name, clock=time.monotonic, wall=time.time):
        self.name = name
        self.clock = clock
        self.wall = wall
        digest = hashlib.sha256(name.encode()).hexdigest()[:16]
        self.shared_key = f"search-breaker:{digest}"
        self.trial_key = f"search-breaker:{digest}:trial"
        self.failures_key = f"search-breaker:{digest}:failures"
        self.shared_failures = 0  # as last read from the cache
        self._lock = threading.Lock()
        self.state = CLOSED
        self.failures = 0  # consecutive
        self.opened_at = None
        self.trial_running = False
        self.opened = 0  # times opened, for /readyz
        self.short_circuited = 0  # calls refused while open

    def retry_after(self):
        if self.opened_at is None:
            return 0
        return max(1, int(round(self.opened_at + open_seconds() - self.clock())))

    def before_call(self):
        """Raise BreakerOpen unless a call may go out now."""
        period = open_seconds()
        expired = self.state == OPEN and self.clock() - self.opened_at >= period
        if self.state == CLOSED or expired:
            found = _shared("get_many", [self.shared_key, self.failures_key]) or {}
            until = found.get(self.shared_key)
            self.shared_failures = found.get(self.failures_key) or 0
            remaining = (until - self.wall()) if isinstance(until, int | float) else 0
            if remaining > 0:
                with self._lock:  # another worker opened it (again): adopt its period
                    if self.state != HALF_OPEN:
                        self.state = OPEN
                        self.opened_at = self.clock() - max(0.0, period - remaining)
        with self._lock:
            if self.state == CLOSED:
                return
            if self.state == OPEN and self.clock() - self.opened_at >= period:
                self.state = HALF_OPEN
                self.trial_running = False
            if self.state == HALF_OPEN and not self.trial_running:
                timeout = int(float(getattr(settings, "SEARCH_TIMEOUT_SECONDS", 2))) + 2
                if _shared("add", self.trial_key, self.name, timeout) is not False:
                    self.trial_running = True  # this call is the trial (one across workers)
                    return
            self.short_circuited += 1
            raise BreakerOpen(self.retry_after() if self.state == OPEN else 1)

    def success(self):
        with self._lock:
            was = self.state
            self.state = CLOSED
            self.failures = 0
            self.opened_at = None
            self.trial_running = False
            shared_failures, self.shared_failures = self.shared_failures, 0
        if was != CLOSED:
            _shared("delete_many", [self.shared_key, self.trial_key, self.failures_key])
            logger.warning("search circuit breaker closed: %s answers again", self.name)
        elif shared_failures:
            _shared("delete", self.failures_key)  # an answer ends the run of failures everywhere

    def failure(self):
        # Failures in a row are counted across the workers too: N timeouts in all, not N each.
        _shared("add", self.failures_key, 0, 60)
        shared = _shared("incr", self.failures_key)
        with self._lock:
            self.failures += 1
            count = max(self.failures, shared if isinstance(shared, int) else 0)
            if not (self.state == HALF_OPEN or count >= failure_threshold()):
                return
            if self.state != OPEN:
                self.opened += 1
            self.state = OPEN
            self.opened_at = self.clock()
            self.trial_running = False
            failures = count
        period = open_seconds()
        _shared("set", self.shared_key, self.wall() + period, int(period) + 1)
        _shared("delete", self.trial_key)
        logger.warning(
            "search circuit breaker open for %g s after %d failure(s) in a row: %s",
            period,
            failures,
            self.name,
        )

    def snapshot(self):
        return {
            "breaker": self.state,
            "consecutive_failures": self.failures,
            "opened": self.opened,
            "short_circuited": self.short_circuited,
            "retry_after": self.retry_after() if self.state == OPEN else 0,
        }


_breakers: dict[str, CircuitBreaker] = {}
_registry_lock = threading.Lock()


def breaker_for(name):
    with _registry_lock:
        if name not in _breakers:
            _breakers[name] = CircuitBreaker(name)
        return _breakers[name]


def reset_all():
    with _registry_lock:
        _breakers.clear()
