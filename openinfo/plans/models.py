"""Rencana Aksi: a plan with stages (e.g. 2, 6, 12–18 months) and targets per Satbinmas unit and area,
each measured by a metric of the fixed registry (openinfo/plans/metrics.py) — progress is always
computed from the recorded activities, never typed in. And situation mode: a period (e.g. Pilkada)
with its signal categories, summarised per kecamatan once a day while it is open (situation.py).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from openinfo.visits.models.reports import SignalCategory


class Metric(models.TextChoices):
    KELURAHAN_VISITS = "kelurahan_visits", _("Every kelurahan visited at least N times per period")
    GUIDANCE_SESSIONS = "guidance_sessions", _("N counselling or guidance sessions per period")
    SISKAMLING_CHECKS = "siskamling_checks", _("Share (%) of Siskamling posts checked per period")
    MESSAGES_ANSWERED = (
        "messages_answered",
        _("Share (%) of residents' messages answered within 2 working days"),
    )


class Granularity(models.TextChoices):
    MONTH = "month", _("per month")
    QUARTER = "quarter", _("per quarter")
    TERM = "term", _("per school term (semester)")
    STAGE = "stage", _("over the whole stage")


# Metrics whose threshold is a percentage (the others count activities).
SHARE_METRICS = frozenset({Metric.SISKAMLING_CHECKS, Metric.MESSAGES_ANSWERED})
# Metrics that measure a rate, not an amount that grows during the period (see metrics.status_for).
RATE_METRICS = frozenset({Metric.MESSAGES_ANSWERED})


class Plan(ClusterableModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        CLOSED = "closed", _("Closed")

    name = models.CharField(_("name"), max_length=160)
    description = models.TextField(_("description"), blank=True)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-start", "pk"]
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")

    def __str__(self):
        return self.name

    def clean(self):
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The end must not be before the start.")})


class Stage(Orderable):
    plan = ParentalKey(Plan, on_delete=models.CASCADE, related_name="stages")
    name = models.CharField(_("name"), max_length=120, help_text=_("E.g. “Stage 1: 2 months”."))
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))

    class Meta(Orderable.Meta):
        verbose_name = _("stage")
        verbose_name_plural = _("stages")

    def __str__(self):
        return f"{self.plan} · {self.name}" if self.plan_id else self.name

    def clean(self):
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("The end must not be before the start.")
        plan = self.plan if self.plan_id else None
        if plan and self.start and self.end and (self.start < plan.start or self.end > plan.end):
            errors["start"] = _("A stage must lie within its plan's period.")
        if errors:
            raise ValidationError(errors)


class Target(models.Model):
    stage = models.ForeignKey(
        Stage, on_delete=models.CASCADE, related_name="targets", verbose_name=_("stage")
    )
    unit = models.ForeignKey(
        "openinfo.SatbinmasUnit",
        on_delete=models.PROTECT,
        related_name="plan_targets",
        verbose_name=_("responsible unit"),
    )
    kecamatan = models.ForeignKey(
        "home.Kecamatan",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("kecamatan"),
        help_text=_("Empty: the whole city."),
    )
    kelurahan = models.ForeignKey(
        "home.Kelurahan",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("kelurahan"),
        help_text=_("Empty: every kelurahan of the kecamatan (or of the city)."),
    )
    metric = models.CharField(_("measure"), max_length=30, choices=Metric.choices)
    threshold = models.PositiveIntegerField(
        _("threshold"),
        help_text=_("N (visits or sessions per period) or a percentage for the share measures."),
    )
    granularity = models.CharField(
        _("period"), max_length=10, choices=Granularity.choices, default=Granularity.MONTH
    )
    schools_only = models.BooleanField(
        _("schools only"),
        default=False,
        help_text=_("Guidance sessions: count only Bintibsos sessions with a school audience."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["stage__plan", "stage__sort_order", "order", "pk"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")

    def __str__(self):
        return f"{self.get_metric_display()} ({self.threshold}) · {self.unit} · {self.area_label}"

    def save(self, *args, **kwargs):
        if self.kelurahan_id and not self.kecamatan_id:
            self.kecamatan_id = self.kelurahan.kecamatan_id
        super().save(*args, **kwargs)

    @property
    def area_label(self):
        if self.kelurahan_id:
            return self.kelurahan.name
        if self.kecamatan_id:
            return self.kecamatan.name
        return str(_("whole city"))

    def clean(self):
        errors = {}
        if self.metric in SHARE_METRICS and self.threshold is not None and self.threshold > 100:
            errors["threshold"] = _("A share cannot be more than 100%.")
        if self.threshold == 0:
            errors["threshold"] = _("The threshold must be at least 1.")
        if (
            self.kelurahan_id
            and self.kecamatan_id
            and self.kelurahan.kecamatan_id != self.kecamatan_id
        ):
            errors["kelurahan"] = _("This kelurahan is not in the chosen kecamatan.")
        if self.schools_only and self.metric != Metric.GUIDANCE_SESSIONS:
            errors["schools_only"] = _("Only guidance sessions have a school audience.")
        if errors:
            raise ValidationError(errors)


class SituationPeriod(models.Model):
    """An election (or other) period in which leadership wants a daily situation summary."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    name = models.CharField(_("name"), max_length=120, help_text=_("E.g. “Pilkada 2026”."))
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    categories = models.JSONField(
        _("signal categories"),
        default=list,
        help_text=_("The early-warning categories the summary counts."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start", "pk"]
        verbose_name = _("situation period")
        verbose_name_plural = _("situation periods")

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("The end must not be before the start.")
        unknown = [c for c in (self.categories or []) if c not in SignalCategory.values]
        if unknown or not self.categories:
            errors["categories"] = _("Choose at least one known signal category.")
        if errors:
            raise ValidationError(errors)

    def is_running(self, day):
        return self.status == self.Status.OPEN and self.start <= day <= self.end

    def category_labels(self):
        labels = dict(SignalCategory.choices)
        return [str(labels[c]) for c in self.categories if c in labels]


class SituationDigest(models.Model):
    """The record that a period's summary for a day was sent: one per period and day (idempotency)."""

    period = models.ForeignKey(SituationPeriod, on_delete=models.CASCADE, related_name="digests")
    day = models.DateField()
    recipients = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["period", "day"], name="situation_digest_once_a_day")
        ]

    def __str__(self):
        return f"{self.period} · {self.day}"
