"""Unit-specific fields of an activity report, one table per activity type that has them (the
report itself keeps what every activity has: who, where, when, participants, public summary,
internal notes, photos, signals, approval). All of these fields are INTERNAL unless listed in the
model's `PUBLIC_FIELDS`; public pages, the API and search only ever read `PUBLIC_FIELDS`."""

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from openinfo.visits.models.reports import DETAIL_RELATED_NAMES, VisitReport

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
assert {kind: related for kind, (_m, related) in DETAILS.items()} == DETAIL_RELATED_NAMES


def input_fields(model):
    """The fields an officer fills in for a detail model (everything but the report link)."""
    return [
        field.name
        for field in model._meta.get_fields()
        if field.concrete and not field.auto_created and field.name != "report"
    ]


def check_details(activity_type, values, kelurahan):
    """The rules across fields and across tables that field validators cannot know: counts within
    the number of guards; the Siskamling post / FKPM forum in the report's kelurahan and still in
    use. Returns {field: [message]} (empty when all is well). Used by the field API and the admin
    form alike."""
    errors = {}
    if activity_type == "satpam_supervision":
        guards = values.get("guards_count")
        for name in ("trained_count", "certified_count"):
            if guards is not None and (values.get(name) or 0) > guards:
                errors[name] = [_("Cannot be more than the number of security guards.")]
    elif activity_type == "siskamling_check":
        post = values.get("post")
        if post is not None and kelurahan is not None and post.kelurahan_id != kelurahan.pk:
            errors["post"] = [_("This Siskamling post is not in the report's kelurahan.")]
        elif post is not None and post.retired:
            errors["post"] = [_("This Siskamling post no longer exists.")]
    elif activity_type == "fkpm_meeting":
        forum = values.get("forum")
        if forum is not None and kelurahan is not None and forum.kelurahan_id != kelurahan.pk:
            errors["forum"] = [_("This FKPM forum is not in the report's kelurahan.")]
        elif forum is not None and not forum.active:
            errors["forum"] = [_("This FKPM forum is no longer active.")]
    return errors


def save_details(report, values):
    """Store the detail row of the report's activity type (`values`: validated input; None keeps
    the row as it is) and remove any row of another type (the type was changed). Call inside the
    report's transaction."""
    for kind, (model, _related) in DETAILS.items():
        if kind != report.activity_type:
            model.objects.filter(report=report).delete()
    if report.activity_type in DETAILS and values is not None:
        model, related = DETAILS[report.activity_type]
        # Sent whole: a field left out takes its default (a replaced check keeps no old findings).
        defaults = {
            name: values[name] if name in values else model._meta.get_field(name).get_default()
            for name in input_fields(model)
        }
        model.objects.update_or_create(report=report, defaults=defaults)
        report._state.fields_cache.pop(related, None)
