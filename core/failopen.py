"""The shared cache (Redis) fails open (issue 18): when it cannot be reached, reads are a miss,
writes are dropped, counters start again from nothing, so pages, the API, the throttles and the
form limits keep answering instead of failing with a 500.

`FailOpenRedisCache` is Django's Redis cache with every operation guarded. A failure is

- counted (`failures()`, per process; /readyz shows it and then reports the cache as degraded),
- logged once per burst (the first failure with its traceback, then one line per
  `CACHE_LOG_BURST_SECONDS` saying how many were not logged, as core/outage.py does for the
  database),
- remembered for `CACHE_RETRY_SECONDS`: during that time the cache is skipped without a connection
  attempt, so a Redis that is down (or hangs up to its socket timeout) costs each request nothing.

`guard()` gives the same treatment to callers that use another cache backend (the throttles and
form limits call it, so a plain RedisCache configured by hand fails open too).
"""

import logging
import threading
import time
from contextlib import contextmanager

from django.conf import settings
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger("core.failopen")

_lock = threading.Lock()
_state = {
    "failures": 0,
    "skipped": 0,
    "last_failure": None,  # reported by /readyz
    "skip_from": None,  # the cache is skipped for CACHE_RETRY_SECONDS from here
    "last_error": "",
    "logged_at": None,
}
_suppressed = 0


def retry_seconds():
    return float(getattr(settings, "CACHE_RETRY_SECONDS", 2))


def burst_seconds():
    return float(getattr(settings, "CACHE_LOG_BURST_SECONDS", 60))


def connection_errors():
    import redis

    return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)


def record_failure(exc, what="cache"):
    """Count one failure of the cache and log it unless a burst is already being logged."""
    global _suppressed
    now = time.monotonic()
    with _lock:
        _state["failures"] += 1
        _state["last_failure"] = _state["skip_from"] = now
        _state["last_error"] = f"{type(exc).__name__}: {exc}"[:300]
        logged_at = _state["logged_at"]
        if logged_at is not None and now - logged_at < burst_seconds():
            _suppressed += 1
            return
        _state["logged_at"] = now
        suppressed, _suppressed = _suppressed, 0
    extra = f" (+{suppressed} similar cache failures not logged)" if suppressed else ""
    logger.error("%s unreachable; failing open (served without it)%s", what, extra, exc_info=exc)


def recently_failed():
    """True within CACHE_RETRY_SECONDS of the last failure: skip the cache without trying."""
    last = _state["skip_from"]
    return last is not None and time.monotonic() - last < retry_seconds()


def snapshot():
    """This process's counters for /readyz."""
    last = _state["last_failure"]
    return {
        "failures": _state["failures"],
        "skipped": _state["skipped"],
        "last_failure_seconds_ago": None if last is None else round(time.monotonic() - last, 1),
        "last_error": _state["last_error"],
    }


def reset():
    """Forget every failure (tests, and a probe that found the cache back)."""
    global _suppressed
    with _lock:
        _state.update(
            failures=0, skipped=0, last_failure=None, skip_from=None, last_error="", logged_at=None
        )
        _suppressed = 0


def recovered():
    """The cache answered again: stop skipping it (the counters stay)."""
    with _lock:
        _state["skip_from"] = None


@contextmanager
def guard(what="cache"):
    """Run a block that talks to the cache; a connection failure is recorded and swallowed.
    Callers use the result only if the block finished (see `Outcome`)."""
    outcome = Outcome()
    try:
        yield outcome
        outcome.ok = True
    except connection_errors() as exc:
        record_failure(exc, what)


class Outcome:
    ok = False


class ReusingRedisCacheClient(RedisCacheClient):
    """Django's Redis cache client with one `redis.Redis` per connection pool, shared by the
    process's threads (redis-py's clients are thread-safe; the pool hands out connections and
    notices a fork). Django builds a new one for every operation, and the constructor copies ~160
    response callbacks: a third of a cached read's cost (bench/api_throughput.py)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            if index not in self._pools:  # as Django's _get_connection_pool, for this index
                self._pools[index] = self._pool_class.from_url(
                    self._servers[index], **self._pool_options
                )
            client = self._clients.setdefault(
                index, self._client(connection_pool=self._pools[index])
            )
        return client


class FailOpenRedisCache(RedisCache):
    """Django's Redis cache that never raises for a Redis it cannot reach (see the module doc)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient

    def _guarded(self, method, default, *args, **kwargs):
        return self._guarded_call(getattr(super(), method), default, *args, **kwargs)

    def _guarded_call(self, call, default, *args, **kwargs):
        if recently_failed():
            with _lock:
                _state["skipped"] += 1
            return default
        try:
            return call(*args, **kwargs)
        except connection_errors() as exc:
            record_failure(exc)
            return default

    def add(self, key, value, timeout=None, version=None):
        return self._guarded("add", False, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._guarded("get", default, key, default, version)

    def set(self, key, value, timeout=None, version=None):
        return self._guarded("set", None, key, value, timeout, version)

    def touch(self, key, timeout=None, version=None):
        return self._guarded("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._guarded("delete", False, key, version)

    def get_many(self, keys, version=None):
        return self._guarded("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._guarded("has_key", False, key, version)

    def incr(self, key, delta=1, version=None):
        # A counter that cannot be read counts from nothing: the first attempt, within any limit.
        return self._guarded("incr", delta, key, delta, version)

    def set_many(self, data, timeout=None, version=None):
        return self._guarded("set_many", [], data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._guarded("delete_many", None, keys, version)

    def clear(self):
        return self._guarded("clear", False)

    def get_many_and_run(self, keys, queue):
        """`get_many(keys)` and, in the same round trip to Redis, the raw commands `queue(pipeline)`
        adds (their keys made with `make_and_validate_key` of the cache they belong to, on this
        cache's server): ({key: value}, [the commands' results]). Guarded like the rest: ({}, None)
        while Redis cannot be reached."""
        made = {self.make_and_validate_key(key): key for key in keys}

        def execute():
            pipeline = self._cache.get_client(write=True).pipeline(transaction=False)
            if made:
                pipeline.mget(list(made))
            queue(pipeline)
            results = pipeline.execute()
            raw = results.pop(0) if made else []
            loads = self._cache._serializer.loads
            values = {
                made[key]: loads(value)
                for key, value in zip(made, raw, strict=True)
                if value is not None
            }
            return values, results

        return self._guarded_call(execute, ({}, None))

    def run(self, queue):
        """The raw commands `queue(pipeline)` adds, in one round trip; None while Redis cannot be
        reached."""
        return self.get_many_and_run([], queue)[1]

    def same_server(self, other):
        return isinstance(other, FailOpenRedisCache) and other._servers == self._servers

    def strict(self):
        """The same cache without the guard, for writes whose loss must be known (the content
        versions' mirror drops its copies when it cannot write them)."""
        return _Strict(self)

    def probe(self):
        """For /readyz: write and read back a value, raising what Redis raised (never skipped)."""
        key = "readyz:probe"
        value = str(time.time())
        RedisCache.set(self, key, value, 10)
        if RedisCache.get(self, key) != value:
            raise RuntimeError("the value written was not read back")
        recovered()


class _Strict:
    def __init__(self, cache):
        self._cache = cache

    def __getattr__(self, name):
        method = getattr(RedisCache, name)
        return lambda *args, **kwargs: method(self._cache, *args, **kwargs)


def strict(cache):
    """`cache` without the fail-open guard (itself for any other backend)."""
    return cache.strict() if isinstance(cache, FailOpenRedisCache) else cache
