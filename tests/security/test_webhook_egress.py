"""Webhook egress: the POST goes to the address that was checked (no DNS rebinding), only to ports 80
and 443 unless an administrator allows another, never to private ranges hidden in IPv6 forms
(issue 16, finding 7)."""

import socket

import pytest
from django.core.exceptions import ValidationError

from partners.models import WebhookDelivery
from partners.webhooks import check_url, post
from tests.partners.factories import WebhookEndpointFactory

pytestmark = pytest.mark.django_db

PUBLIC = "93.184.216.34"


def test_delivery_connects_to_the_checked_address_even_if_dns_changes(monkeypatch, settings):
    """The first answer is public, every later one is loopback (a rebinding name server)."""
    settings.WEBHOOKS_ALLOWED_PORTS = [80, 443, 8099]
    real_getaddrinfo = socket.getaddrinfo
    answers = []

    def rebinding_getaddrinfo(host, port, *args, **kwargs):
        if host != "rebind.example":
            return real_getaddrinfo(host, port, *args, **kwargs)
        address = PUBLIC if not answers else "127.0.0.1"
        answers.append(address)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    connected = []

    def fake_create_connection(address, timeout=None, *args, **kwargs):
        connected.append(address)
        raise OSError("no network in the test")

    monkeypatch.setattr(socket, "getaddrinfo", rebinding_getaddrinfo)
    monkeypatch.setattr(socket, "create_connection", fake_create_connection)
    endpoint = WebhookEndpointFactory(url="http://rebind.example:8099/hook")
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint, event="officer.updated", payload={"a": 1}
    )
    code, error = post(endpoint, delivery)
    assert code is None and error
    assert connected == [(PUBLIC, 8099)]  # the checked answer, not a second lookup's
    assert answers == [PUBLIC]


@pytest.mark.parametrize(
    "url",
    [
        f"http://{PUBLIC}:22/",
        f"http://{PUBLIC}:25/hook",
        f"https://{PUBLIC}:8443/hook",
        f"http://{PUBLIC}:6379/",
        f"http://{PUBLIC}:65535/",
    ],
)
def test_only_ports_80_and_443_unless_allowed(url):
    with pytest.raises(ValidationError) as info:
        check_url(url)
    assert info.value.code in ("port_not_allowed", "invalid_url")


def test_an_administrator_may_allow_another_port(settings):
    settings.WEBHOOKS_ALLOWED_PORTS = [80, 443, 8443]
    assert check_url(f"https://{PUBLIC}:8443/hook") == PUBLIC
    assert check_url(f"http://{PUBLIC}/hook") == PUBLIC


@pytest.mark.parametrize(
    "address",
    [
        "2002:7f00:1::1",  # 6to4 of 127.0.0.1
        "2002:a00:1::1",  # 6to4 of 10.0.0.1
        "2002:a9fe:a9fe::1",  # 6to4 of 169.254.169.254 (cloud metadata)
        "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
        "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254
        "64:ff9b:1::c0a8:1",  # local-use NAT64 of 192.168.0.1
        "2001:0:4136:e378:8000:63bf:80ff:fffe",  # Teredo, client 127.0.0.1
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "::1",
        "fe80::1",
        "fc00::1",
    ],
)
def test_ipv6_forms_of_private_ranges_are_refused(address, settings):
    settings.WEBHOOKS_ALLOW_LOOPBACK = False
    with pytest.raises(ValidationError) as info:
        check_url(f"http://[{address}]/hook")
    assert info.value.code == "private_address"
