"""Plan progress for a viewer: the targets they may see, evaluated on a day (metrics.py), as rows
for the dashboard widget, the exports and the monthly report. Counts and names of officers only;
no text field of a report, signal or message is ever read."""

import calendar
import datetime

from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from openinfo.models import (
    EarlyWarningSignal,
    SatbinmasUnit,
    SignalCategory,
    VisitDailyStat,
    VisitReport,
)
from openinfo.plans import metrics
from openinfo.plans import permissions as perms
from openinfo.plans.models import Plan, Target
from openinfo.reports.models import ResidentMessage
from openinfo.satbinmas.units import activity_types_of, unit_for_activity
from openinfo.visits.models.reports import ActivityType, SignalStatus

OPEN_SIGNAL_STATUSES = (SignalStatus.OPEN, SignalStatus.MONITORED)


def targets_on(day, user=None, start=None):
    """Targets of active plans whose stage runs on `day` (or overlaps [start, day]), in plan order."""
    start = start or day
    queryset = Target.objects.filter(
        stage__plan__status=Plan.Status.ACTIVE, stage__start__lte=day, stage__end__gte=start
    ).select_related("stage__plan", "unit", "kecamatan", "kelurahan")
    if user is not None:
        queryset = perms.visible_targets(user, queryset)
    return list(
        queryset.order_by(
            "stage__plan__start",
            "stage__plan_id",
            "stage__sort_order",
            "unit__order",
            "order",
            "pk",
        )
    )


def evaluate(targets, as_of):
    return metrics.evaluate_many(targets, as_of)


def summary(progress):
    counts = {key: 0 for key in metrics.Status.LABELS}
    for item in progress:
        counts[item.status] += 1
    return counts


EXPORT_HEADERS = (
    _("Plan"),
    _("Stage"),
    _("Unit"),
    _("Area"),
    _("Measure"),
    _("Threshold"),
    _("Period"),
    _("From"),
    _("To"),
    _("Value"),
    _("Goal"),
    _("Progress (%)"),
    _("Elapsed share of the period (%)"),
    _("Status"),
    _("Detail"),
)


def export_rows(progress):
    rows = [[str(h) for h in EXPORT_HEADERS]]
    for p in progress:
        t = p.target
        rows.append(
            [
                t.stage.plan.name,
                t.stage.name,
                str(t.unit),
                t.area_label,
                str(t.get_metric_display()),
                t.threshold,
                str(t.get_granularity_display()),
                p.start.isoformat(),
                p.end.isoformat(),
                p.value if p.value is not None else "",
                p.goal,
                p.progress_percent if p.progress_percent is not None else "",
                p.expected_percent,
                p.status_label,
                p.detail,
            ]
        )
    return rows


# -- the monthly report for the Kasat's briefing ---------------------------------------------------
def month_bounds(month):
    last = calendar.monthrange(month.year, month.month)[1]
    return month.replace(day=1), month.replace(day=last)


def monthly_report(user, month, today):
    """Per unit the viewer may see: activities recorded (approved, by type), targets and their
    progress at the month's end (or today for the running month), the month's signals still open
    (open or monitored) by category and overdue items (behind targets; for city-wide readers the
    Lapor & Tanya messages past their first-answer date)."""
    first, last = month_bounds(month)
    as_of = min(last, today)
    unit_ids = perms.visible_unit_ids(user)
    units = SatbinmasUnit.objects.order_by("order")
    if unit_ids is not None:
        units = units.filter(pk__in=unit_ids)
    units = list(units)
    type_unit = {t: u.pk for u in units for t in activity_types_of(u.code)}
    activity_counts = {}
    for row in (
        VisitDailyStat.objects.filter(
            day__gte=first, day__lte=as_of, activity_type__in=list(type_unit)
        )
        .values("activity_type")
        .annotate(n=Sum("visits"))
        .order_by()
    ):
        activity_counts[row["activity_type"]] = row["n"]
    labels = dict(ActivityType.choices)
    signals = {}
    open_signals = EarlyWarningSignal.objects.filter(
        reported=True,
        status__in=OPEN_SIGNAL_STATUSES,
        observed_on__gte=first,
        observed_on__lte=as_of,
    )
    # The month's signals still open. A report's signal belongs to the unit that records the report's
    # activity type (looked up by primary key); one filed on its own to its officer's unit.
    of_reports = list(
        open_signals.filter(report__isnull=False).values_list("report_id", "category")
    )
    report_types = dict(
        VisitReport.objects.filter(pk__in={r for r, _c in of_reports}).values_list(
            "pk", "activity_type"
        )
    )
    rows = [(unit_for_activity(report_types.get(r)), c, 1) for r, c in of_reports] + [
        (row["officer__satbinmas_membership__unit__code"], row["category"], row["n"])
        for row in open_signals.filter(
            report__isnull=True, officer__satbinmas_membership__isnull=False
        )
        .values("officer__satbinmas_membership__unit__code", "category")
        .annotate(n=Count("pk"))
        .order_by()
    ]
    unit_by_code = {u.code: u.pk for u in units}
    for code, category, n in rows:
        if code in unit_by_code:
            per_unit = signals.setdefault(unit_by_code[code], {})
            per_unit[category] = per_unit.get(category, 0) + n
    category_labels = dict(SignalCategory.choices)
    progress = evaluate(targets_on(as_of, user, start=first), as_of)
    sections = []
    for unit in units:
        types = activity_types_of(unit.code)
        unit_progress = [p for p in progress if p.target.unit_id == unit.pk]
        unit_signals = signals.get(unit.pk, {})
        sections.append(
            {
                "unit": unit,
                "activities": [(str(labels[t]), activity_counts.get(t, 0)) for t in types],
                "activities_total": sum(activity_counts.get(t, 0) for t in types),
                "progress": unit_progress,
                "signals": [
                    (str(category_labels[c]), n) for c, n in sorted(unit_signals.items()) if n
                ],
                "signals_total": sum(unit_signals.values()),
                "behind": [p for p in unit_progress if p.status == metrics.Status.BEHIND],
            }
        )
    overdue_messages = ResidentMessage.objects.overdue(as_of).count() if unit_ids is None else None
    return {
        "month": first,
        "as_of": as_of,
        "sections": sections,
        "summary": summary(progress),
        "overdue_messages": overdue_messages,
    }


def parse_month(value, today):
    try:
        return datetime.date.fromisoformat(f"{value}-01")
    except (TypeError, ValueError):
        return today.replace(day=1)


def parse_day(value, today):
    try:
        return datetime.date.fromisoformat(value or "")
    except ValueError:
        return today
