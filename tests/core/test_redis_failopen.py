"""Redis down (issue 18): the cache, the throttles and the form limits fail open. Each test starts
its own redis-server on a free port, shows the limits working against it, kills it, and checks that
pages, the API and the limited endpoints still answer (no 500), that the failures are logged once
per burst and counted, and that /readyz reports the cache."""

import logging
import shutil
import socket
import subprocess
import time

import pytest
import redis
from django.core.cache import caches
from django.test import Client, RequestFactory

from core import failopen
from openinfo.ppid import ratelimit as ppid_ratelimit
from openinfo.reports import ratelimit as reports_ratelimit

pytestmark = [pytest.mark.django_db, pytest.mark.redis]

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisProcess:
    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--save", "", "--appendonly", "no"]
            + ["--daemonize", "no", "--bind", "127.0.0.1"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                return
            except redis.exceptions.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def kill(self):
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)


def caches_on(url, backend="core.failopen.FailOpenRedisCache"):
    options = {"socket_connect_timeout": 0.5, "socket_timeout": 1}
    return {
        "default": {"BACKEND": backend, "LOCATION": url, "KEY_PREFIX": "t", "OPTIONS": options},
        "content": {"BACKEND": backend, "LOCATION": url, "KEY_PREFIX": "tc", "OPTIONS": options},
    }


@pytest.fixture
def own_redis(settings):
    server = RedisProcess()
    server.start()
    settings.CACHES = caches_on(server.url)
    settings.CACHE_RETRY_SECONDS = 0  # try Redis on every call: each request meets the failure
    failopen.reset()
    yield server
    server.kill()
    failopen.reset()


@pytest.fixture
def browser():
    return Client(raise_request_exception=False)


def factory_request(address="10.1.2.3"):
    return RequestFactory().post("/", REMOTE_ADDR=address)


def test_pages_and_api_answer_with_redis_killed(own_redis, browser, throttle_rates):
    throttle_rates(anon_read="3/min")
    # Redis up: the throttle counts in it and refuses the 4th read.
    assert [browser.get("/api/v1/regions/").status_code for _ in range(4)] == [200, 200, 200, 429]
    assert redis.Redis.from_url(own_redis.url).dbsize() > 0

    own_redis.kill()
    for path in ("/", "/informasi-publik/", "/cari/?q=cerai", "/api/v1/regions/"):
        for _ in range(2):
            response = browser.get(path)
            assert response.status_code == 200, (path, response.status_code)
    # The throttle fails open: far past its 3/min, every read is served.
    assert {browser.get("/api/v1/regions/").status_code for _ in range(6)} == {200}
    assert failopen.snapshot()["failures"] > 0


