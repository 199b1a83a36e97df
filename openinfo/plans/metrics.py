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
    """The target's area on a table with kelurahan/kecamatan columns (None: the whole city)."""
    if target is None:
        return Q()
    if target.kelurahan_id:
        return Q(**{f"{prefix}kelurahan_id": target.kelurahan_id})
    if target.kecamatan_id:
        return Q(**{f"{prefix}kecamatan_id": target.kecamatan_id})
    return Q()


def kelurahan_q(target, prefix=""):
    """The same area on the Kelurahan table (or a relation to it: prefix "post__kelurahan__")."""
    if target is None:
        return Q()
    if target.kelurahan_id:
        return Q(**{f"{prefix}{'id' if prefix else 'pk'}": target.kelurahan_id})
    if target.kecamatan_id:
        return Q(**{f"{prefix}kecamatan_id": target.kecamatan_id})
    return Q()


def in_area(target, kelurahan_id, kecamatan_id):
    if target.kelurahan_id:
        return kelurahan_id == target.kelurahan_id
    if target.kecamatan_id:
        return kecamatan_id == target.kecamatan_id
    return True


def _day_bounds(start, end):
    tz = timezone.get_current_timezone()
    begin = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    finish = datetime.datetime.combine(
        end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
    )
    return begin, finish


# -- the measures: one aggregate per kelurahan, shared by every target of the same measure and period
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
        report__activity_type="siskamling_check",
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


def _pairs(queryset, key, value):
    return dict(queryset.values(key).annotate(n=value).values_list(key, "n").order_by())


def kelurahan_figures(metric, schools_only, start, day, target=None):
    """{kelurahan_id: figure} of a measure from `start` to `day` in the target's area (None: the whole
    city). Figure: a count for the amounts; (posts, posts checked) for Siskamling; (decided,
    answered on time) for messages. One or two aggregate queries."""
    if metric == Metric.KELURAHAN_VISITS:
        return _pairs(_stat_rows(target, start, day, visit_types()), "kelurahan_id", Sum("visits"))
    if metric == Metric.GUIDANCE_SESSIONS and schools_only:
        return _pairs(_school_sessions(target, start, day), "kelurahan_id", Count("pk"))
    if metric == Metric.GUIDANCE_SESSIONS:
        return _pairs(_stat_rows(target, start, day, GUIDANCE_TYPES), "kelurahan_id", Sum("visits"))
    if metric == Metric.SISKAMLING_CHECKS:
        posts = _pairs(
            SiskamlingPost.objects.filter(kelurahan_q(target, "kelurahan__"), retired=False),
            "kelurahan_id",
            Count("pk"),
        )
        checked = _pairs(
            _checks(target, start, day), "post__kelurahan_id", Count("post_id", distinct=True)
        )
        return {k: (total, checked.get(k, 0)) for k, total in posts.items()}
    return {
        row["kelurahan_id"]: (row["decided"], row["on_time"])
        for row in _messages(target, start, day)
        .values("kelurahan_id")
        .annotate(**_message_counts(day))
        .order_by()
    }


def _progress(target, as_of, window, figures, kelurahan_ids):
    """The target's Progress from the per-kelurahan figures of its area (`kelurahan_ids`)."""
    start, end, day = window
    expected = elapsed_share(start, end, day)
    n = target.threshold
    extra = {}
    if target.metric == Metric.KELURAHAN_VISITS:
        value = sum(min(figures.get(k, 0), n) for k in kelurahan_ids)
        goal = n * len(kelurahan_ids)
        met = sum(1 for k in kelurahan_ids if figures.get(k, 0) >= n)
        extra = {
            "met": met,
            "kelurahan": len(kelurahan_ids),
            "visits": sum(figures.get(k, 0) for k in kelurahan_ids),
        }
        detail = _("%(met)d of %(total)d kelurahan visited at least %(n)d times") % {
            "met": met,
            "total": len(kelurahan_ids),
            "n": n,
        }
    elif target.metric == Metric.GUIDANCE_SESSIONS:
        value, goal = sum(figures.get(k, 0) for k in kelurahan_ids), n
        detail = _("%(value)d of %(n)d sessions") % {"value": value, "n": n}
    elif target.metric == Metric.SISKAMLING_CHECKS:
        posts = sum(figures.get(k, (0, 0))[0] for k in kelurahan_ids)
        value = sum(figures.get(k, (0, 0))[1] for k in kelurahan_ids)
        goal = math.ceil(posts * n / 100)
        extra = {"posts": posts}
        detail = _("%(value)d of %(posts)d active posts checked") % {"value": value, "posts": posts}
    else:
        extra = {
            "decided": sum(figures.get(k, (0, 0))[0] for k in kelurahan_ids),
            "on_time": sum(figures.get(k, (0, 0))[1] for k in kelurahan_ids),
        }
        value, goal = _share(extra["on_time"], extra["decided"]), n
        detail = _("%(on_time)d of %(decided)d messages answered within 2 working days") % extra
    status = status_for(target.metric, value, goal, expected, as_of, start, end, target.stage.start)
    return Progress(target, start, end, day, value, goal, expected, status, str(detail), extra)


def evaluate_many(targets, as_of):
    """Every target's progress on `as_of` in a constant number of aggregate queries: one for the
    kelurahan, then one or two per distinct (measure, period) — not per target."""
    targets = list(targets)
    if not targets:
        return []
    kelurahan = list(Kelurahan.objects.values_list("pk", "kecamatan_id").order_by("pk"))
    single = targets[0] if len(targets) == 1 else None
    cache, result = {}, []
    for target in targets:
        window = window_for(target, as_of)
        schools = target.metric == Metric.GUIDANCE_SESSIONS and target.schools_only
        key = (target.metric, schools, window[0], window[2])
        if key not in cache:
            cache[key] = kelurahan_figures(target.metric, schools, window[0], window[2], single)
        ids = [k for k, kec in kelurahan if in_area(target, k, kec)]
        result.append(_progress(target, as_of, window, cache[key], ids))
    return result


def compute(target, as_of):
    """One target's progress on `as_of` (a constant number of aggregate queries)."""
    return evaluate_many([target], as_of)[0]


def by_kelurahan(target, as_of):
    """Drill-down: one row per kelurahan of the target's area: (kelurahan, figure, goal, met).
    Siskamling: kelurahan with posts (figure = posts checked, goal = posts); messages: kelurahan
    with messages decided (figure = share %, goal = threshold); guidance: kelurahan with sessions."""
    start, _end, day = window_for(target, as_of)
    schools = target.metric == Metric.GUIDANCE_SESSIONS and target.schools_only
    figures = kelurahan_figures(target.metric, schools, start, day, target)
    kelurahan = Kelurahan.objects.filter(kelurahan_q(target)).select_related("kecamatan")
    n, rows = target.threshold, []
    for k in kelurahan.order_by("kecamatan__name", "name"):
        figure = figures.get(k.pk)
        if target.metric == Metric.KELURAHAN_VISITS:
            rows.append((k, figure or 0, n, (figure or 0) >= n))
        elif target.metric == Metric.SISKAMLING_CHECKS and figure:
            total, checked = figure
            rows.append((k, checked, total, checked >= math.ceil(total * n / 100)))
        elif target.metric == Metric.MESSAGES_ANSWERED and figure and figure[0]:
            share = _share(figure[1], figure[0])
            rows.append((k, share, n, share >= n))
        elif target.metric == Metric.GUIDANCE_SESSIONS and figure:
            rows.append((k, figure, None, None))
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
