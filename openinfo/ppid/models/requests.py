"""Information requests (permohonan, Pasal 22), their timeline and objections (keberatan, Pasal 35–36).

Each state change is one method on `InformationRequest` that validates, records a
`RequestEvent` (whose receivers in `openinfo.ppid.receivers` notify the requester after commit); an invalid transition raises `TransitionError`
and changes nothing. Deadlines are counted in working days (`openinfo.ppid.deadlines`).
"""

import secrets

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel

from core.errors import TransitionError
from openinfo.ppid import deadlines
from openinfo.ppid.models.calendar import RegistrationCounter, holidays, local_today
from openinfo.ppid.models.register import ExemptionBasis
from openinfo.ppid.storage import ppid_private_storage

TRACKING_ALPHABET = (
    "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed from paper
)


class Status(models.TextChoices):
    RECEIVED = "received", _("received")
    IN_PROCESS = "in_process", _("in process")
    EXTENDED = "extended", _("extended")
    FULFILLED = "fulfilled", _("fulfilled")
    PARTIALLY_FULFILLED = "partially_fulfilled", _("partially fulfilled")
    REJECTED = "rejected", _("rejected")


OPEN_STATUSES = (Status.RECEIVED, Status.IN_PROCESS, Status.EXTENDED)
CLOSED_STATUSES = (Status.FULFILLED, Status.PARTIALLY_FULFILLED, Status.REJECTED)


class InformationRequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)