def test_partner_key_throttle_fails_open(own_redis, api_client, throttle_rates):
    from tests.partners.factories import ApiKeyFactory, auth

    key = ApiKeyFactory(rate="2/min")
    codes = [api_client.get("/api/v1/regions/", **auth(key)).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    own_redis.kill()
    codes = [api_client.get("/api/v1/regions/", **auth(key)).status_code for _ in range(5)]
    assert codes == [200] * 5


def test_form_limits_fail_open(own_redis, settings):
    settings.REPORTS_RATE_LIMITS = {"track": (1, 600), "contact": (1, 3600)}
    settings.PPID_RATE_LIMITS = {"track": (1, 600)}
    # Redis up: each limit allows one attempt and refuses the second.
    assert reports_ratelimit.hit_ip(factory_request(), "track") is True
    assert reports_ratelimit.hit_ip(factory_request(), "track") is False
    assert reports_ratelimit.hit_contact("phone:0812") is True
    assert reports_ratelimit.hit_contact("phone:0812") is False
    assert ppid_ratelimit.hit(factory_request(), "track") is True
    assert ppid_ratelimit.hit(factory_request(), "track") is False

    own_redis.kill()
    for _ in range(3):
        assert reports_ratelimit.hit_ip(factory_request(), "track") is True
        assert reports_ratelimit.hit_contact("phone:0812") is True
        request = factory_request()
        assert ppid_ratelimit.hit(request, "track") is True
        assert request.retry_after == 0


def test_guards_hold_with_a_plain_redis_cache_too(own_redis, settings, throttle_rates):
    """Configured by hand with Django's own RedisCache (no fail-open backend), the throttles and
    the form limits still let requests through: they guard their own cache calls."""
    settings.CACHES = caches_on(own_redis.url, "django.core.cache.backends.redis.RedisCache")
    settings.REPORTS_RATE_LIMITS = {"track": (1, 600)}
    throttle_rates(anon_read="1/min")
    client = Client(raise_request_exception=False)
    assert [client.get("/api/v1/regions/").status_code for _ in range(2)] == [200, 429]
    own_redis.kill()
    assert [client.get("/api/v1/regions/").status_code for _ in range(3)] == [200] * 3
    assert [reports_ratelimit.hit_ip(factory_request(), "track") for _ in range(3)] == [True] * 3
    assert failopen.snapshot()["failures"] >= 6


def test_a_burst_is_logged_once_and_counted(own_redis, browser, caplog):
    caplog.set_level(logging.ERROR, logger="core.failopen")
    own_redis.kill()
    for _ in range(5):
        assert browser.get("/api/v1/regions/").status_code == 200
    logged = [r for r in caplog.records if r.name == "core.failopen"]
    assert len(logged) == 1 and logged[0].exc_info is not None
    counters = failopen.snapshot()
    assert counters["failures"] >= 5
    assert "ConnectionError" in counters["last_error"]


def test_readyz_reports_the_cache_down_then_degraded_after_recovery(own_redis, browser):
    body = browser.get("/readyz").json()
    assert body["checks"]["cache"]["state"] == "ok", body
    assert body["checks"]["cache"]["backend"] == "FailOpenRedisCache"

    own_redis.kill()
    assert browser.get("/api/v1/regions/").status_code == 200
    response = browser.get("/readyz")
    assert response.status_code == 200  # the database is up: ready, without the cache
    body = response.json()
    assert body["status"] == "degraded" and "cache" in body["degraded"]
    assert body["checks"]["cache"]["state"] == "down"
    assert body["checks"]["cache"]["fail_open"]["failures"] > 0

    own_redis.start()  # same port, empty
    for each in caches.all():
        each.close()
    body = browser.get("/readyz").json()
    assert body["checks"]["cache"]["state"] == "degraded"  # back, with recent failures counted
    assert browser.get("/api/v1/regions/").status_code == 200
    assert redis.Redis.from_url(own_redis.url).dbsize() > 0  # and used again


def test_skipping_a_failed_redis_makes_no_connection_attempt(own_redis, settings):
    settings.CACHE_RETRY_SECONDS = 30
    cache = caches["default"]
    own_redis.kill()
    assert cache.get("anything", "miss") == "miss"
    assert failopen.snapshot()["failures"] == 1
    for _ in range(10):
        assert cache.get("anything", "miss") == "miss"
        assert cache.incr("counter") == 1
    counters = failopen.snapshot()
    assert counters["failures"] == 1 and counters["skipped"] == 20


def test_while_redis_is_down_reads_are_cached_in_the_process_and_never_stale(own_redis, settings):
    from core import contentcache
    from home.models import Kecamatan

    settings.CACHE_RETRY_SECONDS = 30  # Redis is left alone after the first failure
    contentcache._fallback = None
    browser = Client(raise_request_exception=False)
    assert browser.get("/api/v1/regions/").status_code == 200
    own_redis.kill()
    first = browser.get("/api/v1/regions/")
    second = browser.get("/api/v1/regions/")
    assert first.status_code == second.status_code == 200
    assert contentcache._fallback is not None and len(contentcache._fallback._cache) >= 1
    assert first.content == second.content
    # A change bumps the version in the database: the next read is new, not the local copy.
    kecamatan = Kecamatan.objects.order_by("code").first()
    kecamatan.name = "Kecamatan Uji Gangguan"
    kecamatan.save()
    assert "Kecamatan Uji Gangguan" in browser.get("/api/v1/regions/").content.decode()
