"""Rate limits hold behind a proxy and against forged X-Forwarded-For; every 429 says when to retry
(issue 16, finding 4). One address rule (cms/clientaddr.py) for throttles, form limits and logs."""

import logging

import pytest
from django.test import Client, RequestFactory
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from core.clientaddr import ClientAddressFilter, client_ip

pytestmark = pytest.mark.django_db


@pytest.fixture
def anon_rate():
    original = SimpleRateThrottle.THROTTLE_RATES
    SimpleRateThrottle.THROTTLE_RATES = {
        **api_settings.DEFAULT_THROTTLE_RATES,
        "anon_read": "3/min",
    }
    yield
    SimpleRateThrottle.THROTTLE_RATES = original


def test_forged_forwarded_for_does_not_reset_the_api_limit(anon_rate):
    client = Client()
    codes = [
        client.get("/api/v1/regions/", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code
        for n in range(8)
    ]
    assert codes[:3] == [200, 200, 200] and set(codes[3:]) == {429}
    response = client.get("/api/v1/regions/", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert response.status_code == 429 and int(response["Retry-After"]) > 0


def test_behind_one_trusted_proxy_the_limit_is_per_client_not_per_proxy(anon_rate, settings):
    settings.TRUSTED_PROXIES = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    client = Client()
    # One client forging the left part of the header is still one client.
    codes = [
        client.get(
            "/api/v1/regions/", HTTP_X_FORWARDED_FOR=f"1.2.3.{n}, 203.0.113.9", **proxy
        ).status_code
        for n in range(5)
    ]
    assert codes == [200, 200, 200, 429, 429]
    # Another client behind the same proxy has its own allowance (the proxy is not one client).
    assert (
        client.get("/api/v1/regions/", HTTP_X_FORWARDED_FOR="203.0.113.10", **proxy).status_code
        == 200
    )


def test_the_address_rule():
    rf = RequestFactory()
    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5", REMOTE_ADDR="10.0.0.2")
    from django.test import override_settings

    with override_settings(TRUSTED_PROXIES=0):
        assert client_ip(request) == "10.0.0.2"
    with override_settings(TRUSTED_PROXIES=1):
        assert client_ip(request) == "203.0.113.5"
    with override_settings(TRUSTED_PROXIES=2):
        assert client_ip(request) == "6.6.6.6"
    with override_settings(TRUSTED_PROXIES=1):
        junk = rf.get("/", HTTP_X_FORWARDED_FOR="not-an-ip", REMOTE_ADDR="10.0.0.2")
        assert client_ip(junk) == "10.0.0.2"
    record = logging.LogRecord("django.request", logging.WARNING, "", 0, "x", (), None)
    record.request = request
    with override_settings(TRUSTED_PROXIES=1):
        ClientAddressFilter().filter(record)
    assert record.client_ip == "203.0.113.5"


def test_search_page_is_limited_with_retry_after(settings):
    settings.SEARCH_RATE_LIMIT = (3, 60)
    client = Client()
    codes = [
        client.get("/cari/", {"q": f"narkoba {n}"}, HTTP_X_FORWARDED_FOR=f"1.1.1.{n}").status_code
        for n in range(5)
    ]
    assert codes == [200, 200, 200, 429, 429]
    response = client.get("/cari/", {"q": "tawuran"})
    assert response.status_code == 429 and 0 < int(response["Retry-After"]) <= 60
    assert "Terlalu banyak" in response.content.decode() or "Too many" in response.content.decode()


def test_tracking_limit_answers_429_with_retry_after_and_counts_behind_the_proxy(settings):
    settings.PPID_RATE_LIMITS = {"track": (2, 600)}
    settings.TRUSTED_PROXIES = 1
    client = Client()
    data = {"code": "PPID-0000-0000", "secret": "salah"}
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    codes = [
        client.post(
            "/informasi-publik/lacak/", data, HTTP_X_FORWARDED_FOR="203.0.113.1", **proxy
        ).status_code
        for _ in range(3)
    ]
    assert codes[-1] == 429 and codes[0] != 429
    response = client.post(
        "/informasi-publik/lacak/", data, HTTP_X_FORWARDED_FOR="203.0.113.1", **proxy
    )
    assert response.status_code == 429 and 0 < int(response["Retry-After"]) <= 600
    # A different resident behind the same proxy is not locked out by the first.
    other = client.post(
        "/informasi-publik/lacak/", data, HTTP_X_FORWARDED_FOR="203.0.113.2", **proxy
    )
    assert other.status_code != 429
