import pytest
from django.core.management import call_command

from partners.models import ApiKey, Scope, hash_key
from tests.partners.factories import ApiKeyFactory, auth

pytestmark = pytest.mark.django_db


def test_key_is_stored_hashed_and_only_its_prefix_is_readable():
    key = ApiKeyFactory()
    stored = ApiKey.objects.get(pk=key.pk)
    assert key.raw_key.startswith(stored.prefix + ".")
    assert stored.hashed_key == hash_key(key.raw_key)
    assert key.raw_key not in {
        str(getattr(stored, f.attname)) for f in ApiKey._meta.concrete_fields
    }


def test_valid_key_reads_the_public_api(api_client):
    key = ApiKeyFactory()
    response = api_client.get("/api/v1/officers/", **auth(key))
    assert response.status_code == 200


@pytest.mark.parametrize(
    "header",
    [
        "Api-Key nonsense",
        "Api-Key 0123abcd.not-the-secret",
        "Api-Key ",
        "api-key x.y",
    ],
)
def test_bad_key_is_a_401_with_www_authenticate(api_client, header):
    ApiKeyFactory()
    response = api_client.get("/api/v1/officers/", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Api-Key realm="api"'
    assert response.json()["error"]["code"] == "authentication_failed"


def test_revoked_key_is_refused_at_once(api_client):
    key = ApiKeyFactory()
    assert api_client.get("/api/v1/officers/", **auth(key)).status_code == 200
    key.revoke()
    assert api_client.get("/api/v1/officers/", **auth(key)).status_code == 401


def test_key_without_the_scope_gets_a_403(api_client):
    stats_only = ApiKeyFactory(scopes=[Scope.STATS_READ])
    response = api_client.get("/api/v1/officers/", **auth(stats_only))
    assert response.status_code == 403
    assert "content:read" in response.json()["error"]["message"]
    reader = ApiKeyFactory(scopes=[Scope.CONTENT_READ])
    response = api_client.get("/api/v1/webhooks/", **auth(reader))
    assert response.status_code == 403
    assert "webhooks:manage" in response.json()["error"]["message"]


def test_webhook_management_without_a_key_is_a_401(api_client):
    response = api_client.get("/api/v1/webhooks/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Api-Key")


def test_each_key_has_its_own_rate_with_429_and_retry_after(api_client, throttle_rates):
    throttle_rates(anon_read="2/min")
    slow, fast = ApiKeyFactory(rate="3/min"), ApiKeyFactory(rate="100/min")
    codes = [api_client.get("/api/v1/regions/", **auth(slow)).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    limited = api_client.get("/api/v1/regions/", **auth(slow))
    assert limited.status_code == 429 and 0 < int(limited["Retry-After"]) <= 60
    assert limited.json()["error"]["code"] == "throttled"
    # Another key (at a higher rate than anonymous clients get) is not affected.
    assert [api_client.get("/api/v1/regions/", **auth(fast)).status_code for _ in range(5)] == [
        200
    ] * 5
    assert [api_client.get("/api/v1/regions/").status_code for _ in range(3)] == [200, 200, 429]


def test_usage_is_counted_per_key(api_client, settings):
    settings.API_KEY_USAGE_FLUSH_SECONDS = 0
    key = ApiKeyFactory()
    for _ in range(3):
        api_client.get("/api/v1/regions/", **auth(key))
    key.refresh_from_db()
    assert key.request_count == 3 and key.last_used_at is not None


def test_usage_is_batched_in_the_cache_between_flushes(api_client, settings):
    settings.API_KEY_USAGE_FLUSH_SECONDS = 3600
    key = ApiKeyFactory()
    for _ in range(4):
        api_client.get("/api/v1/regions/", **auth(key))
    key.refresh_from_db()
    assert key.request_count == 1  # the first request flushed; the next three wait in the cache
    from django.core.cache import cache

    assert cache.get(f"apikey-uses:{key.pk}") == 3


def test_cors_follows_the_keys_allowed_origins(api_client):
    key = ApiKeyFactory(allowed_origins="https://app.mitra.example.id\nhttps://bot.example.id/")
    preflight = api_client.options(
        "/api/v1/officers/",
        HTTP_ORIGIN="https://app.mitra.example.id",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization",
    )
    assert preflight["Access-Control-Allow-Origin"] == "https://app.mitra.example.id"
    assert "Authorization" in preflight["Access-Control-Allow-Headers"]
    stranger = api_client.options(
        "/api/v1/officers/",
        HTTP_ORIGIN="https://evil.example.com",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert "Access-Control-Allow-Origin" not in stranger
    ok = api_client.get("/api/v1/officers/", HTTP_ORIGIN="https://bot.example.id", **auth(key))
    assert ok["Access-Control-Allow-Origin"] == "https://bot.example.id"
    assert "ETag" in ok["Access-Control-Expose-Headers"]
    other = api_client.get("/api/v1/officers/", HTTP_ORIGIN="https://evil.example.com", **auth(key))
    assert "Access-Control-Allow-Origin" not in other
    anonymous = api_client.get("/api/v1/officers/", HTTP_ORIGIN="https://bot.example.id")
    assert "Access-Control-Allow-Origin" not in anonymous


def test_issue_api_key_command_prints_a_working_key(api_client, capsys):
    call_command(
        "issue_api_key",
        "Diskominfo Kota Tangerang",
        "dev@tangerangkota.go.id",
        "--scope",
        "content:read",
        "--rate",
        "50/min",
    )
    raw = capsys.readouterr().out.strip()
    assert (
        api_client.get("/api/v1/regions/", HTTP_AUTHORIZATION=f"Api-Key {raw}").status_code == 200
    )
    assert ApiKey.objects.get(organisation="Diskominfo Kota Tangerang").rate == "50/min"
