"""Webhooks: fan a change out to the endpoints that want it, sign and deliver each payload in order per
endpoint, retry with exponential backoff, disable an endpoint that keeps failing and tell its owner.

Delivery is a django-tasks task; retries are rows whose `next_attempt_at` is in the future, picked up by
`manage.py deliver_webhooks` (run it from cron or with `--loop`), since not every task backend can delay.
"""

import hashlib
import hmac
import ipaddress
import json
import logging
import socket
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from partners.changes import DELETE, serialize_current
from partners.models import ChangeEvent, WebhookDelivery, WebhookEndpoint, backoff

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Sambang-Signature"
TIMESTAMP_HEADER = "X-Sambang-Timestamp"
EVENT_HEADER = "X-Sambang-Event"
DELIVERY_HEADER = "X-Sambang-Delivery"


def max_attempts():
    return max(5, int(getattr(settings, "WEBHOOKS_MAX_ATTEMPTS", 6)))


# --- SSRF guard -------------------------------------------------------------------------------------


def _address_allowed(address):
    ip = ipaddress.ip_address(address)
    if getattr(ip, "ipv4_mapped", None):
        ip = ip.ipv4_mapped
    if ip.is_loopback and getattr(settings, "WEBHOOKS_ALLOW_LOOPBACK", False):
        return True
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_link_local)


def check_url(url):
    """Refuse anything but http(s) to public addresses (SSRF); raises ValidationError."""
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError(_("Enter an http or https URL."), code="invalid_url")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise ValidationError(_("Enter an http or https URL."), code="invalid_url") from exc
    if parts.username or parts.password:
        raise ValidationError(_("The URL must not contain credentials."), code="invalid_url")
    try:
        infos = socket.getaddrinfo(parts.hostname, port, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise ValidationError(
            _("The host name does not resolve."), code="unresolvable_host"
        ) from exc
    if not infos or not all(_address_allowed(info[4][0]) for info in infos):
        raise ValidationError(
            _("The URL points at a private, loopback or reserved address."), code="private_address"
        )


# --- Signing ----------------------------------------------------------------------------------------


def sign(secret, timestamp, body):
    """`v1=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`; receivers recompute and compare."""
    message = f"{timestamp}.".encode() + body
    return "v1=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def encode(payload):
    return json.dumps(
        payload, cls=DjangoJSONEncoder, separators=(",", ":"), ensure_ascii=False
    ).encode()


# --- Fan-out ----------------------------------------------------------------------------------------


def build_payload(event):
    data = None
    if event.action != DELETE:
        data = serialize_current(event.type, [event.object_id]).get(event.object_id)
    return {
        "id": event.pk,
        "event": event.event_name,
        "type": event.type,
        "object_id": event.object_id,
        "action": event.action,
        "occurred_at": event.occurred_at.isoformat(),
        "data": data,
    }


def fan_out(change_id):
    """Queue one delivery per interested active endpoint for this change, then start delivering."""
    event = ChangeEvent.objects.filter(pk=change_id).first()
    if event is None:
        return 0
    endpoints = [
        e
        for e in WebhookEndpoint.objects.filter(active=True, api_key__revoked_at__isnull=True)
        if e.wants(event.event_name)
    ]
    if not endpoints:
        return 0
    payload = json.loads(encode(build_payload(event)))
    WebhookDelivery.objects.bulk_create(
        WebhookDelivery(endpoint=endpoint, change=event, event=event.event_name, payload=payload)
        for endpoint in endpoints
    )
    for endpoint in endpoints:
        deliver_endpoint.enqueue(endpoint.pk)
    return len(endpoints)


# --- Delivery ---------------------------------------------------------------------------------------


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect could lead to a private address; it counts as a failure


_opener = urllib.request.build_opener(_NoRedirects)


def post(endpoint, delivery):
    """One signed POST; returns (status code or None, error text)."""
    check_url(endpoint.url)  # again at send time: DNS may have changed since registration
    body = encode(delivery.payload)
    timestamp = str(int(time.time()))
    request = urllib.request.Request(
        endpoint.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "SambangDigital-Webhooks/1",
            EVENT_HEADER: delivery.event,
            DELIVERY_HEADER: str(delivery.pk),
            TIMESTAMP_HEADER: timestamp,
            SIGNATURE_HEADER: sign(endpoint.secret, timestamp, body),
        },
    )
    timeout = getattr(settings, "WEBHOOKS_TIMEOUT", 10)
    try:
        with _opener.open(request, timeout=timeout) as response:
            return response.status, ""
    except urllib.error.HTTPError as exc:
        return exc.code, f"HTTP {exc.code}"
    except (urllib.error.URLError, OSError, ValidationError) as exc:
        return None, str(getattr(exc, "reason", None) or exc)[:300]


