"""Alerts for high-severity early-warning signals (one row per signal and recipient: the in-admin
notification list) and the private GPS point an officer may attach to a visit report."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SignalAlert(models.Model):
    signal = models.ForeignKey(
        "openinfo.EarlyWarningSignal",
        on_delete=models.CASCADE,
        related_name="alerts",
        verbose_name=_("signal"),
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="signal_alerts",
        verbose_name=_("recipient"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("signal alert")
        verbose_name_plural = _("signal alerts")
        constraints = [
            models.UniqueConstraint(fields=["signal", "recipient"], name="signalalert_once"),
        ]

    def __str__(self):
        return f"{self.signal} → {self.recipient}"


class VisitLocation(models.Model):
    """Where the officer stood (phone GPS). Internal: nothing finer than the kelurahan is public."""

    report = models.OneToOneField(
        "openinfo.VisitReport",
        on_delete=models.CASCADE,
        related_name="location",
        verbose_name=_("visit report"),
    )
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6)
    accuracy_m = models.PositiveIntegerField(_("accuracy (m)"))
    recorded_at = models.DateTimeField(_("recorded at"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("visit location (internal)")
        verbose_name_plural = _("visit locations (internal)")

    def __str__(self):
        return f"{self.latitude}, {self.longitude} (±{self.accuracy_m} m)"
