import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from partners.models import ApiKey, WebhookDelivery, hash_key
from tests.partners.factories import ApiKeyFactory, WebhookEndpointFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("root", "root@example.id", "pw")
    client.force_login(user)
    return client


def test_admin_issues_a_key_shown_once_and_stored_hashed(admin_client, api_client):
    response = admin_client.post(
        reverse("cms_apikey:add"),
        {
            "organisation": "Pemkot Tangerang",
            "contact_email": "api@tangerangkota.go.id",
            "scopes": ["content:read", "webhooks:manage"],
            "rate": "300/min",
            "allowed_origins": "",
        },
    )
    assert response.status_code == 200
    raw = re.search(r'<code id="api-key"[^>]*>([^<]+)</code>', response.content.decode()).group(1)
    key = ApiKey.objects.get(organisation="Pemkot Tangerang")
    assert key.hashed_key == hash_key(raw) and key.scopes == ["content:read", "webhooks:manage"]
    assert (
        api_client.get("/api/v1/webhooks/", HTTP_AUTHORIZATION=f"Api-Key {raw}").status_code == 200
    )
    edit = admin_client.get(reverse("cms_apikey:edit", args=[key.pk])).content.decode()
    assert raw not in edit


def test_admin_rejects_a_bad_rate(admin_client):
    response = admin_client.post(
        reverse("cms_apikey:add"),
        {
            "organisation": "X",
            "contact_email": "x@example.id",
            "scopes": ["content:read"],
            "rate": "fast",
        },
    )
    assert response.status_code == 200 and not ApiKey.objects.filter(organisation="X").exists()


def test_admin_revokes_a_key_and_sees_usage(admin_client, api_client, settings):
    settings.API_KEY_USAGE_FLUSH_SECONDS = 0
    key = ApiKeyFactory(organisation="Bot WhatsApp Warga")
    api_client.get("/api/v1/regions/", HTTP_AUTHORIZATION=f"Api-Key {key.raw_key}")
    listing = admin_client.get(reverse("cms_apikey:index")).content.decode()
    assert (
        "Bot WhatsApp Warga" in listing and reverse("cms_apikey:revoke", args=[key.pk]) in listing
    )
    assert admin_client.get(reverse("cms_apikey:revoke", args=[key.pk])).status_code == 200
    admin_client.post(reverse("cms_apikey:revoke", args=[key.pk]))
    key.refresh_from_db()
    assert key.revoked_at is not None and key.request_count == 1
    assert (
        api_client.get("/api/v1/regions/", HTTP_AUTHORIZATION=f"Api-Key {key.raw_key}").status_code
        == 401
    )


def test_admin_lists_endpoints_and_deliveries(admin_client):
    endpoint = WebhookEndpointFactory(url="https://93.184.216.34/hook")
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint, event="officer.updated", payload={"id": 1}, attempts=2, response_code=500
    )
    assert (
        "93.184.216.34" in admin_client.get(reverse("cms_webhookendpoint:index")).content.decode()
    )
    page = admin_client.get(reverse("cms_webhookdelivery:index")).content.decode()
    assert "officer.updated" in page and "500" in page
    assert (
        admin_client.get(reverse("cms_webhookdelivery:inspect", args=[delivery.pk])).status_code
        == 200
    )


def test_admin_refuses_a_private_webhook_url(admin_client):
    key = ApiKeyFactory()
    response = admin_client.post(
        reverse("cms_webhookendpoint:add"),
        {
            "api_key": key.pk,
            "url": "http://192.168.0.10/hook",
            "event_types": ["*"],
            "active": "on",
        },
    )
    assert response.status_code == 200
    assert not key.webhook_endpoints.exists()


def test_wagtail_api_v2_serves_pages(api_client):
    data = api_client.get("/api/v2/pages/").json()
    assert data["meta"]["total_count"] >= 2
    assert {"id", "meta", "title"} <= set(data["items"][0])
