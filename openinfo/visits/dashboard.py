"""Leadership dashboard: each widget is one function returning a table (headers + rows).

Visits come from the daily aggregate tables (approved reports, kept exact by aggregates.py), signals
from EarlyWarningSignal (submitted and approved reports; drafts are not counted). No text field of a
report or a signal is ever read here, so exports cannot leak internal notes or descriptions.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Max, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from home.models import Kecamatan, Kelurahan, Officer
from openinfo.models import (
    EarlyWarningSignal,
    Severity,
    SignalCategory,
    SignalStatus,
    VisitDailyStat,
    VisitTopicDailyStat,
)
from openinfo.tasks import dashboard as task_figures
from openinfo.visits import permissions as perms

COVERAGE_DAYS = 30
OPEN_STATUSES = (SignalStatus.OPEN, SignalStatus.MONITORED)


@dataclass
class Filters:
    date_from: date
    date_to: date
    kecamatan: Kecamatan | None = None
    today: date = field(default_factory=timezone.localdate)
    # None: the whole city (leadership); otherwise the only kecamatan the viewer may see figures for.
    scope: list | None = None

    @classmethod
    def for_user(cls, user, params):
        """The filters from the query string, narrowed to what this user may see (permissions.py)."""
        filters = cls.from_request(params)
        filters.scope = perms.dashboard_kecamatan_ids(user)
        if (
            filters.scope is not None
            and filters.kecamatan is not None
            and filters.kecamatan.pk not in filters.scope
        ):
            filters.kecamatan = None
        return filters

    @classmethod
    def from_request(cls, params):
        today = timezone.localdate()
        default_from = (today.replace(day=1) - timedelta(days=150)).replace(day=1)

        def parse(name, default):
            try:
                return date.fromisoformat(params.get(name, ""))
            except ValueError:
                return default

        date_from, date_to = parse("date_from", default_from), parse("date_to", today)
        if date_from > date_to:
            date_from, date_to = date_to, date_from
        kecamatan = Kecamatan.objects.filter(code=params.get("kecamatan") or "").first()
        return cls(date_from=date_from, date_to=date_to, kecamatan=kecamatan, today=today)

    def area(self, prefix=""):
        if self.kecamatan:
            return Q(**{f"{prefix}kecamatan": self.kecamatan})
        if self.scope is not None:
            return Q(**{f"{prefix}kecamatan__in": self.scope})
        return Q()

    def kecamatan_choices(self):
        """The kecamatan this view covers, in name order (the selected one, or every one in scope)."""
        if self.kecamatan:
            return [self.kecamatan]
        queryset = Kecamatan.objects.order_by("name")
        return list(queryset if self.scope is None else queryset.filter(pk__in=self.scope))

    def querystring(self):
        parts = [f"date_from={self.date_from.isoformat()}", f"date_to={self.date_to.isoformat()}"]
        if self.kecamatan:
            parts.append(f"kecamatan={self.kecamatan.code}")
        return "&".join(parts)


@dataclass
class Table:
    key: str
    title: str
    headers: list
    rows: list
    extra: dict = field(default_factory=dict)


def month_label(month, filters=None):
    """'Des 2025' in the admin's language (Django's month names, not strftime's English ones);
    the current month, still running, is marked with '*'."""
    label = date_format(month, "M Y")
    if filters is not None and is_partial(month, filters):
        label += "*"
    return label


def is_partial(month, filters):
    """Whether the month is still running (or cut by the period's end) within the shown period."""
    last_day = (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return filters.date_to < last_day and filters.date_to >= month


def months_between(start, end):
    months, current = [], start.replace(day=1)
    while current <= end:
        months.append(current)
        current = (current + timedelta(days=32)).replace(day=1)
    return months


def _stats(filters):
    return VisitDailyStat.objects.filter(
        filters.area(), day__gte=filters.date_from, day__lte=filters.date_to
    )


def visits_per_month(filters):
    rows = (
        _stats(filters)
        .annotate(month=TruncMonth("day"))
        .values("month", "kecamatan_id")
        .annotate(n=Sum("visits"))
        .order_by()
    )
    months = months_between(filters.date_from, filters.date_to)
    counts = {}
    for row in rows:
        month = row["month"].date() if hasattr(row["month"], "date") else row["month"]
        counts[(month, row["kecamatan_id"])] = row["n"]
    kecamatan = filters.kecamatan_choices()
    table_rows = []
    for kec in kecamatan:
        cells = [counts.get((m, kec.pk), 0) for m in months]
        table_rows.append([kec.name, *cells, sum(cells)])
    totals = [sum(r[i + 1] for r in table_rows) for i in range(len(months))]
    table_rows.append([str(_("Total")), *totals, sum(totals)])
    return Table(
        "visits_per_month",
        _("Visits per month per kecamatan"),
        [str(_("Kecamatan")), *[month_label(m, filters) for m in months], str(_("Total"))],
        table_rows,
        {
            "series": [(date_format(m, "M y"), t) for m, t in zip(months, totals, strict=True)],
            "partial_last": bool(months) and is_partial(months[-1], filters),
        },
    )


def coverage(filters):
    since = filters.today - timedelta(days=COVERAGE_DAYS - 1)
    visited = set(
        VisitDailyStat.objects.filter(filters.area(), day__gte=since, day__lte=filters.today)
        .values_list("kelurahan_id", flat=True)
        .distinct()
    )
    kelurahan = (
        Kelurahan.objects.filter(filters.area())
        .select_related("kecamatan")
        .order_by("kecamatan__name", "name")
    )
    kelurahan = list(kelurahan)
    unvisited = [k for k in kelurahan if k.pk not in visited]
    last = dict(
        VisitDailyStat.objects.filter(kelurahan__in=[k.pk for k in unvisited])
        .values("kelurahan_id")
        .annotate(last=Max("day"))
        .values_list("kelurahan_id", "last")
    )
    share = (len(kelurahan) - len(unvisited)) / len(kelurahan) if kelurahan else 0
    rows = [
        [k.kecamatan.name, k.name, k.code, last[k.pk].isoformat() if last.get(k.pk) else "—"]
        for k in unvisited
    ]
    return Table(
        "coverage",
        _("Kelurahan not visited in the last 30 days"),
        [str(_("Kecamatan")), str(_("Kelurahan")), str(_("Code")), str(_("Last approved visit"))],
        rows,
        {
            "total": len(kelurahan),
            "visited": len(kelurahan) - len(unvisited),
            "share": share,
            "since": since,
        },
    )


def _signals(filters):
    return EarlyWarningSignal.objects.filter(filters.area(), reported=True)


def open_signals(filters):
    rows = (
        _signals(filters)
        .filter(status__in=OPEN_STATUSES)
        .values("category", "severity")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {(r["category"], r["severity"]): r["n"] for r in rows}
    table_rows = []
    for value, label in SignalCategory.choices:
        cells = [counts.get((value, sev), 0) for sev, _label in Severity.choices]
        table_rows.append([str(label), *cells, sum(cells)])
    return Table(
        "open_signals",
        _("Open early-warning signals by category and severity"),
        [str(_("Category")), *[str(label) for _v, label in Severity.choices], str(_("Total"))],
        table_rows,
        {"total": sum(counts.values())},
    )


def signal_trend(filters):
    rows = (
        _signals(filters)
        .filter(observed_on__gte=filters.date_from, observed_on__lte=filters.date_to)
        .annotate(month=TruncMonth("observed_on"))
        .values("month", "category")
        .annotate(n=Count("pk"))
        .order_by()
    )
    months = months_between(filters.date_from, filters.date_to)
    counts = {}
    for row in rows:
        month = row["month"].date() if hasattr(row["month"], "date") else row["month"]
        counts[(month, row["category"])] = row["n"]
    table_rows = []
    for value, label in SignalCategory.choices:
        cells = [counts.get((m, value), 0) for m in months]
        table_rows.append([str(label), *cells, sum(cells)])
    return Table(
        "signal_trend",
        _("New signals per month (trend)"),
        [str(_("Category")), *[month_label(m, filters) for m in months], str(_("Total"))],
        table_rows,
        {
            "months": [month_label(m, filters) for m in months],
            "partial_last": bool(months) and is_partial(months[-1], filters),
        },
    )


def top_topics(filters, limit=10):
    rows = (
        VisitTopicDailyStat.objects.filter(
            filters.area(), day__gte=filters.date_from, day__lte=filters.date_to
        )
        .values("topic__name")
        .annotate(n=Sum("visits"))
        .order_by("-n", "topic__name")[:limit]
    )
    return Table(
        "top_topics",
        _("Top counselling topics delivered"),
        [str(_("Topic")), str(_("Visits"))],
        [[r["topic__name"], r["n"]] for r in rows],
    )


def officer_activity(filters):
    stats = {
        r["officer_id"]: r
        for r in _stats(filters)
        .values("officer_id")
        .annotate(
            visits=Sum("visits"),
            participants=Sum("participants"),
            kelurahan=Count("kelurahan_id", distinct=True),
            last=Max("day"),
        )
        .order_by()
    }
    officers = Officer.objects.filter(Q(active=True) | Q(pk__in=list(stats)))
    if filters.kecamatan or filters.scope is not None:
        officers = officers.filter(
            pk__in=Officer.objects.filter(filters.area("kelurahan__")).values("pk")
        )
    officers = (
        officers.select_related("unit")
        .annotate(assigned=Count("kelurahan", distinct=True))
        .order_by("name")
    )
    rows = []
    for officer in officers:
        s = stats.get(officer.pk, {})
        rows.append(
            [
                f"{officer.rank} {officer.name}",
                officer.unit.name,
                officer.assigned,
                s.get("visits") or 0,
                s.get("participants") or 0,
                s.get("kelurahan") or 0,
                s["last"].isoformat() if s.get("last") else "—",
            ]
        )
    rows.sort(key=lambda r: (-r[3], r[0]))
    return Table(
        "officers",
        _("Officer activity"),
        [
            str(_("Officer")),
            str(_("Unit")),
            str(_("Assigned kelurahan")),
            str(_("Visits")),
            str(_("Participants")),
            str(_("Kelurahan visited")),
            str(_("Last visit")),
        ],
        rows,
    )


def tasks_by_unit(filters):
    """Tasks between personnel (openinfo.tasks): open, overdue, done this month per unit."""
    area = None
    if filters.kecamatan or filters.scope is not None:
        area = filters.area(prefix="kelurahan__")
    rows = task_figures.counts_by_unit(filters.today, area)
    return Table(
        "tasks",
        _("Tasks by unit"),
        [_("Satbinmas unit"), _("Open tasks"), _("Overdue tasks"), _("Done this month")],
        [[r["unit"] or _("No unit"), r["open"], r["overdue"], r["done_month"]] for r in rows],
    )


WIDGETS = {
    "visits_per_month": visits_per_month,
    "coverage": coverage,
    "open_signals": open_signals,
    "signal_trend": signal_trend,
    "top_topics": top_topics,
    "officers": officer_activity,
    "tasks": tasks_by_unit,
}


def build(filters):
    return {key: widget(filters) for key, widget in WIDGETS.items()}
