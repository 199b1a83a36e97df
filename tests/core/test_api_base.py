import pytest


@pytest.mark.django_db
def test_schema_and_docs_are_served_without_a_cdn(client):
    schema = client.get("/api/v1/schema/?format=json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/v1/officers/" in paths and "/api/v1/regions/" in paths
    docs = client.get("/api/v1/docs/").content.decode()
    assert "drf_spectacular_sidecar" in docs
    assert "cdn" not in docs.lower() and "unpkg" not in docs.lower()


@pytest.mark.django_db
@pytest.mark.parametrize("lang,text", [("id", "tidak ditemukan"), ("en", "not found")])
def test_unknown_api_url_answers_the_error_shape_in_the_requested_language(
    client, lang, text, settings
):
    response = client.get("/api/v1/does-not-exist/", HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 404
    assert response.json() == {
        "error": {"code": "not_found", "message": response.json()["error"]["message"], "fields": {}}
    }
    assert text in response.json()["error"]["message"].lower()


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["limit=0", "limit=1000", "limit=abc", "cursor=garbage"])
def test_bad_pagination_parameters_are_a_400(api_client, query):
    response = api_client.get(f"/api/v1/officers/?{query}")
    assert response.status_code == 400
    assert "error" in response.json()


@pytest.mark.django_db
def test_lists_use_cursor_pagination(api_client):
    from tests.factories import OfficerFactory, kelurahan

    for _ in range(3):
        OfficerFactory(kelurahan=[kelurahan("36.71.01.1001")])
    first = api_client.get("/api/v1/officers/?limit=2").json()
    assert len(first["results"]) == 2 and "cursor=" in first["next"]
    second = api_client.get(first["next"]).json()
    assert len(second["results"]) == 1
    assert not {o["id"] for o in first["results"]} & {o["id"] for o in second["results"]}


@pytest.mark.django_db
def test_anonymous_reads_are_throttled_with_retry_after(api_client, settings):
    from rest_framework.settings import api_settings
    from rest_framework.throttling import SimpleRateThrottle

    rates = {**api_settings.DEFAULT_THROTTLE_RATES, "anon_read": "3/min"}
    original = SimpleRateThrottle.THROTTLE_RATES
    SimpleRateThrottle.THROTTLE_RATES = rates
    try:
        codes = [api_client.get("/api/v1/regions/").status_code for _ in range(4)]
        last = api_client.get("/api/v1/regions/")
    finally:
        SimpleRateThrottle.THROTTLE_RATES = original
    assert codes[:3] == [200, 200, 200] and codes[3] == 429
    assert last.status_code == 429 and int(last["Retry-After"]) > 0
    assert last.json()["error"]["code"] == "throttled"