class InformationRequest(ClusterableModel):
    """A request for public information. Identity fields are for PPID staff only."""

    class IdentityType(models.TextChoices):
        KTP = "ktp", _("KTP (NIK)")
        SIM = "sim", _("driving licence (SIM)")
        PASPOR = "paspor", _("passport")

    class ObtainMethod(models.TextChoices):
        VIEW = "view", _("see, read, listen to or take notes")
        SOFTCOPY = "softcopy", _("a soft copy")
        HARDCOPY = "hardcopy", _("a hard copy")

    class DeliveryMethod(models.TextChoices):
        PICKUP = "pickup", _("collect in person")
        POST = "post", _("by post")
        EMAIL = "email", _("by e-mail")

    # Register
    registration_number = models.CharField(
        _("registration number"), max_length=20, unique=True, editable=False
    )
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    sequence = models.PositiveIntegerField(_("sequence"), editable=False)
    tracking_code = models.CharField(_("tracking code"), max_length=12, unique=True, editable=False)
    secret_hash = models.CharField(max_length=128, editable=False)
    submission_token = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )

    # Requester (internal: PPID staff only)
    requester_name = models.CharField(_("name"), max_length=160)
    identity_type = models.CharField(
        _("identity document"), max_length=10, choices=IdentityType.choices
    )
    identity_number = models.CharField(_("identity number"), max_length=20)
    address = models.TextField(_("address"))
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    power_of_attorney = models.FileField(
        _("power of attorney"),
        blank=True,
        upload_to="ppid/kuasa/%Y/",
        storage=ppid_private_storage,
    )

    # What is asked
    information_requested = models.TextField(_("information requested"))
    purpose = models.TextField(_("purpose"))
    obtain_method = models.CharField(
        _("how to obtain it"), max_length=10, choices=ObtainMethod.choices
    )
    delivery_method = models.CharField(
        _("how to receive it"), max_length=10, choices=DeliveryMethod.choices
    )

    # Handling
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.RECEIVED,
        db_index=True,
        editable=False,
    )
    received_at = models.DateTimeField(_("received"), default=timezone.now, editable=False)
    due_date = models.DateField(_("due date"), editable=False)
    extended_due_date = models.DateField(
        _("extended due date"), null=True, blank=True, editable=False
    )
    extension_reason = models.TextField(_("reason for the extension"), blank=True, editable=False)
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True, editable=False)
    response_note = models.TextField(_("answer"), blank=True, editable=False)
    exemption_basis = models.CharField(
        _("legal basis of the refusal"),
        max_length=1,
        blank=True,
        choices=ExemptionBasis.choices,
        editable=False,
    )
    internal_notes = models.TextField(_("internal notes"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InformationRequestQuerySet.as_manager()

    panels = [
        FieldPanel("internal_notes"),
        InlinePanel("response_documents", label=_("response documents")),
    ]

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("information request")
        verbose_name_plural = _("information requests")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "sequence"], name="ppid_request_unique_number_in_year"
            ),
        ]

    def __str__(self):
        return self.registration_number

    # ----- filing -------------------------------------------------------------------------
    @classmethod
    def file(cls, *, submission_token=None, received_at=None, **fields):
        """Register a new request: number, tracking code, hashed secret, due date, first event.

        Returns (request, secret); the secret exists in clear only here (shown once, e-mailed).
        """
        received_at = received_at or timezone.now()
        year = timezone.localtime(received_at).year
        secret = generate_secret()
        # Everything slow (the password hash costs ~0.5 s by design, the holiday calendar, the
        # tracking code) happens before the year's counter row is locked: the lock is held only for
        # the three inserts, so concurrent filings queue for milliseconds, not seconds.
        secret_hash = make_password(secret)
        tracking_code = unique_tracking_code()
        due_date = deadlines.add_working_days(
            timezone.localtime(received_at).date(), deadlines.RESPONSE_DAYS, holidays()
        )
        with transaction.atomic():
            sequence = RegistrationCounter.next_number(year)
            request = cls(
                **fields,
                year=year,
                sequence=sequence,
                registration_number=f"PPID/{year}/{sequence:06d}",
                tracking_code=tracking_code,
                secret_hash=secret_hash,
                submission_token=submission_token,
                received_at=received_at,
                due_date=due_date,
            )
            request.save()
            request.events.create(
                kind=RequestEvent.Kind.RECEIVED, to_status=Status.RECEIVED, at=received_at
            )
        return request, secret

    def check_secret(self, secret):
        return check_password(secret, self.secret_hash)

    # ----- deadlines ----------------------------------------------------------------------
    @property
    def received_date(self):
        return timezone.localtime(self.received_at).date()

    @property
    def effective_due_date(self):
        return self.extended_due_date or self.due_date

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    def days_left(self, today=None):
        """Working days until the effective due date (negative when overdue); None when closed."""
        if not self.is_open:
            return None
        return deadlines.working_days_between(
            today or local_today(), self.effective_due_date, holidays()
        )

    def is_overdue(self, today=None):
        left = self.days_left(today)
        return left is not None and left < 0

    @property
    def response_working_days(self):
        if not self.responded_at:
            return None
        return deadlines.working_days_between(
            self.received_date, timezone.localtime(self.responded_at).date(), holidays()
        )

    @property
    def answered_late(self):
        return bool(
            self.responded_at
            and timezone.localtime(self.responded_at).date() > self.effective_due_date
        )

    # ----- transitions --------------------------------------------------------------------
    def _transition(self, allowed_from, to_status, kind, by=None, note="", **changes):
        """Validate, change, record the event and notify; raises TransitionError otherwise."""
        with transaction.atomic():
            current = type(self).objects.select_for_update().get(pk=self.pk)
            if current.status not in allowed_from:
                raise TransitionError(
                    _("A request that is “%(status)s” cannot be changed to “%(target)s”.")
                    % {"status": current.get_status_display(), "target": Status(to_status).label},
                    code="invalid_transition",
                )
            from_status = current.status
            self.status = to_status
            for name, value in changes.items():
                setattr(self, name, value)
            self.save(update_fields=["status", "updated_at", *changes.keys()])
            event = self.events.create(
                kind=kind, from_status=from_status, to_status=to_status, note=note, by=by
            )
        return event

    def start_processing(self, by=None, note=""):
        return self._transition(
            [Status.RECEIVED], Status.IN_PROCESS, RequestEvent.Kind.PROCESSING, by, note
        )

    def extend(self, reason, days=deadlines.MAX_EXTENSION_DAYS, by=None):
        """Extend once by at most 7 working days, with a written reason (Pasal 22(8))."""
        if self.extended_due_date:
            raise TransitionError(
                _("The deadline can be extended only once."), code="already_extended"
            )
        if not (reason or "").strip():
            raise TransitionError(_("An extension needs a written reason."), code="reason_required")
        if not 1 <= int(days) <= deadlines.MAX_EXTENSION_DAYS:
            raise TransitionError(
                _("An extension is 1 to %(max)d working days.")
                % {"max": deadlines.MAX_EXTENSION_DAYS},
                code="extension_too_long",
            )
        new_due = deadlines.add_working_days(self.due_date, int(days), holidays())
        return self._transition(
            [Status.RECEIVED, Status.IN_PROCESS],
            Status.EXTENDED,
            RequestEvent.Kind.EXTENDED,
            by,
            reason,
            extended_due_date=new_due,
            extension_reason=reason,
        )

    def fulfil(self, note="", by=None, partial=False, exemption_basis=""):
        """Answer the request (fully or partly); a partial answer states what was withheld and why."""
        if partial and not (note or "").strip():
            raise TransitionError(
                _("A partial answer must say what was withheld and why."), code="note_required"
            )
        if partial and exemption_basis and exemption_basis not in ExemptionBasis.values:
            raise TransitionError(_("Unknown exemption basis."), code="invalid_basis")
        to_status = Status.PARTIALLY_FULFILLED if partial else Status.FULFILLED
        kind = RequestEvent.Kind.PARTIALLY_FULFILLED if partial else RequestEvent.Kind.FULFILLED
        return self._transition(
            OPEN_STATUSES,
            to_status,
            kind,
            by,
            note,
            responded_at=timezone.now(),
            response_note=note,
            exemption_basis=exemption_basis if partial else "",
        )

    def reject(self, exemption_basis, note="", by=None):
        """Refuse under a Pasal 17 exemption; the basis is required."""
        if exemption_basis not in ExemptionBasis.values:
            raise TransitionError(
                _("A refusal needs its legal basis (Pasal 17 letter)."), code="basis_required"
            )
        return self._transition(
            OPEN_STATUSES,
            Status.REJECTED,
            RequestEvent.Kind.REJECTED,
            by,
            note,
            responded_at=timezone.now(),
            response_note=note,
            exemption_basis=exemption_basis,
        )

    # ----- objections ---------------------------------------------------------------------
    def objection_window(self, today=None):
        """(ground_date, last_day, reason_if_closed) for filing an objection (Pasal 36(1))."""
        today = today or local_today()
        hol = holidays()
        if self.responded_at:
            ground_date = timezone.localtime(self.responded_at).date()
        elif today > self.effective_due_date:
            # Unanswered: the ground arises the day after the deadline passed.
            ground_date = deadlines.add_working_days(self.effective_due_date, 1, hol)
        else:
            return (
                None,
                None,
                _(
                    "An objection can be filed once the request has been answered or its deadline "
                    "(%(due)s) has passed without an answer."
                )
                % {"due": self.effective_due_date.strftime("%d-%m-%Y")},
            )
        last_day = deadlines.add_working_days(ground_date, deadlines.OBJECTION_FILING_DAYS, hol)
        if today > last_day:
            return (
                ground_date,
                last_day,
                _("The 30 working days for an objection ended on %(last)s.")
                % {"last": last_day.strftime("%d-%m-%Y")},
            )
        if self.objections.filter(status=Objection.Status.FILED).exists():
            return (
                ground_date,
                last_day,
                _("An objection to this request is already being handled."),
            )
        return ground_date, last_day, None

    def objection_grounds(self):
        """The grounds of Pasal 35(1) that fit what happened to this request: a refusal (whole or
        in part) under Pasal 17 for (a); no answer for (c); an answer for (d) and (f); an answer
        after the deadline for (g). (b) periodic information and (e) not fulfilled always fit."""
        ground = Objection.Ground
        fitting = {ground.B, ground.E}
        if self.exemption_basis:
            fitting.add(ground.A)
        if self.responded_at is None:
            fitting.add(ground.C)
        else:
            fitting |= {ground.D, ground.F}
            if timezone.localtime(self.responded_at).date() > self.effective_due_date:
                fitting.add(ground.G)
        return [value for value in ground.values if value in fitting]

    def file_objection(self, ground, reasons, today=None):
        today = today or local_today()
        ground_date, last_day, closed = self.objection_window(today)
        if closed:
            raise TransitionError(closed, code="objection_window_closed")
        if ground not in Objection.Ground.values:
            raise TransitionError(_("Choose a ground from Pasal 35(1)."), code="invalid_ground")
        if ground not in self.objection_grounds():
            raise TransitionError(
                _("Ground (%(ground)s) does not fit this request. Grounds that fit: %(fitting)s.")
                % {"ground": ground, "fitting": ", ".join(self.objection_grounds())},
                code="ground_does_not_fit",
            )
        with transaction.atomic():
            objection = self.objections.create(
                ground=ground,
                reasons=reasons,
                ground_date=ground_date,
                due_date=deadlines.add_working_days(
                    today, deadlines.OBJECTION_ANSWER_DAYS, holidays()
                ),
            )
            self.events.create(
                kind=RequestEvent.Kind.OBJECTION_FILED,
                from_status=self.status,
                to_status=self.status,
                note=objection.get_ground_display(),
            )
        return objection


