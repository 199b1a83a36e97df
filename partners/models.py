"""The partner API's own records: API keys, the change log partners sync from, webhook endpoints
and their delivery log."""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

KEY_PREFIX_LENGTH = 8


class Scope(models.TextChoices):
    CONTENT_READ = "content:read", _("Read public content")
    STATS_READ = "stats:read", _("Read public statistics")
    WEBHOOKS_MANAGE = "webhooks:manage", _("Manage webhooks")
    REPORTS_WRITE = "reports:write", _("Send residents' messages (Lapor & Tanya)")


def validate_rate(value):
    """A DRF rate such as `600/min`: a positive number, a slash, then sec, min, hour or day."""
    try:
        count, period = value.split("/")
        ok = int(count) > 0 and period[:1] in {"s", "m", "h", "d"}
    except (ValueError, AttributeError):
        ok = False
    if not ok:
        raise ValidationError(_("Write the rate as a number of requests per period, e.g. 600/min."))


def validate_scopes(value):
    known = set(Scope.values)
    if not isinstance(value, list) or not set(value) <= known:
        raise ValidationError(
            _("Unknown scope; choose from %(scopes)s.") % {"scopes": ", ".join(known)}
        )


def hash_key(raw_key):
    # Keys are 256-bit random secrets, so one round of SHA-256 is enough (no dictionary to guess from)
    # and keeps authentication cheap on every request.
    return hashlib.sha256(raw_key.encode()).hexdigest()


class ApiKeyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiKey(models.Model):
    """A partner's key. Only its prefix and a hash are stored; the key itself is shown once."""

    organisation = models.CharField(_("owner organisation"), max_length=150)
    contact_email = models.EmailField(_("contact e-mail"))
    scopes = models.JSONField(
        _("scopes"),
        default=list,
        validators=[validate_scopes],
        help_text=_(
            "What the key may do: content:read, stats:read, webhooks:manage, reports:write."
        ),
    )
    rate = models.CharField(
        _("rate limit"),
        max_length=20,
        default="600/min",
        validators=[validate_rate],
        help_text=_("Requests per period, e.g. 600/min or 20000/day."),
    )
    allowed_origins = models.TextField(
        _("allowed origins (CORS)"),
        blank=True,
        help_text=_(
            "One origin per line, e.g. https://app.example.id. Leave empty for server-side use."
        ),
    )
    prefix = models.CharField(
        _("key prefix"), max_length=KEY_PREFIX_LENGTH, unique=True, editable=False
    )
    hashed_key = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    request_count = models.BigIntegerField(_("requests"), default=0, editable=False)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "pk"]
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self):
        return f"{self.organisation} ({self.prefix}…)"

    @classmethod
    def generate(cls):
        """A new (prefix, raw key) pair; the raw key is `<prefix>.<secret>`."""
        prefix = secrets.token_hex(KEY_PREFIX_LENGTH // 2)
        return prefix, f"{prefix}.{secrets.token_urlsafe(32)}"

    def issue(self):
        """Set a fresh key on this (unsaved or existing) record and return the raw key once."""
        prefix, raw = self.generate()
        while type(self).objects.filter(prefix=prefix).exclude(pk=self.pk).exists():
            prefix, raw = self.generate()
        self.prefix, self.hashed_key = prefix, hash_key(raw)
        return raw

    def matches(self, raw_key):
        return hmac.compare_digest(self.hashed_key, hash_key(raw_key))

    def revoke(self):
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])

    @property
    def is_active(self):
        return self.revoked_at is None

    def has_scope(self, scope):
        return scope in (self.scopes or [])

    @property
    def origins(self):
        return [
            line.strip().rstrip("/") for line in self.allowed_origins.splitlines() if line.strip()
        ]


