"""Residents' messages to their Bhabinkamtibmas ("Lapor & Tanya") and each message's timeline.

Everything about the resident (message, when/where, photo, contact) is internal: it is shown only to
the officers of the message's kelurahan, the supervisors of its unit and leadership (permissions.py).
The resident follows the message with a tracking code and secret; the tracking page shows the
status, dates and the officer's public replies, never the message or the contact.

Each state change is one method (reply, convert_to_signal, forward, close) that checks the status,
records a `MessageEvent` and saves; an invalid change raises `MessageActionError`.
"""

import secrets

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openinfo.models import EarlyWarningSignal, Severity, SignalCategory, holidays
from openinfo.ppid import deadlines
from openinfo.reports.notify import send_reply
from openinfo.reports.storage import reports_private_storage

FIRST_RESPONSE_WORKING_DAYS = 2
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # as the PPID tracking codes: no 0/O, 1/I
CODE_LENGTH, SECRET_LENGTH = 10, 12


class MessageActionError(Exception):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


class Kind(models.TextChoices):
    INFORMATION = "informasi", _("Information about security or order in my area")
    QUESTION = "pertanyaan", _("A legal question")
    COMPLAINT = "pengaduan", _("A complaint about a police service")


class Status(models.TextChoices):
    RECEIVED = "received", _("received, waiting for an answer")
    ANSWERED = "answered", _("answered")
    CLOSED = "closed", _("closed")


class CloseReason(models.TextChoices):
    HANDLED = "handled", _("handled")
    NOT_POLICE = "not_police", _("not police business")
    DUPLICATE = "duplicate", _("duplicate")
    SPAM = "spam", _("spam")


class ContactChoice(models.TextChoices):
    ANONYMOUS = "anonim", _("Stay anonymous (you follow the answer with the tracking code)")
    PHONE = "telepon", _("Phone or WhatsApp")
    EMAIL = "email", _("E-mail")


class Source(models.TextChoices):
    WEB = "web", _("web form")
    API = "api", _("partner app (API)")


def _random_code(length):
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(length))


def responsible_unit(kelurahan):
    """The unit that answers for a kelurahan: its officers' unit, else the unit covering its kecamatan."""
    from home.finder import units_covering
    from home.models import Officer

    officer = Officer.objects.filter(kelurahan=kelurahan, active=True).order_by("pk").first()
    if officer is not None:
        return officer.unit
    units = units_covering(kelurahan.kecamatan)
    return units[0] if units else None


class ResidentMessageQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Status.RECEIVED)

    def overdue(self, today=None):
        return self.open().filter(due_date__lt=today or timezone.localdate())