def generate_secret():
    return "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(12))


def unique_tracking_code():
    while True:
        code = "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(10))
        if not InformationRequest.objects.filter(tracking_code=code).exists():
            return code


class RequestEvent(models.Model):
    """One entry of a request's timeline. `note` is shown to the requester; `by` is internal."""

    class Kind(models.TextChoices):
        RECEIVED = "received", _("request received")
        PROCESSING = "processing", _("processing started")
        EXTENDED = "extended", _("deadline extended")
        FULFILLED = "fulfilled", _("request fulfilled")
        PARTIALLY_FULFILLED = "partially_fulfilled", _("request partially fulfilled")
        REJECTED = "rejected", _("request rejected")
        OBJECTION_FILED = "objection_filed", _("objection filed")
        OBJECTION_ANSWERED = "objection_answered", _("objection answered")

    request = models.ForeignKey(InformationRequest, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=30, choices=Kind.choices)
    from_status = models.CharField(max_length=20, blank=True, choices=Status.choices)
    to_status = models.CharField(max_length=20, blank=True, choices=Status.choices)
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(_("time"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by"),
    )

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("timeline event")
        verbose_name_plural = _("timeline events")

    def __str__(self):
        return f"{self.get_kind_display()} ({self.at:%d-%m-%Y %H:%M})"


class ResponseDocument(models.Model):
    """A document answering a request; served only to its requester (after tracking) and staff."""

    request = ParentalKey(
        InformationRequest, on_delete=models.CASCADE, related_name="response_documents"
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to="ppid/jawaban/%Y/", storage=ppid_private_storage)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    panels = [FieldPanel("title"), FieldPanel("file")]

    class Meta:
        ordering = ["pk"]
        verbose_name = _("response document")
        verbose_name_plural = _("response documents")

    def __str__(self):
        return self.title


class Objection(models.Model):
    """Keberatan (Pasal 35–36), answered by the PPID's superior within 30 working days."""

    class Ground(models.TextChoices):
        A = "a", _("a. the request was refused under the Pasal 17 exemptions")
        B = "b", _("b. periodic information (Pasal 9) was not provided")
        C = "c", _("c. the request was not answered")
        D = "d", _("d. the request was answered other than as requested")
        E = "e", _("e. the request was not fulfilled")
        F = "f", _("f. unreasonable fees were charged")
        G = "g", _("g. the answer came later than the law allows")

    class Status(models.TextChoices):
        FILED = "filed", _("filed")
        ANSWERED = "answered", _("answered")

    request = models.ForeignKey(
        InformationRequest, on_delete=models.CASCADE, related_name="objections"
    )
    ground = models.CharField(_("ground (Pasal 35(1))"), max_length=1, choices=Ground.choices)
    reasons = models.TextField(_("reasons"))
    ground_date = models.DateField(_("ground arose on"))
    filed_at = models.DateTimeField(_("filed"), default=timezone.now)
    due_date = models.DateField(_("answer due"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.FILED
    )
    answer = models.TextField(_("answer of the superior"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-filed_at"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")

    def __str__(self):
        return f"{self.request.registration_number} ({self.get_ground_display()})"

    def record_answer(self, answer, by=None):
        if self.status != self.Status.FILED:
            raise TransitionError(
                _("This objection has already been answered."), code="already_answered"
            )
        if not (answer or "").strip():
            raise TransitionError(_("Write the superior's answer."), code="answer_required")
        with transaction.atomic():
            self.status = self.Status.ANSWERED
            self.answer = answer
            self.answered_at = timezone.now()
            self.answered_by = by
            self.save()
            event = self.request.events.create(
                kind=RequestEvent.Kind.OBJECTION_ANSWERED,
                from_status=self.request.status,
                to_status=self.request.status,
                note=answer,
                by=by,
            )
        return event
