import hashlib
import hmac
import json
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from home.models import Officer
from partners.models import Scope, WebhookDelivery, WebhookEndpoint
from partners.webhooks import check_url, deliver_due, sign
from tests.factories import OfficerFactory
from tests.partners.factories import ApiKeyFactory, WebhookEndpointFactory, auth

pytestmark = pytest.mark.django_db


def verify(secret, headers, body, tolerance=300):
    """The receiver's check from docs/webhooks.md."""
    timestamp = headers["X-Sambang-Timestamp"]
    if abs(time.time() - int(timestamp)) > tolerance:
        return False
    expected = (
        "v1="
        + hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    )
    return hmac.compare_digest(expected, headers["X-Sambang-Signature"])


class Receiver:
    """A real HTTP receiver on 127.0.0.1 that can be told to fail the next N requests."""

    def __init__(self):
        self.requests, self.fail_next, self.always_fail = [], 0, False
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                failing = receiver.always_fail or receiver.fail_next > 0
                if receiver.fail_next > 0:
                    receiver.fail_next -= 1
                receiver.requests.append((dict(self.headers), body, 500 if failing else 200))
                self.send_response(500 if failing else 204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def delivered(self):
        return [(h, json.loads(b)) for h, b, status in self.requests if status == 200]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver(settings):
    settings.WEBHOOKS_ALLOW_LOOPBACK = True
    settings.WEBHOOKS_TIMEOUT = 5
    receiver = Receiver()
    settings.WEBHOOKS_ALLOWED_PORTS = [80, 443, receiver.server.server_address[1]]
    yield receiver
    receiver.close()


@pytest.fixture
def partner():
    return ApiKeyFactory(scopes=[Scope.CONTENT_READ, Scope.WEBHOOKS_MANAGE])


def register(api_client, partner, url, event_types):
    """Registers an endpoint through the API as a partner would; returns its signing secret."""
    created = api_client.post(
        "/api/v1/webhooks/",
        {"url": url, "event_types": event_types},
        format="json",
        **auth(partner),
    )
    assert created.status_code == 201, created.content
    return created.json()["secret"]


def test_signed_deliveries_arrive_in_order_and_a_failure_is_retried(
    api_client, partner, receiver, django_capture_on_commit_callbacks
):
    secret = register(
        api_client,
        partner,
        receiver.url,
        ["officer.published", "officer.updated", "officer.unpublished"],
    )

    receiver.fail_next = 1
    with django_capture_on_commit_callbacks(execute=True):
        officer = OfficerFactory(name="Gilang")
    with django_capture_on_commit_callbacks(execute=True):
        officer.rank = Officer.Rank.AIPDA
        officer.save()
    # The first delivery failed and waits for its retry; the second waits behind it (order).
    assert [status for _h, _b, status in receiver.requests] == [500]
    first, second = WebhookDelivery.objects.order_by("pk")
    assert (first.status, first.attempts, first.response_code) == ("pending", 1, 500)
    assert first.duration_ms is not None and first.next_attempt_at > timezone.now() + timedelta(
        seconds=20
    )
    assert second.attempts == 0

    assert deliver_due() == 0  # not due yet
    assert deliver_due(now=timezone.now() + timedelta(minutes=1)) == 2
    with django_capture_on_commit_callbacks(execute=True):
        officer_id = officer.pk
        officer.delete()

    delivered = receiver.delivered()
    assert [p["event"] for _h, p in delivered] == [
        "officer.published",
        "officer.updated",
        "officer.unpublished",
    ]
    assert [p["id"] for _h, p in delivered] == sorted(p["id"] for _h, p in delivered)
    assert delivered[1][1]["data"]["rank"] == "Aipda" and delivered[2][1]["data"] is None
    assert all(p["object_id"] == str(officer_id) for _h, p in delivered)
    for headers, body, _status in receiver.requests:
        assert verify(secret, headers, body)
        assert not verify("whsec_wrong", headers, body)
        assert headers["X-Sambang-Event"].startswith("officer.")
    assert WebhookDelivery.objects.filter(status="succeeded").count() == 3
    assert WebhookEndpoint.objects.get().failure_count == 0


def test_an_endpoint_that_keeps_failing_is_disabled_and_its_owner_emailed(
    partner, receiver, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOKS_MAX_ATTEMPTS = 5
    receiver.always_fail = True
    endpoint = WebhookEndpointFactory(api_key=partner, url=receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        OfficerFactory()
    delivery = WebhookDelivery.objects.get()
    delays, now = [], timezone.now()
    for _ in range(4):
        delivery.refresh_from_db()
        delays.append(round((delivery.next_attempt_at - now).total_seconds() / 10) * 10)
        now = delivery.next_attempt_at + timedelta(seconds=1)
        with django_capture_on_commit_callbacks(
            execute=True
        ):  # the owner's mail is queued after commit
            deliver_due(now=now)
    delivery.refresh_from_db()
    endpoint.refresh_from_db()
    assert delays == [30, 120, 480, 1920]  # exponential backoff
    assert (delivery.status, delivery.attempts) == ("failed", 5)
    assert not endpoint.active and endpoint.disabled_at is not None
    assert len(receiver.requests) == 5
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [partner.contact_email]
    assert receiver.url in mail.outbox[0].subject


def test_events_only_reach_endpoints_that_asked_for_them(
    partner, receiver, django_capture_on_commit_callbacks
):
    WebhookEndpointFactory(api_key=partner, url=receiver.url, event_types=["officer.unpublished"])
    with django_capture_on_commit_callbacks(execute=True):
        officer = OfficerFactory()
    assert receiver.requests == []
    with django_capture_on_commit_callbacks(execute=True):
        officer.active = False
        officer.save()
    assert [p["event"] for _h, p in receiver.delivered()] == ["officer.unpublished"]


def test_revoked_keys_get_no_webhooks(partner, receiver, django_capture_on_commit_callbacks):
    WebhookEndpointFactory(api_key=partner, url=receiver.url)
    partner.revoke()
    with django_capture_on_commit_callbacks(execute=True):
        OfficerFactory()
    assert receiver.requests == [] and not WebhookDelivery.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "ftp://93.184.216.34/hook",
        "not a url",
        "http://",
        "javascript:alert(1)",
        "http://127.0.0.1:8000/hook",
        "http://localhost/hook",
        "http://10.0.0.5/",
        "http://192.168.1.10/",
        "http://172.16.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://0.0.0.0/",
        "http://100.64.0.1/",
        "http://user:pw@93.184.216.34/",
    ],
)
def test_private_or_malformed_webhook_urls_are_refused(api_client, partner, url):
    with pytest.raises(ValidationError):
        check_url(url)
    response = api_client.post(
        "/api/v1/webhooks/", {"url": url, "event_types": ["*"]}, format="json", **auth(partner)
    )
    assert response.status_code == 400
    assert "url" in response.json()["error"]["fields"]


def test_loopback_is_allowed_only_by_setting(settings):
    check_url("http://93.184.216.34/hook")  # a public address is fine
    with pytest.raises(ValidationError):
        check_url("http://127.0.0.1/hook")
    settings.WEBHOOKS_ALLOW_LOOPBACK = True
    check_url("http://127.0.0.1/hook")
    with pytest.raises(ValidationError):
        check_url("http://10.1.2.3/hook")


def test_partners_list_and_delete_only_their_own_endpoints(api_client, partner):
    other = WebhookEndpointFactory()
    created = api_client.post(
        "/api/v1/webhooks/",
        {
            "url": "https://93.184.216.34/hooks",
            "event_types": ["officer.updated"],
        },
        format="json",
        **auth(partner),
    ).json()
    listed = api_client.get("/api/v1/webhooks/", **auth(partner)).json()
    assert [e["id"] for e in listed] == [created["id"]] and "secret" not in listed[0]
    assert api_client.delete(f"/api/v1/webhooks/{other.pk}/", **auth(partner)).status_code == 404
    assert (
        api_client.delete(f"/api/v1/webhooks/{created['id']}/", **auth(partner)).status_code == 204
    )
    assert not WebhookEndpoint.objects.filter(pk=created["id"]).exists()


def test_unknown_event_types_are_a_400(api_client, partner):
    response = api_client.post(
        "/api/v1/webhooks/",
        {
            "url": "https://93.184.216.34/hooks",
            "event_types": ["officer.exploded"],
        },
        format="json",
        **auth(partner),
    )
    assert response.status_code == 400 and "event_types" in response.json()["error"]["fields"]


def test_signature_covers_timestamp_and_body():
    body = b'{"id":1}'
    assert sign("s", "100", body) != sign("s", "101", body)
    assert sign("s", "100", body) != sign("s", "100", body + b" ")
    assert (
        sign("s", "100", body) == "v1=" + hmac.new(b"s", b"100." + body, hashlib.sha256).hexdigest()
    )


def test_article_publish_edit_and_unpublish_reach_a_real_receiver_signed_and_in_order(
    api_client, partner, receiver, settings, django_capture_on_commit_callbacks
):
    from wagtail.rich_text import RichText

    from tests.counselling.factories import counselling_index, make_article

    settings.BASE_URL = "https://sambang.example"
    index = counselling_index()
    secret = register(
        api_client,
        partner,
        receiver.url,
        ["article.published", "article.updated", "article.unpublished"],
    )

    with django_capture_on_commit_callbacks(execute=True):
        article = make_article(index, title="Waspada Penipuan Kurir")
    with django_capture_on_commit_callbacks(execute=True):
        make_article(index, title="Draf rahasia DRAFTMARKER", publish=False)  # never public
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Waspada Penipuan Kurir Palsu DRAFTMARKER"
        article.save_revision()  # a draft of a live article is not a change for partners
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Waspada Penipuan Kurir Palsu"
        article.body = [("paragraph", RichText("<p>Jangan buka tautan dari kurir.</p>"))]
        article.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()

    delivered = receiver.delivered()
    assert [p["event"] for _h, p in delivered] == [
        "article.published",
        "article.updated",
        "article.unpublished",
    ]
    assert [p["id"] for _h, p in delivered] == sorted(p["id"] for _h, p in delivered)
    assert {p["object_id"] for _h, p in delivered} == {str(article.pk)}
    published, updated, unpublished = (p for _h, p in delivered)
    assert published["data"]["title"] == "Waspada Penipuan Kurir"
    assert updated["data"]["title"] == "Waspada Penipuan Kurir Palsu"
    assert updated["data"]["url"].startswith("https://sambang.example/")
    assert unpublished["data"] is None
    for headers, body, _status in receiver.requests:
        assert verify(secret, headers, body)
        assert b"DRAFTMARKER" not in body
    assert WebhookDelivery.objects.filter(status="succeeded").count() == 3