def attempt(delivery, now=None):
    """Try one delivery; record the outcome; returns True when delivered."""
    endpoint = delivery.endpoint
    started = time.monotonic()
    code, error = post(endpoint, delivery)
    now = now or timezone.now()
    delivery.attempts += 1
    delivery.response_code = code
    delivery.duration_ms = int((time.monotonic() - started) * 1000)
    delivery.error = error
    if code is not None and 200 <= code < 300:
        delivery.status = WebhookDelivery.Status.SUCCEEDED
        delivery.delivered_at = now
        delivery.next_attempt_at = None
        delivery.save()
        WebhookEndpoint.objects.filter(pk=endpoint.pk).update(failure_count=0)
        return True
    endpoint.failure_count += 1
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(failure_count=endpoint.failure_count)
    if delivery.attempts >= max_attempts():
        delivery.status = WebhookDelivery.Status.FAILED
        delivery.next_attempt_at = None
        delivery.save()
        disable(endpoint, delivery)
    else:
        delivery.next_attempt_at = now + backoff(delivery.attempts)
        delivery.save()
    return False


def disable(endpoint, delivery):
    endpoint.active = False
    endpoint.disabled_at = timezone.now()
    endpoint.save(update_fields=["active", "disabled_at"])
    key = endpoint.api_key
    send_mail(
        _("Webhook endpoint disabled: %(url)s") % {"url": endpoint.url},
        _(
            "Sambang Digital could not deliver %(event)s to %(url)s after %(attempts)d attempts "
            "(last error: %(error)s), so the endpoint has been disabled. Pending events are kept; "
            "fix the receiver and ask us to re-enable it, or register it again."
        )
        % {
            "event": delivery.event,
            "url": endpoint.url,
            "attempts": delivery.attempts,
            "error": delivery.error or delivery.response_code,
        },
        None,
        [key.contact_email],
        fail_silently=True,
    )
    logger.warning("webhook endpoint %s disabled after %s attempts", endpoint.pk, delivery.attempts)


def deliver_pending(endpoint_id, now=None):
    """Deliver this endpoint's due deliveries strictly in order; stop at the first that must wait.
    Returns the number delivered."""
    now = now or timezone.now()
    delivered = 0
    with transaction.atomic():
        # One worker per endpoint at a time keeps the order (the lock is a no-op on SQLite, where
        # there is only one writer anyway).
        endpoint = (
            WebhookEndpoint.objects.select_for_update(skip_locked=True)
            .select_related("api_key")
            .filter(pk=endpoint_id, active=True, api_key__revoked_at__isnull=True)
            .first()
        )
        if endpoint is None:
            return 0
        pending = endpoint.deliveries.filter(status=WebhookDelivery.Status.PENDING).order_by("pk")
        for delivery in pending:
            if delivery.next_attempt_at and delivery.next_attempt_at > now:
                break
            delivery.endpoint = endpoint
            if not attempt(delivery, now):
                break
            delivered += 1
    return delivered


@task()
def deliver_endpoint(endpoint_id):
    return deliver_pending(endpoint_id)


def deliver_due(now=None):
    """Deliver every due delivery of every active endpoint (the retry loop). Returns the count."""
    now = now or timezone.now()
    endpoint_ids = (
        WebhookDelivery.objects.filter(
            status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now, endpoint__active=True
        )
        .values_list("endpoint_id", flat=True)
        .distinct()
    )
    return sum(deliver_pending(pk, now) for pk in sorted(set(endpoint_ids)))
