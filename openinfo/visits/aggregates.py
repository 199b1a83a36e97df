"""Daily aggregate tables behind the dashboard and the public counts, kept exact on every change.

A bucket is recomputed from the source rows (never incremented), so a retry, a deletion or a
status change can never make it drift. `rebuild_all()` recomputes everything (used by the demo
and the benchmark after bulk loads).
"""

from django.db import connection, transaction
from django.db.models import Count, Sum

from openinfo.visits.models.reports import VisitReport, VisitStatus
from openinfo.visits.models.stats import VisitDailyStat, VisitTopicDailyStat


def refresh_for_buckets(buckets):
    """buckets: (status, day, kelurahan_id, officer_id, activity_type) tuples, old and new."""
    seen = set()
    touched = [b for b in buckets if b is not None]
    if not any(b[0] == VisitStatus.APPROVED for b in touched):
        return
    for _status, day, kelurahan_id, officer_id, activity_type in touched:
        key = (day, kelurahan_id, officer_id, activity_type)
        if key in seen or None in key:
            continue
        seen.add(key)
        _refresh_visit_bucket(day, kelurahan_id, officer_id, activity_type)
    for day, kelurahan_id in {(k[0], k[1]) for k in seen}:
        _refresh_topic_bucket(day, kelurahan_id)


def _refresh_visit_bucket(day, kelurahan_id, officer_id, activity_type):
    rows = (
        VisitReport.objects.filter(
            status=VisitStatus.APPROVED,
            visit_date=day,
            kelurahan_id=kelurahan_id,
            officer_id=officer_id,
            activity_type=activity_type,
        )
        .values("kecamatan_id", "unit_id")
        .annotate(n=Count("pk"), p=Sum("participant_total"))
    )
    rows = list(rows)
    lookup = dict(
        day=day, kelurahan_id=kelurahan_id, officer_id=officer_id, activity_type=activity_type
    )
    if not rows:
        VisitDailyStat.objects.filter(**lookup).delete()
        return
    total = sum(r["n"] for r in rows)
    participants = sum(r["p"] or 0 for r in rows)
    VisitDailyStat.objects.update_or_create(
        **lookup,
        defaults={
            "kecamatan_id": rows[0]["kecamatan_id"],
            "unit_id": rows[0]["unit_id"],
            "visits": total,
            "participants": participants,
        },
    )


def _refresh_topic_bucket(day, kelurahan_id):
    Through = VisitReport.topics.through
    counts = (
        Through.objects.filter(
            visitreport__status=VisitStatus.APPROVED,
            visitreport__visit_date=day,
            visitreport__kelurahan_id=kelurahan_id,
        )
        .values("topic_id", "visitreport__kecamatan_id")
        .annotate(n=Count("visitreport_id", distinct=True))
    )
    VisitTopicDailyStat.objects.filter(day=day, kelurahan_id=kelurahan_id).delete()
    VisitTopicDailyStat.objects.bulk_create(
        [
            VisitTopicDailyStat(
                day=day,
                kelurahan_id=kelurahan_id,
                kecamatan_id=row["visitreport__kecamatan_id"],
                topic_id=row["topic_id"],
                visits=row["n"],
            )
            for row in counts
        ]
    )


@transaction.atomic
def rebuild_all():
    """Recompute both aggregate tables from scratch in two set-based statements."""
    VisitDailyStat.objects.all().delete()
    VisitTopicDailyStat.objects.all().delete()
    report = VisitReport._meta.db_table
    through = VisitReport.topics.through._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {VisitDailyStat._meta.db_table} "
            "(day, kecamatan_id, kelurahan_id, officer_id, unit_id, activity_type, visits, participants) "
            f"SELECT visit_date, MIN(kecamatan_id), kelurahan_id, officer_id, MIN(unit_id), activity_type, "
            f"COUNT(*), COALESCE(SUM(participant_total), 0) FROM {report} WHERE status = %s "
            "GROUP BY visit_date, kelurahan_id, officer_id, activity_type",
            [VisitStatus.APPROVED],
        )
        cursor.execute(
            f"INSERT INTO {VisitTopicDailyStat._meta.db_table} (day, kecamatan_id, kelurahan_id, topic_id, visits) "
            f"SELECT r.visit_date, MIN(r.kecamatan_id), r.kelurahan_id, t.topic_id, COUNT(DISTINCT r.id) "
            f"FROM {through} t JOIN {report} r ON r.id = t.visitreport_id WHERE r.status = %s "
            "GROUP BY r.visit_date, r.kelurahan_id, t.topic_id",
            [VisitStatus.APPROVED],
        )