class ResidentMessage(models.Model):
    tracking_code = models.CharField(
        _("tracking code"), max_length=CODE_LENGTH, unique=True, editable=False
    )
    secret_hash = models.CharField(max_length=128, editable=False)
    submission_token = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    source = models.CharField(_("source"), max_length=5, choices=Source.choices, default=Source.WEB)
    api_key = models.ForeignKey(
        "cms.ApiKey",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("partner key"),
    )

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    kelurahan = models.ForeignKey(
        "home.Kelurahan", on_delete=models.PROTECT, related_name="+", verbose_name=_("kelurahan")
    )
    kecamatan = models.ForeignKey(
        "home.Kecamatan",
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name=_("kecamatan"),
    )
    unit = models.ForeignKey(
        "home.PoliceUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name=_("unit"),
    )

    # Internal: what the resident wrote and how to reach them.
    message = models.TextField(_("message"))
    when_where = models.CharField(_("when and where"), max_length=500, blank=True)
    photo = models.ImageField(
        _("photo"), upload_to="lapor/%Y/%m/", blank=True, storage=reports_private_storage
    )
    contact_choice = models.CharField(
        _("contact"), max_length=10, choices=ContactChoice.choices, default=ContactChoice.ANONYMOUS
    )
    contact_phone = models.CharField(_("phone / WhatsApp"), max_length=20, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True, editable=False)

    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.RECEIVED,
        db_index=True,
        editable=False,
    )
    received_at = models.DateTimeField(_("received"), default=timezone.now, editable=False)
    due_date = models.DateField(_("first answer due"), editable=False)
    first_reply_at = models.DateTimeField(_("first answer"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True, editable=False)
    close_reason = models.CharField(
        _("reason for closing"),
        max_length=12,
        choices=CloseReason.choices,
        blank=True,
        editable=False,
    )
    signal = models.OneToOneField(
        "openinfo.EarlyWarningSignal",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resident_message",
        editable=False,
        verbose_name=_("early-warning signal"),
    )
    guidance = models.ForeignKey(
        "counselling.QuestionAnswer",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        verbose_name=_("Tanya Jawab entry"),
    )
    anonymised_at = models.DateTimeField(
        _("personal data removed"), null=True, blank=True, editable=False
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ResidentMessageQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "received_at"]
        verbose_name = _("resident's message")
        verbose_name_plural = _("residents' messages")
        indexes = [
            models.Index(fields=["status", "due_date"], name="reports_status_due"),
            models.Index(fields=["received_at", "kecamatan"], name="reports_received_kec"),
        ]

    def __str__(self):
        return f"{self.tracking_code} · {self.get_kind_display()}"

    # ----- filing -------------------------------------------------------------------------
    @classmethod
    def file(cls, *, kelurahan, submission_token=None, received_at=None, photo=None, **fields):
        """Register a message: tracking code, hashed secret, area, unit, due date, first event.
        `photo` is a sanitized ContentFile (openinfo.visits.images). Returns (message, secret)."""
        received_at = received_at or timezone.now()
        secret = _random_code(SECRET_LENGTH)
        code = _random_code(CODE_LENGTH)
        while cls.objects.filter(tracking_code=code).exists():
            code = _random_code(CODE_LENGTH)
        message = cls(
            **fields,
            kelurahan=kelurahan,
            kecamatan_id=kelurahan.kecamatan_id,
            unit=responsible_unit(kelurahan),
            tracking_code=code,
            secret_hash=make_password(secret),
            submission_token=submission_token,
            received_at=received_at,
            consent_at=received_at,
            due_date=deadlines.add_working_days(
                timezone.localtime(received_at).date(), FIRST_RESPONSE_WORKING_DAYS, holidays()
            ),
        )
        with transaction.atomic():
            if photo is not None:
                message.photo.save(photo.name, photo, save=False)
            try:
                message.save()
            except Exception:
                if message.photo:
                    message.photo.delete(save=False)
                raise
            message.events.create(kind=MessageEvent.Kind.RECEIVED, at=received_at)
        return message, secret

    def check_secret(self, secret):
        return check_password(secret, self.secret_hash)

    # ----- reading ------------------------------------------------------------------------
    @property
    def is_open(self):
        return self.status == Status.RECEIVED

    def is_overdue(self, today=None):
        return self.is_open and self.due_date < (today or timezone.localdate())

    @property
    def answered_on_time(self):
        return (
            self.first_reply_at is not None
            and timezone.localtime(self.first_reply_at).date() <= self.due_date
        )

    def public_events(self):
        return [event for event in self.events.all() if event.is_public]

    def whatsapp_number(self):
        """The contact phone in international form for wa.me (62...), or ''."""
        digits = "".join(ch for ch in self.contact_phone if ch.isdigit())
        if not digits:
            return ""
        if digits.startswith("0"):
            digits = "62" + digits[1:]
        return digits

    # ----- actions ------------------------------------------------------------------------
    def _locked(self):
        locked = type(self).objects.select_for_update().get(pk=self.pk)
        self.status, self.first_reply_at = locked.status, locked.first_reply_at
        return locked

    def _require_not_closed(self):
        if self.status == Status.CLOSED:
            raise MessageActionError(_("This message is closed."))

    @transaction.atomic
    def reply(self, user, text):
        text = (text or "").strip()
        if not text:
            raise MessageActionError(_("Write the answer the resident will see."))
        if len(text) > 5000:
            raise MessageActionError(_("The answer can have at most 5,000 characters."))
        self._locked()
        self._require_not_closed()
        now = timezone.now()
        self.status = Status.ANSWERED
        if self.first_reply_at is None:
            self.first_reply_at = now
        self.save(update_fields=["status", "first_reply_at", "updated_at"])
        event = self.events.create(
            kind=MessageEvent.Kind.REPLIED, user=_user(user), public_text=text, at=now
        )
        if self.contact_email:
            transaction.on_commit(lambda: send_reply(self, event))
        return event

    @transaction.atomic
    def convert_to_signal(self, user, category, severity, description):
        if category not in SignalCategory.values or severity not in Severity.values:
            raise MessageActionError(_("Choose the signal's category and severity."))
        if not (description or "").strip():
            raise MessageActionError(_("Describe the signal for the officers (internal)."))
        self._locked()
        self._require_not_closed()
        if self.signal_id or type(self).objects.filter(pk=self.pk, signal__isnull=False).exists():
            raise MessageActionError(_("This message has already become an early-warning signal."))
        signal = EarlyWarningSignal(
            report=None,
            category=category,
            severity=severity,
            description=description.strip(),
            kecamatan_id=self.kecamatan_id,
            kelurahan_id=self.kelurahan_id,
            unit_id=self.unit_id,
            observed_on=timezone.localtime(self.received_at).date(),
            reported=True,
        )
        signal._changed_by = _user(user)
        signal._change_note = f"Lapor & Tanya {self.tracking_code}"
        signal.save()
        self.signal = signal
        self.save(update_fields=["signal", "updated_at"])
        self.events.create(
            kind=MessageEvent.Kind.CONVERTED,
            user=_user(user),
            note=f"{signal.get_category_display()} / {signal.get_severity_display()}",
        )
        return signal

    @transaction.atomic
    def forward(self, user, kelurahan, note=""):
        self._locked()
        self._require_not_closed()
        if kelurahan.pk == self.kelurahan_id:
            raise MessageActionError(_("The message is already with this kelurahan."))
        previous = self.kelurahan
        self.kelurahan, self.kecamatan_id = kelurahan, kelurahan.kecamatan_id
        self.unit = responsible_unit(kelurahan)
        self.save(update_fields=["kelurahan", "kecamatan", "unit", "updated_at"])
        self.events.create(
            kind=MessageEvent.Kind.FORWARDED,
            user=_user(user),
            note=(note or "").strip(),
            from_kelurahan=previous,
            to_kelurahan=kelurahan,
        )

    @transaction.atomic
    def close(self, user, reason, note=""):
        if reason not in CloseReason.values:
            raise MessageActionError(_("Choose a reason for closing."))
        self._locked()
        self._require_not_closed()
        self.status, self.close_reason, self.closed_at = Status.CLOSED, reason, timezone.now()
        self.save(update_fields=["status", "close_reason", "closed_at", "updated_at"])
        self.events.create(
            kind=MessageEvent.Kind.CLOSED,
            user=_user(user),
            note=(note or "").strip(),
            public_text=str(CloseReason(reason).label),
        )

    @transaction.atomic
    def anonymise(self):
        """Retention: remove what identifies the resident; keep the kind, area and dates (figures)."""
        if self.photo:
            self.photo.delete(save=False)
        self.message = "[dihapus]"
        self.when_where = ""
        self.photo = ""
        self.contact_phone = self.contact_email = ""
        self.contact_choice = ContactChoice.ANONYMOUS
        self.anonymised_at = timezone.now()
        self.save()
        self.events.exclude(note="").update(note="")
        if self.signal_id:
            type(self.signal).objects.filter(pk=self.signal_id).update(
                description=f"[dihapus setelah masa retensi: Lapor & Tanya {self.tracking_code}]"
            )


def _user(user):
    return user if getattr(user, "is_authenticated", False) and getattr(user, "pk", None) else None


class MessageEvent(models.Model):
    """One step in a message's timeline. `public_text` is what the resident sees on the tracking page
    (received, replies, closing); `note` is internal."""

    class Kind(models.TextChoices):
        RECEIVED = "received", _("Message received")
        REPLIED = "replied", _("Answered")
        CONVERTED = "converted", _("Turned into an early-warning signal")
        FORWARDED = "forwarded", _("Forwarded")
        CLOSED = "closed", _("Closed")
        GUIDANCE = "guidance", _("Used for a Tanya Jawab entry")
        REMINDED = "reminded", _("Overdue reminder sent")

    PUBLIC_KINDS = (Kind.RECEIVED, Kind.REPLIED, Kind.CLOSED)

    message = models.ForeignKey(ResidentMessage, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    at = models.DateTimeField(default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    public_text = models.TextField(blank=True)
    note = models.TextField(blank=True)
    from_kelurahan = models.ForeignKey(
        "home.Kelurahan", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_kelurahan = models.ForeignKey(
        "home.Kelurahan", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("message event")

    def __str__(self):
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"

    @property
    def is_public(self):
        return self.kind in self.PUBLIC_KINDS
