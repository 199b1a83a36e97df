"""Database outages answer 503 with Retry-After instead of 500 (issue 18), and are logged once
per burst rather than once per request.

`database_unavailable()` tells the 500 handler whether the exception being handled is a lost or
refused database connection; `OutageLogFilter` (on the `django.request` logger) lets the first
such error of a burst through, with its traceback, and counts the rest until the burst is over.
"""

import logging
import sys
import threading
import time

from django.conf import settings
from django.db import InterfaceError, OperationalError

DATABASE_ERRORS = (OperationalError, InterfaceError)


def retry_after():
    return int(getattr(settings, "OUTAGE_RETRY_AFTER", 30))


def is_database_error(exc):
    """True for a database that cannot be reached, whatever the driver (Django wraps its errors)."""
    while exc is not None:
        if isinstance(exc, DATABASE_ERRORS):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def database_unavailable():
    """Inside Django's exception handling (handler500): is the current exception a database outage?"""
    return is_database_error(sys.exc_info()[1])


class OutageLogFilter(logging.Filter):
    """One log record per outage burst: the first database error passes; the next ones within
    `OUTAGE_LOG_BURST_SECONDS` of the previous are counted, and the count is added to the first
    record after the burst."""

    def __init__(self, name=""):
        super().__init__(name)
        self._lock = threading.Lock()
        self._last = None
        self.suppressed = 0

    def filter(self, record):
        exc = record.exc_info[1] if record.exc_info else None
        if not is_database_error(exc):
            return True
        now = time.monotonic()
        burst = getattr(settings, "OUTAGE_LOG_BURST_SECONDS", 60)
        with self._lock:
            if self._last is not None and now - self._last < burst:
                self._last = now
                self.suppressed += 1
                return False
            self._last = now
            if self.suppressed:
                record.msg = f"{record.msg} (+{self.suppressed} similar database errors not logged)"
                self.suppressed = 0
        return True
