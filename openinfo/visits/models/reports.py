"""Sambang visit reports, their participants, photos and early-warning signals (DESIGN §4-6).

Lifecycle: draft -> submitted -> approved (public) | returned (back to the officer) -> submitted ...
Only `VisitReport.PUBLIC_FIELDS` of approved reports ever leave the building (pages, API, search,
exports for the public); personal data (participant names, internal notes, signal descriptions,
photos, RT) stays in internal fields.
"""

import re
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable, RevisionMixin

from core.errors import TransitionError
from core.redaction import find_personal_data, findings_message
from openinfo.satbinmas import roles
from openinfo.satbinmas.models import SatbinmasUnit
from openinfo.satbinmas.units import (
    INTERNAL_ACTIVITY_TYPES,
    is_public_activity,
    unit_for_activity,
)

MAX_DURATION_MINUTES = 12 * 60
FUTURE_TOLERANCE = timedelta(minutes=5)

# activity type -> the related name of its unit-specific detail row (openinfo/visits/models/
# details.py, whose DETAILS map names the same; a report of these types needs its detail row).
DETAIL_RELATED_NAMES = {
    "satpam_supervision": "satpam_detail",
    "siskamling_check": "siskamling_detail",
    "fkpm_meeting": "fkpm_detail",
    "bintibsos_session": "guidance_detail",
}


class ActivityType(models.TextChoices):
    SAMBANG = "sambang", _("Sambang (visit)")
    DDS = "dds", _("DDS (door-to-door system)")
    PATROLI_DIALOGIS = "patroli_dialogis", _("Dialogue patrol (patroli dialogis)")
    PENYULUHAN = "penyuluhan", _("Counselling talk (penyuluhan/binluh)")
    PROBLEM_SOLVING = "problem_solving", _("Problem solving (FKPM)")
    KOORDINASI_3PILAR = "koordinasi_3pilar", _("3-pilar coordination")
    # The other Satbinmas units' activities (openinfo/satbinmas/units.py says which unit records
    # which type, and which types are never public).
    SATPAM_SUPERVISION = "satpam_supervision", _("Satpam supervision (Binkamsa)")
    SISKAMLING_CHECK = "siskamling_check", _("Siskamling post check (Binkamsa)")
    FKPM_MEETING = "fkpm_meeting", _("FKPM meeting (BinPolmas)")
    BINTIBSOS_SESSION = "bintibsos_session", _("Guidance session (Bintibsos)")
    OPS_PLANNING = "ops_planning", _("Operations planning (Urbin Opsnal)")
    ADMINISTRATION = "administration", _("Administration (Urmintu)")


class ParticipantRole(models.TextChoices):
    TOKOH_AGAMA = "tokoh_agama", _("Religious leaders")
    TOKOH_MASYARAKAT = "tokoh_masyarakat", _("Community leaders")
    TOKOH_PEMUDA = "tokoh_pemuda", _("Youth leaders")
    PELAJAR = "pelajar", _("Students")
    WARGA = "warga", _("Residents")
    PEDAGANG = "pedagang", _("Traders")
    BABINSA = "babinsa", _("Babinsa")
    LURAH = "lurah", _("Lurah and kelurahan staff")
    KETUA_RT_RW = "ketua_rt_rw", _("RT/RW heads")
    LAINNYA = "lainnya", _("Others")


class SignalCategory(models.TextChoices):
    KONFLIK_SOSIAL = "konflik_sosial", _("Social conflict")
    NARKOBA = "narkoba", _("Narcotics")
    TAWURAN = "tawuran", _("Brawls / motorcycle gangs")
    PREMANISME = "premanisme", _("Thuggery / illegal levies")
    POLITIK = "politik", _("Politics / elections")
    BENCANA = "bencana", _("Disaster / fire")
    RADIKALISME = "radikalisme", _("Radicalism")
    KRIMINALITAS = "kriminalitas", _("Crime trend")


class Severity(models.TextChoices):
    RENDAH = "rendah", _("Low")
    SEDANG = "sedang", _("Medium")
    TINGGI = "tinggi", _("High")


