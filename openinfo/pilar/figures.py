"""What a 3 Pilar partner sees for one kelurahan: counts and public fields only.

Built from the same public querysets the public site uses (`VisitReport.objects.public()`,
`VisitDailyStat.objects.public()`), plus open early-warning signals as counts by category — never
their descriptions, the officer who filed them, or the report they came from."""

from datetime import timedelta

from django.db.models import Count, Q, Sum

from openinfo.models import (
    ActivityType,
    EarlyWarningSignal,
    SignalCategory,
    SignalStatus,
    VisitDailyStat,
    VisitReport,
)
from openinfo.pilar.models import JOINT_PARTICIPANT_ROLE
from openinfo.ppid.models.calendar import local_today

PERIOD_DAYS = 90
SUMMARIES = 20
OPEN_SIGNAL_STATUSES = (SignalStatus.OPEN, SignalStatus.MONITORED)


def activity_counts(kelurahan_ids, since):
    """{kelurahan id: {"total", "participants", "by_type": [(label, count)]}} for approved public
    activities since `since` (one query)."""
    rows = (
        VisitDailyStat.objects.public()
        .filter(kelurahan_id__in=kelurahan_ids, day__gte=since)
        .values("kelurahan_id", "activity_type")
        .annotate(visits=Sum("visits"), participants=Sum("participants"))
        .order_by("kelurahan_id", "activity_type")
    )
    labels = dict(ActivityType.choices)
    result = {pk: {"total": 0, "participants": 0, "by_type": []} for pk in kelurahan_ids}
    for row in rows:
        entry = result[row["kelurahan_id"]]
        entry["total"] += row["visits"]
        entry["participants"] += row["participants"]
        entry["by_type"].append(
            (labels.get(row["activity_type"], row["activity_type"]), row["visits"])
        )
    return result


def open_signal_counts(kelurahan_ids):
    """{kelurahan id: [(category label, count)]}: open or monitored signals of submitted work."""
    rows = (
        EarlyWarningSignal.objects.filter(
            kelurahan_id__in=kelurahan_ids, reported=True, status__in=OPEN_SIGNAL_STATUSES
        )
        .values("kelurahan_id", "category")
        .annotate(count=Count("pk"))
        .order_by("kelurahan_id", "category")
    )
    labels = dict(SignalCategory.choices)
    result = {pk: [] for pk in kelurahan_ids}
    for row in rows:
        result[row["kelurahan_id"]].append((labels[row["category"]], row["count"]))
    return result


def public_summaries(kelurahan, role, limit=SUMMARIES):
    """(latest public summaries, joint activities): the public fields of approved public
    activities in the kelurahan; joint ones had a participant of the partner's own role or were a
    3-pilar coordination."""
    reports = (
        VisitReport.objects.public().filter(kelurahan=kelurahan).order_by("-started_at", "-pk")
    )
    joint_role = JOINT_PARTICIPANT_ROLE.get(role)
    joint_filter = Q(activity_type=ActivityType.KOORDINASI_3PILAR)
    if joint_role:
        joint_filter |= Q(participants__role=joint_role)
    joint = reports.filter(
        pk__in=VisitReport.objects.published()
        .filter(kelurahan=kelurahan)
        .filter(joint_filter)
        .values("pk")
    )
    return (
        [report.public_document() for report in reports[:limit]],
        [report.public_document() for report in joint[:limit]],
    )


def since_date(days=PERIOD_DAYS):
    return local_today() - timedelta(days=days)
