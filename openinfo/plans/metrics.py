"""The fixed registry of computable measures behind plan targets, and the on-track rule.

Every figure is computed from recorded data with aggregate queries — a constant number of queries per
target, whatever the number of reports, kelurahan or officers:

- `kelurahan_visits`: approved Bhabinkamtibmas visits (the daily aggregate `VisitDailyStat`, the
  visit types of `openinfo.satbinmas.units`) per kelurahan of the area in the period. value =
  Σ min(visits_k, N) over the kelurahan, goal = N × number of kelurahan: 100 % only when every
  kelurahan was visited at least N times.
- `guidance_sessions`: approved counselling talks (`penyuluhan`) and Bintibsos guidance sessions in
  the area and period (VisitDailyStat); with `schools_only`, approved Bintibsos sessions whose
  audience is a school (`GuidanceSession`). value = sessions, goal = N.
- `siskamling_checks`: Siskamling posts of the area that are not retired, and those with at least one
  approved post check in the period. value = posts checked, goal = ⌈posts × threshold %⌉.
- `messages_answered`: residents' messages (Lapor & Tanya, spam excluded) received in the period whose
  first-answer date (2 working days, holiday calendar) has passed or that were answered; value = the
  share (%) answered on or before that date, goal = the threshold (%).

The period of a target is the month / quarter / school term (January–June, July–December) that
contains the day looked at, cut to the stage; or the whole stage. Activities count from the
period's start up to and including the day looked at (a past day shows the figures as they were
then, apart from later approvals of reports dated before it).

Status rule (`status_for`):
- before the stage starts: `not_started`; nothing to measure (no kelurahan, no posts, no messages
  due yet): `no_data`;
- amounts (every measure except the rate `messages_answered`): `achieved` when value ≥ goal;
  `on_track` when progress (value / goal) ≥ the elapsed share of the period (days gone, the day
  itself included, / days in the period); otherwise `behind` — a period that is over and short of
  its goal is `behind`;
- rate (`messages_answered`): a share does not grow with time, so it is compared with the threshold
  directly: at or above it `on_track` while the period runs and `achieved` once it is over,
  below it `behind`.
"""

import calendar
import datetime
import math
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from home.models import Kelurahan, Officer
from openinfo.models import (
    SiskamlingCheck,
    SiskamlingPost,
    VisitDailyStat,
    VisitReport,
    VisitStatus,
)
from openinfo.plans.models import RATE_METRICS, Granularity, Metric
from openinfo.reports.models import CloseReason, ResidentMessage
from openinfo.satbinmas.units import BHABINKAMTIBMAS, activity_types_of

GUIDANCE_TYPES = ("penyuluhan", "bintibsos_session")


def visit_types():
    return activity_types_of(BHABINKAMTIBMAS)


class Status:
    NOT_STARTED = "not_started"
    NO_DATA = "no_data"
    ON_TRACK = "on_track"
    BEHIND = "behind"
    ACHIEVED = "achieved"

    LABELS = {
        NOT_STARTED: _("not started"),
        NO_DATA: _("nothing to measure"),
        ON_TRACK: _("on track"),
        BEHIND: _("behind"),
        ACHIEVED: _("achieved"),
    }


# -- periods --------------------------------------------------------------------------------------
def _month(day):
    last = calendar.monthrange(day.year, day.month)[1]
    return day.replace(day=1), day.replace(day=last)


def _quarter(day):
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = datetime.date(day.year, first_month, 1)
    return start, _month(datetime.date(day.year, first_month + 2, 1))[1]


def _term(day):
    if day.month <= 6:
        return datetime.date(day.year, 1, 1), datetime.date(day.year, 6, 30)
    return datetime.date(day.year, 7, 1), datetime.date(day.year, 12, 31)


PERIODS = {Granularity.MONTH: _month, Granularity.QUARTER: _quarter, Granularity.TERM: _term}


def window_for(target, as_of):
    """(start, end, day looked at) of the target's period that contains `as_of`, cut to the stage.
    Before the stage: its first period; after it: its last period, looked at on the stage's end."""
    stage = target.stage
    day = min(max(as_of, stage.start), stage.end)
    if target.granularity == Granularity.STAGE:
        start, end = stage.start, stage.end
    else:
        start, end = PERIODS[target.granularity](day)
    return max(start, stage.start), min(end, stage.end), min(as_of, stage.end)


def elapsed_share(start, end, as_of):
    if as_of < start:
        return 0.0
    if as_of >= end:
        return 1.0
    return ((as_of - start).days + 1) / ((end - start).days + 1)


def status_for(metric, value, goal, expected, as_of, start, end, stage_start):
    if as_of < stage_start:
        return Status.NOT_STARTED
    if not goal:
        return Status.NO_DATA
    if metric in RATE_METRICS:
        if value is None:
            return Status.NO_DATA
        if value >= goal:
            return Status.ACHIEVED if as_of >= end else Status.ON_TRACK
        return Status.BEHIND
    if value >= goal:
        return Status.ACHIEVED
    return Status.ON_TRACK if value / goal >= expected else Status.BEHIND


