"""Unit-specific fields of an activity report, one table per activity type that has them (the
report itself keeps what every activity has: who, where, when, participants, public summary,
internal notes, photos, signals, approval). All of these fields are INTERNAL unless listed in the
model's `PUBLIC_FIELDS`; public pages, the API and search only ever read `PUBLIC_FIELDS`."""

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from openinfo.visits.models.reports import VisitReport

COUNT_LIMIT = [MaxValueValidator(100_000)]


class SatpamSupervision(models.Model):
    """Binkamsa: supervision of a company's security guards. Entirely internal."""

    PUBLIC_FIELDS = ()

    report = models.OneToOneField(
        VisitReport, on_delete=models.CASCADE, related_name="satpam_detail"
    )
    company = models.CharField(_("company"), max_length=160)
    site = models.CharField(_("site"), max_length=200)
    guards_count = models.PositiveIntegerField(_("security guards"), validators=COUNT_LIMIT)
    trained_count = models.PositiveIntegerField(
        _("guards with basic training (Gada Pratama)"), default=0, validators=COUNT_LIMIT
    )
    certified_count = models.PositiveIntegerField(
        _("guards with a valid membership card (KTA)"), default=0, validators=COUNT_LIMIT
    )
    findings = models.TextField(_("findings"), blank=True, help_text=_("Internal."))

    class Meta:
        verbose_name = _("Satpam supervision")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(trained_count__lte=models.F("guards_count"))
                & models.Q(certified_count__lte=models.F("guards_count")),
                name="satpam_counts_within_guards",
            )
        ]

    def __str__(self):
        return f"{self.company} · {self.site}"


class SiskamlingCheck(models.Model):
    """Binkamsa: a check of a neighbourhood-watch post. The post and whether it is active are public
    counts; findings are internal."""

    PUBLIC_FIELDS = ("post", "post_active")

    report = models.OneToOneField(
        VisitReport, on_delete=models.CASCADE, related_name="siskamling_detail"
    )
    post = models.ForeignKey(
        "openinfo.SiskamlingPost",
        on_delete=models.PROTECT,
        related_name="checks",
        verbose_name=_("Siskamling post"),
    )
    post_active = models.BooleanField(_("post active"))
    guards_on_duty = models.PositiveIntegerField(
        _("residents on watch duty"), default=0, validators=COUNT_LIMIT
    )
    findings = models.TextField(_("findings"), blank=True, help_text=_("Internal."))

    class Meta:
        verbose_name = _("Siskamling post check")

    def __str__(self):
        return str(self.post)


class FkpmMeeting(models.Model):
    """BinPolmas: a meeting of a community policing forum. Attendees by role are the report's
    participants; problems and follow-ups are internal (the public summary says what may be said)."""

    PUBLIC_FIELDS = ("forum",)

    report = models.OneToOneField(VisitReport, on_delete=models.CASCADE, related_name="fkpm_detail")
    forum = models.ForeignKey(
        "openinfo.FkpmForum",
        on_delete=models.PROTECT,
        related_name="meetings",
        verbose_name=_("FKPM forum"),
    )
    problems_raised = models.TextField(_("problems raised"), blank=True, help_text=_("Internal."))
    follow_ups = models.TextField(_("follow-ups agreed"), blank=True, help_text=_("Internal."))

    class Meta:
        verbose_name = _("FKPM meeting")

    def __str__(self):
        return str(self.forum)


class GuidanceSession(models.Model):
    """Bintibsos: a guidance session to a school, community organisation or youth group. The
    audience and the attendees are public; topics are the report's topics."""

    class Audience(models.TextChoices):
        SCHOOL = "school", _("School")
        ORGANISATION = "organisation", _("Community organisation")
        YOUTH = "youth", _("Youth group")
        OTHER = "other", _("Other")

    PUBLIC_FIELDS = ("audience_kind", "audience_name", "attendees")

    report = models.OneToOneField(
        VisitReport, on_delete=models.CASCADE, related_name="guidance_detail"
    )
    audience_kind = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    audience_name = models.CharField(_("school or organisation"), max_length=160)
    attendees = models.PositiveIntegerField(_("attendees"), validators=COUNT_LIMIT)

    class Meta:
        verbose_name = _("guidance session")

    def __str__(self):
        return self.audience_name


# activity type -> (detail model, related name on VisitReport)
DETAILS = {
    "satpam_supervision": (SatpamSupervision, "satpam_detail"),
    "siskamling_check": (SiskamlingCheck, "siskamling_detail"),
    "fkpm_meeting": (FkpmMeeting, "fkpm_detail"),
    "bintibsos_session": (GuidanceSession, "guidance_detail"),
}
