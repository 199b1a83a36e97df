"""Aggregates for the dashboard and the public counts, kept exact by openinfo/visits/aggregates.py."""

from django.db import models

from openinfo.satbinmas.units import INTERNAL_ACTIVITY_TYPES
from openinfo.visits.models.reports import ActivityType


class VisitDailyStatQuerySet(models.QuerySet):
    def public(self):
        """Counts that may be shown to the public: not the internal activity types."""
        return self.exclude(activity_type__in=INTERNAL_ACTIVITY_TYPES)


class VisitDailyStat(models.Model):
    """Approved visits per day, kelurahan, officer and activity type."""

    day = models.DateField()
    kecamatan = models.ForeignKey("home.Kecamatan", on_delete=models.CASCADE, related_name="+")
    kelurahan = models.ForeignKey("home.Kelurahan", on_delete=models.CASCADE, related_name="+")
    officer = models.ForeignKey("home.Officer", on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey("home.PoliceUnit", on_delete=models.CASCADE, related_name="+")
    activity_type = models.CharField(max_length=20, choices=ActivityType.choices)
    visits = models.PositiveIntegerField(default=0)
    participants = models.PositiveIntegerField(default=0)

    objects = VisitDailyStatQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "kelurahan", "officer", "activity_type"],
                name="visitdailystat_bucket",
            ),
        ]
        indexes = [
            models.Index(fields=["day", "kecamatan"], name="visitstat_day_kec"),
            models.Index(fields=["kelurahan", "day"], name="visitstat_kel_day"),
        ]

    def __str__(self):
        return f"{self.day} {self.kelurahan_id} {self.activity_type}: {self.visits}"


class VisitTopicDailyStat(models.Model):
    """Approved visits per day, kelurahan and counselling topic delivered."""

    day = models.DateField()
    kecamatan = models.ForeignKey("home.Kecamatan", on_delete=models.CASCADE, related_name="+")
    kelurahan = models.ForeignKey("home.Kelurahan", on_delete=models.CASCADE, related_name="+")
    topic = models.ForeignKey("counselling.Topic", on_delete=models.CASCADE, related_name="+")
    visits = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "kelurahan", "topic"], name="visittopicstat_bucket"
            ),
        ]
        indexes = [models.Index(fields=["day", "kecamatan"], name="topicstat_day_kec")]

    def __str__(self):
        return f"{self.day} {self.kelurahan_id} topic {self.topic_id}: {self.visits}"
