"""Webhooks: fan a change out to the endpoints that want it, sign and deliver each payload in order per
endpoint, retry with exponential backoff, disable an endpoint that keeps failing and tell its owner.

Delivery is a django-tasks task; retries are rows whose `next_attempt_at` is in the future, picked up by
`manage.py deliver_webhooks` (run it from cron or with `--loop`), since not every task backend can delay.
"""

import hashlib
import hmac
import http.client
import ipaddress
import json
import logging
import socket
import ssl
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from core.mail import queue_mail
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

NAT64_PREFIX = ipaddress.ip_network("64:ff9b::/96")
NAT64_LOCAL_PREFIX = ipaddress.ip_network("64:ff9b:1::/48")


def _embedded_ipv4(ip):
    """The IPv4 addresses an IPv6 address carries: mapped, 6to4, Teredo (server and client), NAT64."""
    if ip.version != 6:
        return []
    embedded = [ip.ipv4_mapped, ip.sixtofour]
    if ip.teredo:
        embedded += list(ip.teredo)
    if ip in NAT64_PREFIX or ip in NAT64_LOCAL_PREFIX:
        embedded.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return [address for address in embedded if address is not None]


def _address_allowed(address):
    ip = ipaddress.ip_address(address.split("%")[0])
    embedded = _embedded_ipv4(ip)
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
        embedded = []
    if ip.is_loopback and getattr(settings, "WEBHOOKS_ALLOW_LOOPBACK", False):
        return True
    if embedded:
        # 6to4, Teredo and NAT64 forms reach whatever IPv4 address they embed: judge that one.
        return all(_address_allowed(str(inner)) for inner in embedded) and not ip.is_private
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_link_local)


def allowed_ports():
    return set(getattr(settings, "WEBHOOKS_ALLOWED_PORTS", (80, 443)))


def check_url(url):
    """Refuse anything but http(s) on an allowed port to public addresses (SSRF); raises
    ValidationError. Returns the first checked address, which the delivery connects to (pinned: a
    second DNS answer cannot send the POST elsewhere)."""
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError(_("Enter an http or https URL."), code="invalid_url")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise ValidationError(_("Enter an http or https URL."), code="invalid_url") from exc
    if parts.username or parts.password:
        raise ValidationError(_("The URL must not contain credentials."), code="invalid_url")
    if port not in allowed_ports():
        raise ValidationError(
            _("Only ports %(ports)s are allowed for webhooks.")
            % {"ports": ", ".join(str(p) for p in sorted(allowed_ports()))},
            code="port_not_allowed",
        )
    try:
        infos = socket.getaddrinfo(parts.hostname, port, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise ValidationError(
            _("The host name does not resolve."), code="unresolvable_host"
        ) from exc
    try:
        allowed = bool(infos) and all(_address_allowed(info[4][0]) for info in infos)
    except ValueError:
        allowed = False
    if not allowed:
        raise ValidationError(
            _("The URL points at a private, loopback or reserved address."), code="private_address"
        )
    return infos[0][4][0]


class PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the address check_url approved; the Host header keeps the URL's name."""

    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout)
        self.pinned_address = address

    def connect(self):
        self.sock = socket.create_connection((self.pinned_address, self.port), self.timeout)


class PinnedHTTPSConnection(http.client.HTTPSConnection):
    """As above, with TLS verified against the URL's host name (SNI and certificate)."""

    def __init__(self, host, port, address, timeout):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self.pinned_address = address

    def connect(self):
        sock = socket.create_connection((self.pinned_address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


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


def post(endpoint, delivery):
    """One signed POST to the address checked just now; returns (status code or None, error text).
    A redirect is not followed (it could lead to a private address): it counts as a failure."""
    try:
        address = check_url(
            endpoint.url
        )  # again at send time: DNS may have changed since registration
    except ValidationError as exc:
        return None, str(exc.messages[0])[:300]
    parts = urlsplit(endpoint.url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    body = encode(delivery.payload)
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "SambangDigital-Webhooks/1",
        EVENT_HEADER: delivery.event,
        DELIVERY_HEADER: str(delivery.pk),
        TIMESTAMP_HEADER: timestamp,
        SIGNATURE_HEADER: sign(endpoint.secret, timestamp, body),
    }
    timeout = getattr(settings, "WEBHOOKS_TIMEOUT", 10)
    connection_class = PinnedHTTPSConnection if parts.scheme == "https" else PinnedHTTPConnection
    connection = connection_class(parts.hostname, port, address, timeout)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request("POST", target, body=body, headers=headers)
        response = connection.getresponse()
        response.read(64 * 1024)
        code = response.status
    except (OSError, http.client.HTTPException) as exc:
        return None, str(exc)[:300] or type(exc).__name__
    finally:
        connection.close()
    return code, "" if 200 <= code < 300 else f"HTTP {code}"


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
    queue_mail(
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
        [key.contact_email],
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