class ChangeEvent(models.Model):
    """One change to the public corpus; the auto-increment id is the partners' sync cursor."""

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("updated")
        DELETE = "delete", _("deleted or unpublished")

    type = models.CharField(_("type"), max_length=50)
    object_id = models.CharField(_("object id"), max_length=64)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    occurred_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        ordering = ["id"]
        verbose_name = _("change event")
        verbose_name_plural = _("change events")
        indexes = [
            models.Index(fields=["type", "object_id", "-id"], name="cms_change_type_obj_idx")
        ]

    def __str__(self):
        return f"#{self.pk} {self.type} {self.object_id} {self.action}"

    @property
    def event_name(self):
        """The webhook event name, e.g. `officer.updated` or `article.unpublished`."""
        return f"{self.type}.{EVENT_SUFFIX[self.action]}"


EVENT_SUFFIX = {
    ChangeEvent.Action.CREATE: "published",
    ChangeEvent.Action.UPDATE: "updated",
    ChangeEvent.Action.DELETE: "unpublished",
}


class WebhookEndpoint(models.Model):
    api_key = models.ForeignKey(
        ApiKey,
        on_delete=models.CASCADE,
        related_name="webhook_endpoints",
        verbose_name=_("API key"),
    )
    url = models.URLField(_("URL"), max_length=500)
    event_types = models.JSONField(
        _("event types"),
        default=list,
        help_text=_("e.g. officer.updated, article.published; `*` for every event."),
    )
    secret = models.CharField(
        _("signing secret"),
        max_length=100,
        editable=False,
        help_text=_(
            "Shared with the partner to verify signatures; stored as is because signing needs it."
        ),
    )
    active = models.BooleanField(_("active"), default=True)
    failure_count = models.PositiveIntegerField(_("consecutive failures"), default=0)
    disabled_at = models.DateTimeField(_("disabled"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")

    def __str__(self):
        return self.url

    def save(self, *args, **kwargs):
        if not self.secret:
            self.secret = "whsec_" + secrets.token_urlsafe(32)
        super().save(*args, **kwargs)

    def wants(self, event_name):
        return "*" in self.event_types or event_name in self.event_types


class WebhookDelivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        SUCCEEDED = "succeeded", _("delivered")
        FAILED = "failed", _("gave up")

    endpoint = models.ForeignKey(
        WebhookEndpoint,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("endpoint"),
    )
    change = models.ForeignKey(
        ChangeEvent,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("change"),
    )
    event = models.CharField(_("event"), max_length=80)
    payload = models.JSONField(_("payload"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(
        _("next attempt"), null=True, blank=True, default=timezone.now
    )
    response_code = models.PositiveIntegerField(_("response code"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="cms_delivery_due_idx")]

    def __str__(self):
        return f"{self.event} → {self.endpoint_id} ({self.status})"


def backoff(attempts):
    """Delay before the next try after `attempts` failures: 30 s, 2 min, 8 min, 32 min, ~2 h, ..."""
    return timedelta(seconds=30 * 4 ** (attempts - 1))


class IdempotencyRecord(models.Model):
    """The first response to a write sent with an Idempotency-Key (see partners/idempotency.py)."""

    MAX_KEY_LENGTH = 200

    # Who sent it: an officer's account (field API) or a partner's key (partner writes).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.CASCADE, related_name="+"
    )
    api_key = models.ForeignKey(ApiKey, null=True, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    scope = models.CharField(max_length=200, help_text="The view the key was used on.")
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField(null=True)
    response_body = models.JSONField(null=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    completed_at = models.DateTimeField(null=True)
    # While the first request runs: who holds the key and until when (a dead holder's lease expires).
    lease_token = models.CharField(max_length=32, blank=True)
    lease_expires_at = models.DateTimeField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_user_key"),
            models.UniqueConstraint(fields=["api_key", "key"], name="idempotency_api_key_key"),
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | models.Q(api_key__isnull=False),
                name="idempotency_has_owner",
            ),
        ]

    def __str__(self):
        return f"{self.user_id or 'key ' + str(self.api_key_id)}:{self.key}"
