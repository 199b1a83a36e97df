"""Task figures for the leadership dashboard: open, overdue and done this month per Satbinmas unit,
in one aggregate query (no text of a task is read, so exports cannot leak instructions)."""

from datetime import datetime, time

from django.db.models import Count, Q
from django.utils import timezone

from openinfo.tasks.models import OPEN_STATUSES, Task, TaskStatus


def counts_by_unit(today=None, area=None):
    """[{unit, order, open, overdue, done_month}] per unit (unit None: an officer outside every
    unit), for tasks in `area` (a Q on the task's kelurahan, or None for all)."""
    today = today or timezone.localdate()
    month_start = timezone.make_aware(datetime.combine(today.replace(day=1), time.min))
    is_open = Q(status__in=OPEN_STATUSES)
    done_month = Q(status=TaskStatus.DONE, completed_at__gte=month_start)
    queryset = Task.objects.filter(is_open | done_month)
    if area is not None:
        queryset = queryset.filter(area)
    rows = (
        queryset.values("unit__short_name", "unit__order")
        .annotate(
            open=Count("pk", filter=is_open),
            overdue=Count("pk", filter=is_open & Q(due_date__lt=today)),
            done_month=Count("pk", filter=done_month),
        )
        .order_by("unit__order")
    )
    return [
        {
            "unit": row["unit__short_name"],
            "open": row["open"],
            "overdue": row["overdue"],
            "done_month": row["done_month"],
        }
        for row in rows
    ]
