"""Public transparency figures of Lapor & Tanya, per kecamatan and month: counts only, never content.

For the messages received in the month (local time; messages closed as spam are not counted):
how many of each kind, how many got a first answer within the 2 working days (on or before the due
date), that share, and the median time from receipt to the first answer in hours (over the messages
answered so far).
"""

import calendar
import datetime
import statistics

from django.utils import timezone

from home.models import Kecamatan
from openinfo.reports.models import CloseReason, Kind, ResidentMessage


def _bounds(year, month):
    tz = timezone.get_current_timezone()
    start = datetime.datetime(year, month, 1, tzinfo=tz)
    last = calendar.monthrange(year, month)[1]
    return start, start + datetime.timedelta(days=last)


def _row(kecamatan, messages):
    kinds = {kind: 0 for kind in Kind.values}
    on_time, hours = 0, []
    for kind, received_at, first_reply_at, due_date in messages:
        kinds[kind] += 1
        if first_reply_at is not None:
            hours.append((first_reply_at - received_at).total_seconds() / 3600)
            if timezone.localtime(first_reply_at).date() <= due_date:
                on_time += 1
    total = len(messages)
    return {
        "kecamatan_code": kecamatan.code if kecamatan else None,
        "kecamatan": kecamatan.name if kecamatan else None,
        "received": kinds,
        "received_total": total,
        "answered_within_2_working_days": on_time,
        "share_answered_within_2_working_days": round(on_time / total, 4) if total else None,
        "median_hours_to_first_reply": round(statistics.median(hours), 1) if hours else None,
    }


def monthly(year, month):
    start, end = _bounds(year, month)
    rows = (
        ResidentMessage.objects.filter(received_at__gte=start, received_at__lt=end)
        .exclude(close_reason=CloseReason.SPAM)
        .values_list("kecamatan_id", "kind", "received_at", "first_reply_at", "due_date")
    )
    by_kecamatan = {}
    for kecamatan_id, *values in rows:
        by_kecamatan.setdefault(kecamatan_id, []).append(tuple(values))
    kecamatan_rows = [
        _row(kec, by_kecamatan.get(kec.pk, [])) for kec in Kecamatan.objects.order_by("name")
    ]
    every = [item for items in by_kecamatan.values() for item in items]
    total = _row(None, every)
    return {"month": f"{year:04d}-{month:02d}", "kecamatan": kecamatan_rows, "city": total}
