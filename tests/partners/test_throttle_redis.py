"""Throttling against the machine's real Redis (REDIS_URL, default redis://127.0.0.1:6379/0): the
counts live in Redis, so a second, separate connection (another worker) sees and changes them."""

import os
import subprocess
import sys
import uuid

import pytest
import redis
from django.core.cache.backends.redis import RedisCache

from tests.partners.factories import ApiKeyFactory, auth

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")

pytestmark = [pytest.mark.django_db, pytest.mark.redis]


@pytest.fixture
def redis_prefix(settings):
    prefix = f"sambang-test-{uuid.uuid4().hex[:12]}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        },
        "content": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"{prefix}-content",
        },
    }
    yield prefix
    client = redis.Redis.from_url(REDIS_URL)
    for key in client.scan_iter(f"{prefix}*"):
        client.delete(key)


def other_worker(prefix):
    """A cache on its own connection, as another gunicorn worker would have."""
    return RedisCache(REDIS_URL, {"KEY_PREFIX": prefix})


def test_redis_url_selects_the_redis_cache():
    script = (
        "import django; django.setup(); from django.core.cache import caches; "
        "cache = caches['default']; "
        "cache.set('sambang-settings-probe', 'ok', 5); "
        "print(type(cache).__name__, cache.get('sambang-settings-probe'))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "REDIS_URL": REDIS_URL,
        "SECRET_KEY": "x" * 50,
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["FailOpenRedisCache", "ok"]


def test_anonymous_clients_are_counted_in_redis_across_workers(
    api_client, redis_prefix, throttle_rates
):
    throttle_rates(anon_read="3/min")
    codes = [api_client.get("/api/v1/regions/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    limited = api_client.get("/api/v1/regions/")
    assert 0 < int(limited["Retry-After"]) <= 60
    assert limited.json()["error"]["code"] == "throttled"

    worker = other_worker(redis_prefix)
    history = worker.get("throttle_anon_read_127.0.0.1")
    assert len(history) == 3  # the three allowed requests, as every worker sees them
    worker.delete("throttle_anon_read_127.0.0.1")  # a reset elsewhere frees the client here too
    assert api_client.get("/api/v1/regions/").status_code == 200


def test_each_key_has_its_own_count_in_redis(api_client, redis_prefix, throttle_rates):
    throttle_rates(anon_read="1/min")
    key = ApiKeyFactory(rate="2/min")
    assert [api_client.get("/api/v1/regions/", **auth(key)).status_code for _ in range(3)] == [
        200,
        200,
        429,
    ]
    assert len(other_worker(redis_prefix).get(f"throttle_api_key_{key.pk}")) == 2
    assert api_client.get("/api/v1/regions/").status_code == 200  # anonymous: its own count