@dataclass
class Progress:
    target: object
    start: datetime.date
    end: datetime.date
    as_of: datetime.date
    value: float | None
    goal: float
    expected: float
    status: str
    detail: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def progress(self):
        if not self.goal or self.value is None:
            return None
        return min(self.value / self.goal, 1.0)

    @property
    def progress_percent(self):
        return None if self.progress is None else round(self.progress * 100, 1)

    @property
    def expected_percent(self):
        return round(self.expected * 100, 1)

    @property
    def status_label(self):
        return str(Status.LABELS[self.status])


# -- areas ----------------------------------------------------------------------------------------
def area_q(target, prefix=""):
    if target.kelurahan_id:
        return Q(**{f"{prefix}kelurahan_id": target.kelurahan_id})
    if target.kecamatan_id:
        return Q(**{f"{prefix}kecamatan_id": target.kecamatan_id})
    return Q()


def kelurahan_q(target, prefix=""):
    """The same area on the Kelurahan table (or a relation to it: prefix "kelurahan__")."""
    if target.kelurahan_id:
        return Q(**{f"{prefix}{'id' if prefix else 'pk'}": target.kelurahan_id})
    if target.kecamatan_id:
        return Q(**{f"{prefix}kecamatan_id": target.kecamatan_id})
    return Q()


def _day_bounds(start, end):
    tz = timezone.get_current_timezone()
    begin = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    finish = datetime.datetime.combine(
        end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
    )
    return begin, finish


# -- the measures: figures per target, per kelurahan (drill-down) and per officer -----------------
def _stat_rows(target, start, end, types):
    return VisitDailyStat.objects.filter(
        area_q(target), day__gte=start, day__lte=end, activity_type__in=types
    )


def _school_sessions(target, start, end):
    return VisitReport.objects.filter(
        area_q(target),
        status=VisitStatus.APPROVED,
        activity_type="bintibsos_session",
        guidance_detail__audience_kind="school",
        visit_date__gte=start,
        visit_date__lte=end,
    )


def _checks(target, start, end):
    return SiskamlingCheck.objects.filter(
        kelurahan_q(target, "post__kelurahan__"),
        post__retired=False,
        report__status=VisitStatus.APPROVED,
        report__visit_date__gte=start,
        report__visit_date__lte=end,
    )


def _messages(target, start, end):
    begin, finish = _day_bounds(start, end)
    return ResidentMessage.objects.filter(
        area_q(target), received_at__gte=begin, received_at__lt=finish
    ).exclude(close_reason=CloseReason.SPAM)


def _message_counts(as_of):
    return {
        "decided": Count("pk", filter=Q(first_reply_at__isnull=False) | Q(due_date__lt=as_of)),
        "on_time": Count("pk", filter=Q(first_reply_at__date__lte=F("due_date"))),
    }


def _share(on_time, decided):
    return round(on_time * 100 / decided, 1) if decided else None


def _per_kelurahan_count(target, start, end):
    """{kelurahan_id: count} of the amount measures (None for the rate and post measures)."""
    if target.metric == Metric.KELURAHAN_VISITS:
        rows = _stat_rows(target, start, end, visit_types())
    elif target.metric == Metric.GUIDANCE_SESSIONS and not target.schools_only:
        rows = _stat_rows(target, start, end, GUIDANCE_TYPES)
    elif target.metric == Metric.GUIDANCE_SESSIONS:
        return dict(
            _school_sessions(target, start, end)
            .values("kelurahan_id")
            .annotate(n=Count("pk"))
            .values_list("kelurahan_id", "n")
            .order_by()
        )
    else:
        return None
    return dict(
        rows.values("kelurahan_id")
        .annotate(n=Sum("visits"))
        .values_list("kelurahan_id", "n")
        .order_by()
    )


