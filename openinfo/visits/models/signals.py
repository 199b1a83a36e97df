"""Early-warning signals (deteksi dini) and their follow-up history. Internal.

A signal is noted on a visit report (`report`), filed by an officer on its own from the field app
(`officer`, no report: `file_standalone`), or converted from a resident's message (neither)."""

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.models import Orderable

from core.errors import TransitionError
from openinfo.visits.models.reports import (
    Severity,
    SignalCategory,
    SignalStatus,
    VisitReport,
    VisitStatus,
)


class EarlyWarningSignal(Orderable):
    """Deteksi dini: an internal signal noted on a visit, followed until resolved."""

    # None for a signal filed on its own (`officer` set) or converted from a resident's message
    # (openinfo.reports: `resident_message`).
    report = ParentalKey(
        VisitReport, on_delete=models.CASCADE, related_name="signals", null=True, blank=True
    )
    category = models.CharField(_("category"), max_length=20, choices=SignalCategory.choices)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    description = models.TextField(
        _("internal description"), help_text=_("Internal, never published.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=SignalStatus.choices, default=SignalStatus.OPEN
    )
    # Copied from the report (kept in step by VisitReport.save) so the dashboard needs no join.
    kecamatan = models.ForeignKey(
        "home.Kecamatan", null=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    kelurahan = models.ForeignKey(
        "home.Kelurahan", null=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    unit = models.ForeignKey(
        "home.PoliceUnit", null=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    observed_on = models.DateField(null=True, editable=False)
    # The officer who filed a signal on its own (field app); None for signals of a report (the
    # report's officer) and for those converted from a resident's message.
    officer = models.ForeignKey(
        "home.Officer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="filed_signals",
        editable=False,
        verbose_name=_("filed by"),
    )
    reported = models.BooleanField(
        default=False,
        editable=False,
        help_text="The report is submitted or approved (drafts do not count).",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status_changed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta(Orderable.Meta):
        verbose_name = _("early-warning signal")
        verbose_name_plural = _("early-warning signals")
        indexes = [
            models.Index(fields=["reported", "status", "observed_on"], name="signal_status_date"),
        ]

    def __str__(self):
        return f"{self.get_category_display()} ({self.get_severity_display()}) · {self.get_status_display()}"

    @property
    def is_standalone(self):
        """Filed by an officer on its own, without a visit report."""
        return self.report_id is None and self.officer_id is not None

    @classmethod
    @transaction.atomic
    def file_standalone(
        cls, *, officer, kelurahan, category, severity, description, user=None, observed_at=None
    ):
        """An officer's signal without a visit report (field app): filed at once (`reported`), in
        the officer's unit, for a kelurahan the caller has checked is the officer's own."""
        observed_at = observed_at or timezone.now()
        signal = cls(
            report=None,
            officer=officer,
            category=category,
            severity=severity,
            description=description.strip(),
            kecamatan_id=kelurahan.kecamatan_id,
            kelurahan=kelurahan,
            unit_id=officer.unit_id,
            observed_on=timezone.localtime(observed_at).date(),
            reported=True,
        )
        signal._changed_by = user if getattr(user, "is_authenticated", False) else None
        signal.save()
        return signal

    @transaction.atomic
    def change_status(self, status, user=None, note=""):
        """Follow-up by a supervisor (admin review screen) or the field API: set the status and record
        it in the history with the note. A note without a change of status is recorded too; returns
        False when there was nothing to record."""
        if status not in SignalStatus.values:
            message = _("Unknown signal status.")
            raise TransitionError(
                message, code="validation_error", status=400, fields={"status": [str(message)]}
            )
        note = (note or "").strip()
        user = user if getattr(user, "is_authenticated", False) else None
        current = (
            EarlyWarningSignal.objects.select_for_update()
            .values_list("status", flat=True)
            .get(pk=self.pk)
        )
        if current == status:
            self.status = status
            if not note:
                return False
            SignalStatusChange.objects.create(
                signal=self, from_status=current, to_status=status, changed_by=user, note=note
            )
            return True
        self.status = status
        self._changed_by, self._change_note = user, note
        self.save()
        return True

    def save(self, *args, **kwargs):
        previous = None
        if self.pk:
            previous = (
                EarlyWarningSignal.objects.filter(pk=self.pk)
                .values_list("status", flat=True)
                .first()
            )
        report = self.report
        if report is not None:  # a signal from a resident's message carries its own area and date
            self.kecamatan_id, self.kelurahan_id = report.kecamatan_id, report.kelurahan_id
            self.unit_id, self.observed_on = report.unit_id, report.visit_date
            self.reported = report.status in (VisitStatus.SUBMITTED, VisitStatus.APPROVED)
        if previous != self.status:
            self.status_changed_at = timezone.now()
        super().save(*args, **kwargs)
        if previous != self.status:
            SignalStatusChange.objects.create(
                signal=self,
                from_status=previous or "",
                to_status=self.status,
                changed_by=getattr(self, "_changed_by", None),
                note=getattr(self, "_change_note", ""),
            )


class SignalStatusChange(models.Model):
    signal = models.ForeignKey(EarlyWarningSignal, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10, choices=SignalStatus.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["changed_at", "pk"]
        verbose_name = _("signal status change")

    def __str__(self):
        return f"{self.from_status or '-'} -> {self.to_status}"

    def get_from_status_display(self):
        return dict(SignalStatus.choices).get(self.from_status, self.from_status)