class SignalStatus(models.TextChoices):
    OPEN = "open", _("Open")
    MONITORED = "monitored", _("Monitored")
    RESOLVED = "resolved", _("Resolved")


class VisitStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for approval")
    APPROVED = "approved", _("Approved (public)")
    RETURNED = "returned", _("Returned to the officer")


class VisitReportQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=VisitStatus.APPROVED)

    def published(self):
        """Approved reports of the activity types that have a public side (never Satpam supervision
        or internal planning/administration: `openinfo.satbinmas.units.INTERNAL_ACTIVITY_TYPES`)."""
        return self.approved().exclude(activity_type__in=INTERNAL_ACTIVITY_TYPES)

    def public(self):
        """Published reports with what their public representation needs, in a constant number of queries."""
        return (
            self.published()
            .select_related(
                "kelurahan__kecamatan",
                "officer",
                "siskamling_detail__post",
                "fkpm_detail__forum",
                "guidance_detail",
            )
            .prefetch_related("participants", "topics", "articles")
        )


class VisitReport(RevisionMixin, ClusterableModel):
    """One field activity by a Bhabinkamtibmas. Approved reports are immutable (a new report corrects one)."""

    # The fields that may be shown to the public (pages, /api/v1/visits/, search). Everything
    # else (internal_notes, participant_names, rt, follow_up_actions, photos, signals) is internal.
    PUBLIC_FIELDS = (
        "id",
        "activity_type",
        "started_at",
        "duration_minutes",
        "kecamatan",
        "kelurahan",
        "rw",
        "participants (role and count)",
        "topics",
        "articles",
        "public_summary",
        "officer",
        "approved_at",
    )
    EDITABLE_STATUSES = (VisitStatus.DRAFT, VisitStatus.RETURNED)

    officer = models.ForeignKey(
        "home.Officer",
        on_delete=models.PROTECT,
        related_name="visit_reports",
        verbose_name=_("officer"),
    )
    unit = models.ForeignKey(
        "home.PoliceUnit",
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name=_("unit"),
        help_text=_("The officer's unit when the report was made."),
    )
    satbinmas_unit = models.ForeignKey(
        "openinfo.SatbinmasUnit",
        null=True,
        on_delete=models.PROTECT,
        related_name="activity_reports",
        editable=False,
        verbose_name=_("Satbinmas unit"),
        help_text=_("The Satbinmas unit that records this activity type."),
    )
    kelurahan = models.ForeignKey(
        "home.Kelurahan",
        on_delete=models.PROTECT,
        related_name="visit_reports",
        verbose_name=_("kelurahan"),
    )
    kecamatan = models.ForeignKey(
        "home.Kecamatan",
        on_delete=models.PROTECT,
        related_name="visit_reports",
        editable=False,
        verbose_name=_("kecamatan"),
    )
    rw = models.CharField(_("RW"), max_length=10, blank=True)
    rt = models.CharField(_("RT"), max_length=10, blank=True, help_text=_("Internal."))
    activity_type = models.CharField(
        _("activity type"), max_length=20, choices=ActivityType.choices
    )
    started_at = models.DateTimeField(_("start time"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_DURATION_MINUTES)],
    )
    visit_date = models.DateField(_("visit date"), editable=False, db_index=False)
    topics = ParentalManyToManyField(
        "counselling.Topic",
        blank=True,
        related_name="visit_reports",
        verbose_name=_("topics delivered"),
    )
    articles = ParentalManyToManyField(
        "counselling.CounsellingArticlePage",
        blank=True,
        related_name="visit_reports",
        verbose_name=_("articles or leaflets handed out"),
    )
    public_summary = models.TextField(
        _("public summary"),
        blank=True,
        help_text=_("Published after approval. No names, NIK, phone numbers or e-mail addresses."),
    )
    internal_notes = models.TextField(
        _("internal notes"), blank=True, help_text=_("Never published.")
    )
    participant_names = models.TextField(
        _("participant names (internal)"),
        blank=True,
        help_text=_(
            "One per line, only if needed. Never published; the public summary is checked against them."
        ),
    )
    follow_up_actions = models.TextField(
        _("follow-up actions"), blank=True, help_text=_("Internal.")
    )
    participant_total = models.PositiveIntegerField(_("participants"), default=0, editable=False)

    status = models.CharField(
        _("status"),
        max_length=10,
        choices=VisitStatus.choices,
        default=VisitStatus.DRAFT,
        editable=False,
    )
    review_comment = models.TextField(_("supervisor's comment"), blank=True, editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True, editable=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        verbose_name=_("reviewed by"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)

    objects = VisitReportQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("visit report")
        verbose_name_plural = _("visit reports")
        permissions = [
            ("review_visitreport", "Can approve or return visit reports of own unit"),
            ("view_visit_dashboard", "Can view the leadership dashboard"),
        ]
        indexes = [
            models.Index(fields=["status", "visit_date"], name="visit_status_date"),
            models.Index(fields=["officer", "status"], name="visit_officer_status"),
            models.Index(fields=["unit", "status"], name="visit_unit_status"),
            models.Index(
                fields=["kelurahan", "status", "-started_at"], name="visit_kel_status_start"
            ),
            # Plan progress per activity type (openinfo/plans/metrics.py: Siskamling checks,
            # guidance sessions) over a period: bench/dashboard.py, 1M reports.
            models.Index(
                fields=["activity_type", "status", "visit_date"], name="visit_type_status_date"
            ),
        ]

    def __str__(self):
        when = (
            timezone.localtime(self.started_at).strftime("%Y-%m-%d %H:%M")
            if self.started_at
            else "?"
        )
        return (
            f"{self.get_activity_type_display()} · {getattr(self.kelurahan, 'name', '?')} · {when}"
        )

    # -- bookkeeping -------------------------------------------------------------------------
    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_bucket = instance.stat_bucket()
        instance._satbinmas_code = unit_for_activity(instance.activity_type)
        return instance

    def stat_bucket(self):
        return (
            self.status,
            self.visit_date,
            self.kelurahan_id,
            self.officer_id,
            self.activity_type,
        )

    def clean(self):
        errors = {}
        if self.started_at and self.started_at > timezone.now() + FUTURE_TOLERANCE:
            errors["started_at"] = _("The start time cannot be in the future.")
        if (
            self.duration_minutes is not None
            and not 1 <= self.duration_minutes <= MAX_DURATION_MINUTES
        ):
            errors["duration_minutes"] = _(
                "The duration must be between 1 and %(max)d minutes."
            ) % {"max": MAX_DURATION_MINUTES}
        if (
            self.officer_id
            and self.kelurahan_id
            and not roles.may_file_in(self.officer, self.kelurahan)
        ):
            errors["kelurahan"] = _("This kelurahan is not assigned to the officer.")
        if (
            self.officer_id
            and self.activity_type
            and not roles.may_file_type(self.officer, self.activity_type)
        ):
            errors["activity_type"] = _("This activity type is recorded by another unit.")
        if (
            self.pk
            and self.activity_type in DETAIL_RELATED_NAMES
            and self.detail() is None
            and not getattr(self, "_details_pending", False)  # the admin form saves them next
        ):
            errors["details"] = _("The details of this activity are required.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if self.kelurahan_id:
            self.kecamatan_id = self.kelurahan.kecamatan_id
        if self.officer_id and not self.unit_id:
            self.unit_id = self.officer.unit_id
        if self.activity_type and (
            self.satbinmas_unit_id is None
            or getattr(self, "_satbinmas_code", None) != unit_for_activity(self.activity_type)
        ):
            self._set_satbinmas_unit()
        if self.started_at:
            self.visit_date = timezone.localtime(self.started_at).date()
        if hasattr(self, "participants"):
            self.participant_total = sum(p.count or 0 for p in self.participants.all())
        with transaction.atomic():
            # post_save receivers (openinfo/visits/receivers.py) keep the signals' copied fields and
            # the daily aggregates in step, inside this transaction.
            super().save(*args, **kwargs)

    def _set_satbinmas_unit(self):
        code = unit_for_activity(self.activity_type)
        self.satbinmas_unit_id = (
            SatbinmasUnit.objects.filter(code=code).values_list("pk", flat=True).first()
        )
        self._satbinmas_code = code

    @property
    def is_public_type(self):
        return is_public_activity(self.activity_type)

    # -- unit-specific details ---------------------------------------------------------------
    def detail(self):
        """The detail row of this report's activity type (details.py), or None."""
        related = DETAIL_RELATED_NAMES.get(self.activity_type)
        if related is None or self.pk is None:
            return None
        try:
            return getattr(self, related)
        except ObjectDoesNotExist:
            return None

    def public_details(self):
        """The detail row's PUBLIC_FIELDS only ({} when the type has none), None when the report
        has no detail row or is of an internal type. Related rows give their name; choices also
        their label."""
        if not self.is_public_type:
            return None
        detail = self.detail()
        if detail is None:
            return None
        data = {}
        for name in type(detail).PUBLIC_FIELDS:
            field = type(detail)._meta.get_field(name)
            value = getattr(detail, name)
            if field.is_relation:
                value = value.name if value is not None else None
            data[name] = value
            if field.choices:
                data[f"{name}_label"] = str(getattr(detail, f"get_{name}_display")())
        return data

    def public_detail_texts(self):
        return [value for value in (self.public_details() or {}).values() if isinstance(value, str)]

    # -- lifecycle ---------------------------------------------------------------------------
    @property
    def is_editable(self):
        return self.status in self.EDITABLE_STATUSES

    def _record(self, action, user, from_status, comment=""):
        VisitTransition.objects.create(
            report=self,
            action=action,
            from_status=from_status,
            to_status=self.status,
            user=user if getattr(user, "is_authenticated", False) else None,
            comment=comment,
        )
        self.save_revision(
            user=user if getattr(user, "is_authenticated", False) else None,
            log_action=False,
            clean=False,
        )

    def _require_status(self, allowed, verb):
        if self.status not in allowed:
            raise TransitionError(
                _("Cannot %(verb)s a report that is %(status)s.")
                % {"verb": verb, "status": self.get_status_display().lower()}
            )

    def _require_summary(self):
        if not self.public_summary.strip():
            raise TransitionError(
                _("A public summary is required."),
                code="validation_error",
                status=400,
                fields={"public_summary": [str(_("A public summary is required."))]},
            )

    @transaction.atomic
    def submit(self, user):
        locked = VisitReport.objects.select_for_update().get(pk=self.pk)
        self.status = locked.status
        self._require_status(self.EDITABLE_STATUSES, _("submit"))
        self._require_summary()
        try:
            self.full_clean()
        except ValidationError as exc:
            raise TransitionError(
                _("The report is not valid."),
                code="validation_error",
                status=400,
                fields={k: [str(m) for m in v] for k, v in exc.message_dict.items()},
            ) from exc
        previous = self.status
        self.status = VisitStatus.SUBMITTED
        self.submitted_at = timezone.now()
        self.save()
        self._record("submit", user, previous)

    @transaction.atomic
    def approve(self, user, comment=""):
        locked = VisitReport.objects.select_for_update().get(pk=self.pk)
        self.status = locked.status
        self._require_status([VisitStatus.SUBMITTED], _("approve"))
        self._require_summary()
        findings = find_personal_data(self.public_summary, self.participant_name_list())
        if findings:
            message = findings_message(findings)
            raise TransitionError(
                message,
                code="personal_data_in_summary",
                status=400,
                fields={"public_summary": [str(message)]},
            )
        # The public detail texts (e.g. a Bintibsos audience's name) are published too.
        findings = find_personal_data(
            "\n".join(self.public_detail_texts()), self.participant_name_list()
        )
        if findings:
            message = findings_message(findings)
            raise TransitionError(
                message,
                code="personal_data_in_summary",
                status=400,
                fields={"details": [str(message)]},
            )
        self.status = VisitStatus.APPROVED
        self.approved_at = timezone.now()
        self.reviewed_by = user if getattr(user, "is_authenticated", False) else None
        self.review_comment = comment
        self.save()
        self._record("approve", user, VisitStatus.SUBMITTED, comment)

    @transaction.atomic
    def return_with_comment(self, user, comment):
        if not (comment or "").strip():
            raise TransitionError(
                _("A comment is required when returning a report."),
                code="validation_error",
                status=400,
                fields={"comment": [str(_("A comment is required when returning a report."))]},
            )
        locked = VisitReport.objects.select_for_update().get(pk=self.pk)
        self.status = locked.status
        self._require_status([VisitStatus.SUBMITTED], _("return"))
        self.status = VisitStatus.RETURNED
        self.review_comment = comment
        self.reviewed_by = user if getattr(user, "is_authenticated", False) else None
        self.save()
        self._record("return", user, VisitStatus.SUBMITTED, comment)

    # -- public representation -----------------------------------------------------------------
    def participant_name_list(self):
        return [
            name.strip()
            for name in re.split(r"[\n,;]+", self.participant_names or "")
            if name.strip()
        ]

    def public_participants(self):
        return [
            {"role": p.role, "label": str(p.get_role_display()), "count": p.count}
            for p in self.participants.all()
        ]

    def public_document(self):
        """The public fields of an approved report (for search adapters and exports); None otherwise."""
        if self.status != VisitStatus.APPROVED or not self.is_public_type:
            return None
        return {
            "id": self.pk,
            "activity_type": self.activity_type,
            "activity_type_label": str(self.get_activity_type_display()),
            "started_at": self.started_at,
            "duration_minutes": self.duration_minutes,
            "kecamatan": self.kelurahan.kecamatan.name,
            "kelurahan": self.kelurahan.name,
            "kelurahan_code": self.kelurahan.code,
            "rw": self.rw,
            "participants": self.public_participants(),
            "topics": [t.name for t in self.topics.all()],
            "public_summary": self.public_summary,
            "officer": str(self.officer),
            "approved_at": self.approved_at,
            "details": self.public_details(),
        }

    def get_public_url(self):
        return reverse(
            "visits:kelurahan", args=[self.kelurahan.kecamatan.slug, self.kelurahan.slug]
        )


class VisitParticipant(Orderable):
    report = ParentalKey(VisitReport, on_delete=models.CASCADE, related_name="participants")
    role = models.CharField(_("role"), max_length=20, choices=ParticipantRole.choices)
    count = models.PositiveIntegerField(
        _("count"), validators=[MinValueValidator(1), MaxValueValidator(5000)]
    )

    class Meta(Orderable.Meta):
        verbose_name = _("participants")


def _photo_path(instance, filename):
    return f"visits/{timezone.now():%Y/%m}/{filename}"


class VisitPhoto(Orderable):
    """Stored only after EXIF removal and re-encoding (openinfo/visits/images.py). Internal."""

    report = ParentalKey(VisitReport, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(
        _("photo"), upload_to=_photo_path, width_field="width", height_field="height"
    )
    medium = models.ImageField(_("medium rendition"), upload_to=_photo_path, blank=True)
    thumbnail = models.ImageField(_("thumbnail"), upload_to=_photo_path, blank=True)
    width = models.PositiveIntegerField(default=0, editable=False)
    height = models.PositiveIntegerField(default=0, editable=False)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    sha256 = models.CharField(max_length=64, editable=False, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta(Orderable.Meta):
        verbose_name = _("photo")


class VisitTransition(models.Model):
    """Who moved a report through its lifecycle, when, and with what comment."""

    report = models.ForeignKey(VisitReport, on_delete=models.CASCADE, related_name="transitions")
    action = models.CharField(max_length=10)
    from_status = models.CharField(max_length=10)
    to_status = models.CharField(max_length=10)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    comment = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.action}: {self.from_status} -> {self.to_status}"


__all__ = [
    "ActivityType",
    "ParticipantRole",
    "SignalCategory",
    "Severity",
    "SignalStatus",
    "VisitStatus",
    "TransitionError",
    "VisitReport",
    "VisitParticipant",
    "VisitPhoto",
    "VisitTransition",
    "MAX_DURATION_MINUTES",
    "FUTURE_TOLERANCE",
    "DETAIL_RELATED_NAMES",
]
