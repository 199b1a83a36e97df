"""A circuit breaker in front of Elasticsearch (issue 18).

After `SEARCH_BREAKER_FAILURES` consecutive failures (a connection refused or timed out, a 5xx)
the breaker opens: for `SEARCH_BREAKER_SECONDS` every call fails at once with `SearchUnavailable`
(search answers 503 with `Retry-After`) without touching the network, so a hanging cluster costs
each search nothing instead of a worker held for the timeout. Then it is half-open: one call is let
through as a trial; success closes the breaker, failure opens it again for another period.

State is per process and per cluster URL (each gunicorn worker finds out for itself, after at most
N failures).
"""

import threading
import time

from django.conf import settings

CLOSED, OPEN, HALF_OPEN = "closed", "open", "half_open"


def failure_threshold():
    return max(1, int(getattr(settings, "SEARCH_BREAKER_FAILURES", 3)))


def open_seconds():
    return float(getattr(settings, "SEARCH_BREAKER_SECONDS", 30))


class BreakerOpen(Exception):
    def __init__(self, retry_after):
        super().__init__(f"search circuit breaker open; retry in {retry_after} s")
        self.retry_after = retry_after


class CircuitBreaker:
    def __init__(self, name, clock=time.monotonic):
        self.name = name
        self.clock = clock
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
        with self._lock:
            if self.state == CLOSED:
                return
            if self.state == OPEN and self.clock() - self.opened_at >= open_seconds():
                self.state = HALF_OPEN
                self.trial_running = False
            if self.state == HALF_OPEN and not self.trial_running:
                self.trial_running = True  # this call is the trial
                return
            self.short_circuited += 1
            raise BreakerOpen(self.retry_after() if self.state == OPEN else 1)

    def success(self):
        with self._lock:
            self.state = CLOSED
            self.failures = 0
            self.opened_at = None
            self.trial_running = False

    def failure(self):
        with self._lock:
            self.failures += 1
            if self.state == HALF_OPEN or self.failures >= failure_threshold():
                if self.state != OPEN:
                    self.opened += 1
                self.state = OPEN
                self.opened_at = self.clock()
                self.trial_running = False

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