def compute(target, as_of):
    """The target's progress on `as_of` (a constant number of aggregate queries)."""
    start, end, day = window_for(target, as_of)
    expected = elapsed_share(start, end, day)
    n = target.threshold
    value, goal, detail, extra = 0, 0, "", {}
    if target.metric == Metric.KELURAHAN_VISITS:
        kelurahan_ids = list(
            Kelurahan.objects.filter(kelurahan_q(target)).values_list("pk", flat=True)
        )
        counts = _per_kelurahan_count(target, start, day)
        value = sum(min(counts.get(k, 0), n) for k in kelurahan_ids)
        goal = n * len(kelurahan_ids)
        met = sum(1 for k in kelurahan_ids if counts.get(k, 0) >= n)
        extra = {"met": met, "kelurahan": len(kelurahan_ids), "visits": sum(counts.values())}
        detail = str(
            _("%(met)d of %(total)d kelurahan visited at least %(n)d times")
            % {"met": met, "total": len(kelurahan_ids), "n": n}
        )
    elif target.metric == Metric.GUIDANCE_SESSIONS:
        if target.schools_only:
            value = _school_sessions(target, start, day).count()
        else:
            value = (
                _stat_rows(target, start, day, GUIDANCE_TYPES).aggregate(n=Sum("visits"))["n"] or 0
            )
        goal = n
        detail = str(_("%(value)d of %(n)d sessions") % {"value": value, "n": n})
    elif target.metric == Metric.SISKAMLING_CHECKS:
        posts = SiskamlingPost.objects.filter(
            kelurahan_q(target, "kelurahan__"), retired=False
        ).count()
        value = _checks(target, start, day).values("post_id").distinct().count()
        goal = math.ceil(posts * n / 100)
        extra = {"posts": posts}
        detail = str(
            _("%(value)d of %(posts)d active posts checked") % {"value": value, "posts": posts}
        )
    elif target.metric == Metric.MESSAGES_ANSWERED:
        counts = _messages(target, start, day).aggregate(**_message_counts(day))
        value = _share(counts["on_time"], counts["decided"])
        goal = n
        extra = counts
        detail = str(
            _("%(on_time)d of %(decided)d messages answered within 2 working days") % counts
        )
    status = status_for(target.metric, value, goal, expected, as_of, start, end, target.stage.start)
    return Progress(target, start, end, day, value, goal, expected, status, detail, extra)


def by_kelurahan(target, as_of):
    """Drill-down: one row per kelurahan of the target's area: (kelurahan, figure, goal, met)."""
    start, _end, day = window_for(target, as_of)
    kelurahan = list(
        Kelurahan.objects.filter(kelurahan_q(target))
        .select_related("kecamatan")
        .order_by("kecamatan__name", "name")
    )
    n = target.threshold
    rows = []
    if target.metric == Metric.SISKAMLING_CHECKS:
        posts = dict(
            SiskamlingPost.objects.filter(kelurahan_q(target, "kelurahan__"), retired=False)
            .values("kelurahan_id")
            .annotate(n=Count("pk"))
            .values_list("kelurahan_id", "n")
            .order_by()
        )
        checked = dict(
            _checks(target, start, day)
            .values("post__kelurahan_id")
            .annotate(n=Count("post_id", distinct=True))
            .values_list("post__kelurahan_id", "n")
            .order_by()
        )
        for k in kelurahan:
            if posts.get(k.pk):
                got, total = checked.get(k.pk, 0), posts[k.pk]
                rows.append((k, got, total, got >= math.ceil(total * n / 100)))
        return rows
    if target.metric == Metric.MESSAGES_ANSWERED:
        figures = {
            r["kelurahan_id"]: r
            for r in _messages(target, start, day)
            .values("kelurahan_id")
            .annotate(**_message_counts(day))
            .order_by()
        }
        for k in kelurahan:
            r = figures.get(k.pk)
            if r and r["decided"]:
                share = _share(r["on_time"], r["decided"])
                rows.append((k, share, n, share >= n))
        return rows
    counts = _per_kelurahan_count(target, start, day)
    for k in kelurahan:
        got = counts.get(k.pk, 0)
        if target.metric == Metric.KELURAHAN_VISITS:
            rows.append((k, got, n, got >= n))
        elif got:
            rows.append((k, got, None, None))
    return rows


def by_officer(target, as_of, kelurahan=None):
    """Drill-down to the people behind a figure: (officer, count) of the recorded activities that
    count for the target (in one kelurahan if given). None for the messages measure (answered by
    the kelurahan's officers as a team, not recorded per person)."""
    start, _end, day = window_for(target, as_of)
    where = Q(kelurahan_id=kelurahan.pk) if kelurahan is not None else Q()
    if target.metric == Metric.MESSAGES_ANSWERED:
        return None
    if target.metric == Metric.SISKAMLING_CHECKS:
        counts = (
            _checks(target, start, day)
            .filter(Q(post__kelurahan_id=kelurahan.pk) if kelurahan is not None else Q())
            .values("report__officer_id")
            .annotate(n=Count("pk"))
            .values_list("report__officer_id", "n")
        )
    elif target.metric == Metric.GUIDANCE_SESSIONS and target.schools_only:
        counts = (
            _school_sessions(target, start, day)
            .filter(where)
            .values("officer_id")
            .annotate(n=Count("pk"))
            .values_list("officer_id", "n")
        )
    else:
        types = visit_types() if target.metric == Metric.KELURAHAN_VISITS else GUIDANCE_TYPES
        counts = (
            _stat_rows(target, start, day, types)
            .filter(where)
            .values("officer_id")
            .annotate(n=Sum("visits"))
            .values_list("officer_id", "n")
        )
    counts = dict(counts.order_by())
    officers = Officer.objects.filter(pk__in=list(counts)).select_related("unit")
    rows = [(o, counts[o.pk]) for o in officers]
    rows.sort(key=lambda r: (-r[1], r[0].name))
    return rows
