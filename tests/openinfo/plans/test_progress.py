"""Plan progress against figures counted by hand from the October 2026 fixture (conftest.py), and
the on-track rule. K is the number of kelurahan of the fixture's kecamatan (reference data)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from openinfo.plans import metrics
from openinfo.plans.metrics import Status
from tests.openinfo.plans.conftest import at
from tests.openinfo.visits.conftest import build_report

pytestmark = pytest.mark.django_db

OCT_31 = datetime.date(2026, 10, 31)
ELAPSED_OCT_31_OF_Q4 = 31 / 92  # 1 Oct .. 31 Dec is 92 days


def test_every_kelurahan_visited_twice_a_month(month, plan, area):
    k = area["kecamatan"].kelurahan.count()
    p = metrics.compute(plan["visits"], OCT_31)
    # k1: 3 approved (the submitted one does not count) -> min(3, 2) = 2; k2: sambang + penyuluhan
    # on 8 and 9 Oct = 2 (30 Sep is another month); k3: only a draft -> 0; other kelurahan 0.
    assert (p.start, p.end) == (datetime.date(2026, 10, 1), OCT_31)
    assert p.value == 4 and p.goal == 2 * k
    assert p.extra["met"] == 2 and p.extra["visits"] == 5
    assert p.expected == 1.0 and p.status == Status.BEHIND
    only_k1 = metrics.compute(plan["visits_k1"], OCT_31)
    assert (only_k1.value, only_k1.goal, only_k1.status) == (2, 2, Status.ACHIEVED)


def test_guidance_sessions_per_term(month, plan):
    # penyuluhan 9 Oct (k2) + Bintibsos sessions 14 and 22 Oct (k3) = 3; term cut to the stage.
    p = metrics.compute(plan["guidance"], OCT_31)
    assert (p.start, p.end) == (datetime.date(2026, 10, 1), datetime.date(2026, 12, 31))
    assert (p.value, p.goal) == (3, 12)
    assert p.expected == pytest.approx(ELAPSED_OCT_31_OF_Q4)
    assert p.status == Status.BEHIND  # 25 % < 33.7 %
    assert metrics.compute(plan["guidance_6"], OCT_31).status == Status.ON_TRACK  # 50 % >= 33.7 %
    schools = metrics.compute(plan["schools"], OCT_31)
    assert (schools.value, schools.status) == (1, Status.ACHIEVED)  # only the SMPN 1 session


def test_siskamling_posts_checked_each_quarter(month, plan):
    # Posts P1, P2, P4 (P3 is retired). By 31 Oct only P1 was checked and approved (P3's check does
    # not count, P4's is only submitted): 1 of 3 = 33.3 % against 33.7 % of the quarter gone.
    p = metrics.compute(plan["posts"], OCT_31)
    assert (p.value, p.goal, p.extra["posts"]) == (1, 3, 3)
    assert p.status == Status.BEHIND
    # A day earlier 30/92 = 32.6 % of the quarter was gone: the same 33.3 % is on track.
    assert metrics.compute(plan["posts"], datetime.date(2026, 10, 30)).status == Status.ON_TRACK
    # 9 Nov: still only P1 (1/3 < 40/92); 30 Nov: P1 and P2 (2/3 = 66.7 % >= 61/92 = 66.3 %).
    nov_9 = metrics.compute(plan["posts"], datetime.date(2026, 11, 9))
    assert (nov_9.value, nov_9.status) == (1, Status.BEHIND)
    nov_30 = metrics.compute(plan["posts"], datetime.date(2026, 11, 30))
    assert (nov_30.value, nov_30.status) == (2, Status.ON_TRACK)


def test_messages_answered_within_two_working_days(month, plan):
    # Decided by 31 Oct: m1 (on time), m2 (on time: 14 Oct is a holiday, due 15 Oct), m3 (late),
    # m4 (unanswered, due 28 Oct). m5 is due 3 Nov; the spam one never counts. 2 of 4 = 50 %.
    p = metrics.compute(plan["messages"], OCT_31)
    assert p.extra == {"decided": 4, "on_time": 2}
    assert (p.value, p.goal, p.status) == (50.0, 80, Status.BEHIND)
    # The whole city adds the other kecamatan's message answered the next day: 3 of 5 = 60 % >= 50 %,
    # and October is over: achieved.
    city = metrics.compute(plan["messages_city"], OCT_31)
    assert (city.value, city.status) == (60.0, Status.ACHIEVED)
    # While the month runs, a share at or above its threshold is on track, not yet achieved.
    assert metrics.compute(plan["messages_city"], datetime.date(2026, 10, 23)).status == (
        Status.ON_TRACK
    )


def test_drill_down_to_kelurahan_and_officers(month, plan):
    k1, k2, k3 = month["k1"], month["k2"], month["k3"]
    rows = {
        k.pk: (value, goal, met)
        for k, value, goal, met in metrics.by_kelurahan(plan["visits"], OCT_31)
    }
    assert (
        rows[k1.pk] == (3, 2, True) and rows[k2.pk] == (2, 2, True) and rows[k3.pk] == (0, 2, False)
    )
    officers = [(o.name, n) for o, n in metrics.by_officer(plan["visits"], OCT_31)]
    assert officers == [("Andi Officer", 3), ("Budi Officer", 2)]
    assert [(o.name, n) for o, n in metrics.by_officer(plan["visits"], OCT_31, k2)] == [
        ("Budi Officer", 2)
    ]
    assert [(o.name, n) for o, n in metrics.by_officer(plan["posts"], OCT_31)] == [
        ("Eko Binkamsa", 1)
    ]
    messages = {
        k.pk: (v, met) for k, v, _goal, met in metrics.by_kelurahan(plan["messages"], OCT_31)
    }
    assert messages == {k1.pk: (100.0, True), k2.pk: (0.0, False)}  # k3: nothing decided yet
    assert metrics.by_officer(plan["messages"], OCT_31) is None


def test_on_track_rule():
    start, end = datetime.date(2026, 10, 1), datetime.date(2026, 10, 31)
    args = dict(start=start, end=end, stage_start=start)
    day_10 = datetime.date(2026, 10, 10)
    expected = metrics.elapsed_share(start, end, day_10)
    assert expected == pytest.approx(10 / 31)
    amount = "kelurahan_visits"
    assert metrics.status_for(amount, 33, 100, expected, day_10, **args) == Status.ON_TRACK
    assert metrics.status_for(amount, 32, 100, expected, day_10, **args) == Status.BEHIND
    assert metrics.status_for(amount, 100, 100, expected, day_10, **args) == Status.ACHIEVED
    assert metrics.status_for(amount, 0, 0, expected, day_10, **args) == Status.NO_DATA
    before = datetime.date(2026, 9, 30)
    assert metrics.status_for(amount, 0, 10, 0, before, **args) == Status.NOT_STARTED
    assert metrics.status_for(amount, 99, 100, 1.0, end, **args) == Status.BEHIND  # over, short
    rate = "messages_answered"
    assert metrics.status_for(rate, 80.0, 80, expected, day_10, **args) == Status.ON_TRACK
    assert metrics.status_for(rate, 79.9, 80, expected, day_10, **args) == Status.BEHIND
    assert metrics.status_for(rate, 80.0, 80, 1.0, end, **args) == Status.ACHIEVED
    assert metrics.status_for(rate, None, 80, expected, day_10, **args) == Status.NO_DATA


def test_query_count_does_not_grow_with_the_data(month, plan, cast):
    def queries():
        counts = {}
        for key in ("visits", "guidance", "schools", "posts", "messages"):
            with CaptureQueriesContext(connection) as ctx:
                metrics.compute(plan[key], OCT_31)
                metrics.by_kelurahan(plan[key], OCT_31)
                metrics.by_officer(plan[key], OCT_31)
            counts[key] = len(ctx.captured_queries)
        return counts

    before = queries()
    for day in (2, 3, 4):
        build_report(
            cast["officer_c"],
            cast["k3"],
            status="approved",
            approver=cast["supervisor"],
            started_at=at(day),
        )
        build_report(
            cast["officer_a"],
            cast["k1"],
            status="approved",
            approver=cast["supervisor"],
            started_at=at(day),
            activity_type="penyuluhan",
        )
    assert queries() == before
    assert max(before.values()) <= 8  # a few aggregate queries per target, whatever the data


def test_all_targets_at_once_match_one_by_one_in_constant_queries(month, plan):
    from openinfo.plans.models import Target

    def figures(items):
        return [(p.target.pk, p.value, p.goal, p.status) for p in items]

    targets = list(Target.objects.select_related("stage").order_by("pk"))
    one_by_one = [metrics.compute(t, OCT_31) for t in targets]
    with CaptureQueriesContext(connection) as ctx:
        together = metrics.evaluate_many(targets, OCT_31)
    assert figures(together) == figures(one_by_one)
    for original in targets[:4]:  # the same measures again for the whole city: no new query
        Target.objects.create(
            stage=original.stage,
            unit=original.unit,
            metric=original.metric,
            threshold=original.threshold,
            granularity=original.granularity,
        )
    more = list(Target.objects.select_related("stage").order_by("pk"))
    with CaptureQueriesContext(connection) as ctx_more:
        metrics.evaluate_many(more, OCT_31)
    assert len(ctx_more.captured_queries) == len(ctx.captured_queries)
