"""The anonymous rate limit on Redis: a sliding-window counter, counted once per request in the same
round trip that fetches the read's cache entry (core/throttles.py, core/contentcache.py)."""

import pytest
import redis
from django.core.cache import caches
from django.utils import timezone

from core import failopen
from core.throttles import WindowCounter
from tests.conftest import redis_answers
from tests.counselling.factories import counselling_index, make_article

pytestmark = [pytest.mark.redis, pytest.mark.django_db]
URL = "/api/v1/articles/"


@pytest.fixture
def on_redis(settings, throttle_rates):
    if not redis_answers():
        pytest.fail("Redis at 127.0.0.1:6379 is not answering")
    prefix = f"t17-throttle-{timezone.now().timestamp()}"
    settings.CACHES = {
        name: {
            "BACKEND": "core.failopen.FailOpenRedisCache",
            "LOCATION": "redis://127.0.0.1:6379/7",
            "KEY_PREFIX": f"{prefix}-{name}",
        }
        for name in ("default", "content")
    }
    throttle_rates(anon_read="3/min")
    failopen.reset()  # no failure remembered from another test
    make_article(counselling_index(), title="Waspada Penipuan Arisan Daring")
    yield prefix
    for name in ("default", "content"):
        caches[name].clear()
    failopen.reset()


class RoundTrips:
    """Counts what is sent to Redis: one send per command, or per pipeline."""

    def __init__(self, monkeypatch):
        self.count = 0
        original = redis.connection.AbstractConnection.send_packed_command

        def counting(connection, *args, **kwargs):
            self.count += 1
            return original(connection, *args, **kwargs)

        monkeypatch.setattr(redis.connection.AbstractConnection, "send_packed_command", counting)


def counted(client, prefix):
    keys = redis.Redis.from_url("redis://127.0.0.1:6379/7").keys(f"{prefix}-default:*throttle*")
    return sum(int(redis.Redis.from_url("redis://127.0.0.1:6379/7").get(key)) for key in keys)


def test_a_hit_and_its_304_cost_one_round_trip_and_count_once(client, on_redis, monkeypatch):
    first = client.get(URL, REMOTE_ADDR="10.9.0.1")  # a miss: built, stored, counted once
    assert first.status_code == 200 and counted(client, on_redis) == 1
    trips = RoundTrips(monkeypatch)
    hit = client.get(URL, REMOTE_ADDR="10.9.0.2")
    assert hit.status_code == 200 and hit["X-Content-Cache"] == "hit"
    assert trips.count == 1
    not_modified = client.get(URL, REMOTE_ADDR="10.9.0.3", HTTP_IF_NONE_MATCH=first["ETag"])
    assert not_modified.status_code == 304 and trips.count == 2
    assert counted(client, on_redis) == 3  # one per request, hit, 304 or miss


@pytest.mark.parametrize("cached", [True, False])
def test_the_fourth_read_in_a_minute_is_refused_hit_or_miss(client, on_redis, settings, cached):
    settings.CONTENT_CACHE_ENABLED = cached
    codes = [client.get(URL, REMOTE_ADDR="10.9.1.1").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    refused = client.get(URL, REMOTE_ADDR="10.9.1.1")
    assert refused.status_code == 429 and 0 < int(refused["Retry-After"]) <= 60
    assert refused.json()["error"]["code"] == "throttled"
    assert client.get(URL, REMOTE_ADDR="10.9.1.2").status_code == 200  # another visitor
    assert counted(client, on_redis) == 6  # refused requests count too


def test_the_window_slides(on_redis):
    cache = caches["default"]
    base = f"{on_redis}-slide"
    start = 600.0 * 1000  # the start of a window
    for _ in range(4):
        cache.run(WindowCounter(cache, base, 60, now=start + 1).queue)
    late = WindowCounter(cache, base, 60, now=start + 60 + 45)  # 45 s into the next window
    # A quarter of the previous window is still inside the last minute: 4 * 0.25, plus this one.
    assert late.total(cache.run(late.queue)) == pytest.approx(2.0)
    much_later = WindowCounter(cache, base, 60, now=start + 180)
    assert much_later.total(cache.run(much_later.queue)) == 1


def test_redis_down_lets_reads_through(client, on_redis, settings):
    for name in ("default", "content"):
        settings.CACHES[name]["LOCATION"] = "redis://127.0.0.1:1/0"
    settings.CACHES = {**settings.CACHES}
    failopen.reset()
    try:
        codes = {client.get(URL, REMOTE_ADDR="10.9.2.1").status_code for _ in range(5)}
    finally:
        failopen.reset()
    assert codes == {200}


def test_a_304_needs_no_body_and_a_lost_body_is_rebuilt(client, on_redis):
    from core.contentcache import BODY_SUFFIX

    first = client.get(URL, REMOTE_ADDR="10.9.3.1")
    stored = redis.Redis.from_url("redis://127.0.0.1:6379/7").keys(f"{on_redis}-content:*")
    # Without the prefix and the cache version.
    names = {name.decode().split(":", 2)[2] for name in stored if b":ce:api:" in name}
    [key] = [name for name in names if not name.endswith(BODY_SUFFIX)]
    assert names == {key, key + BODY_SUFFIX}
    content = caches["content"]
    assert content.get(key)["body"] is None and content.get(key + BODY_SUFFIX) == first.content
    content.delete(key + BODY_SUFFIX)  # evicted, or expired before its entry
    revalidated = client.get(URL, REMOTE_ADDR="10.9.3.2", HTTP_IF_NONE_MATCH=first["ETag"])
    assert revalidated.status_code == 304 and revalidated["ETag"] == first["ETag"]
    again = client.get(URL, REMOTE_ADDR="10.9.3.3")
    assert again.status_code == 200 and again.content == first.content
    assert again.get("X-Content-Cache") != "hit"
    assert content.get(key + BODY_SUFFIX) == first.content  # stored again
