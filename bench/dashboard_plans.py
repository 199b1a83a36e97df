"""The action-plan part of bench/dashboard.py: other units' activities (Siskamling post checks with
their posts, Bintibsos guidance sessions), residents' messages, a plan with targets of every measure
and an open situation period, and the timings of the plan-progress and situation widgets.

Rows are generated inside PostgreSQL (set-based SQL), like the visit reports."""

import statistics
import time
from datetime import timedelta

from django.db import connection
from django.utils import timezone

POSTS_PER_KELURAHAN = 5


def generate(messages):
    from openinfo.models import GuidanceSession, SiskamlingCheck, SiskamlingPost, VisitReport
    from openinfo.reports.models import ResidentMessage

    report = VisitReport._meta.db_table
    post, check = SiskamlingPost._meta.db_table, SiskamlingCheck._meta.db_table
    guidance, message = GuidanceSession._meta.db_table, ResidentMessage._meta.db_table
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {check}, {guidance}, {post}, {message} RESTART IDENTITY CASCADE")
        # 1 in 10 reports becomes a Siskamling post check, 1 in 20 a Bintibsos session.
        cursor.execute(
            f"UPDATE {report} SET activity_type = CASE WHEN mod(id, 10) = 7 THEN 'siskamling_check' "
            "ELSE 'bintibsos_session' END, satbinmas_unit_id = (SELECT id FROM openinfo_satbinmasunit "
            "WHERE code = CASE WHEN mod(id, 10) = 7 THEN 'binkamsa' ELSE 'bintibsos' END) "
            "WHERE mod(id, 10) = 7 OR mod(id, 20) = 9"
        )
        cursor.execute(
            f"INSERT INTO {post} (kelurahan_id, name, rw, rt, active, retired) "
            "SELECT k.id, 'Pos ' || n, lpad(n::text, 2, '0'), '', true, n = 5 "
            f"FROM home_kelurahan k CROSS JOIN generate_series(1, {POSTS_PER_KELURAHAN}) n"
        )
        cursor.execute(
            f"INSERT INTO {check} (report_id, post_id, post_active, guards_on_duty, findings) "
            f"SELECT r.id, p.id, true, 3, '' FROM {report} r JOIN {post} p "
            f"ON p.kelurahan_id = r.kelurahan_id AND p.rw = lpad((mod(r.id / 10, {POSTS_PER_KELURAHAN}) + 1)::text, 2, '0') "
            "WHERE r.activity_type = 'siskamling_check'"
        )
        cursor.execute(
            f"INSERT INTO {guidance} (report_id, audience_kind, audience_name, attendees) "
            "SELECT id, (ARRAY['school','organisation','youth','other'])[mod(id / 20, 4) + 1], 'Sasaran', 30 "
            f"FROM {report} WHERE activity_type = 'bintibsos_session'"
        )
        cursor.execute(
            f"""
            INSERT INTO {message} (tracking_code, secret_hash, source, kind, kelurahan_id, kecamatan_id,
                message, when_where, photo, contact_choice, contact_phone, contact_email, consent_at,
                status, received_at, due_date, first_reply_at, close_reason, updated_at)
            SELECT 'B' || lpad(g::text, 9, '0'), '', 'web', 'informasi', k.id, k.kecamatan_id,
                '', '', '', 'anonim', '', '', s.ts,
                CASE WHEN mod(g, 5) = 0 THEN 'received' ELSE 'answered' END, s.ts,
                (s.ts AT TIME ZONE 'Asia/Jakarta')::date + 2,
                CASE WHEN mod(g, 5) = 0 THEN NULL ELSE s.ts + mod(g, 96) * interval '1 hour' END,
                CASE WHEN mod(g, 50) = 3 THEN 'spam' ELSE '' END, s.ts
            FROM generate_series(1, %s) g
            JOIN (SELECT id, kecamatan_id, row_number() OVER (ORDER BY id) AS n FROM home_kelurahan) k
              ON k.n = mod(g, (SELECT count(*) FROM home_kelurahan)) + 1
            CROSS JOIN LATERAL (SELECT now() - mod(g::bigint * 7919, 365 * 24 * 60) * interval '1 minute' AS ts) s
            """,
            [messages],
        )
        cursor.execute(f"SELECT count(*) FROM {check}")
        checks = cursor.fetchone()[0]
        cursor.execute(f"SELECT count(*) FROM {guidance}")
        sessions = cursor.fetchone()[0]
    print(
        f"  unit activities: {checks:,} Siskamling checks, {sessions:,} guidance sessions; "
        f"{messages:,} residents' messages in {time.perf_counter() - started:.1f} s"
    )


def ensure_plan():
    """A plan running today with a target of every measure city-wide and per kecamatan, and an open
    situation period."""
    from home.models import Kecamatan
    from openinfo.models import SatbinmasUnit
    from openinfo.plans.models import Plan, SituationPeriod, Stage, Target

    today = timezone.localdate()
    Plan.objects.filter(name="Bench plan").delete()
    plan = Plan.objects.create(
        name="Bench plan",
        start=today - timedelta(days=60),
        end=today + timedelta(days=480),
        status=Plan.Status.ACTIVE,
    )
    stage = Stage.objects.create(
        plan=plan, name="Tahap 2", start=plan.start, end=today + timedelta(days=120)
    )
    units = {u.code: u for u in SatbinmasUnit.objects.all()}
    specs = [
        ("kelurahan_visits", 2, "bhabinkamtibmas", "month", False),
        ("guidance_sessions", 500, "bintibsos", "term", False),
        ("guidance_sessions", 100, "bintibsos", "term", True),
        ("siskamling_checks", 100, "binkamsa", "quarter", False),
        ("messages_answered", 80, "bhabinkamtibmas", "month", False),
    ]
    areas = [None, *Kecamatan.objects.order_by("code")]
    for kecamatan in areas:
        for metric, threshold, unit, granularity, schools in specs:
            Target.objects.create(
                stage=stage,
                unit=units[unit],
                kecamatan=kecamatan,
                metric=metric,
                threshold=threshold,
                granularity=granularity,
                schools_only=schools,
            )
    SituationPeriod.objects.filter(name="Bench Pilkada").delete()
    SituationPeriod.objects.create(
        name="Bench Pilkada",
        start=today - timedelta(days=30),
        end=today + timedelta(days=30),
        categories=["politik", "konflik_sosial", "premanisme"],
    )
    return Target.objects.filter(stage=stage).count()


def _time(fn, runs=5):
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings), max(timings)


def run(report_line):
    """Time every plan widget; `report_line(label, median, worst)` prints and tracks the worst."""
    from django.contrib.auth import get_user_model

    from openinfo.plans import metrics, progress, situation
    from openinfo.plans.models import SituationPeriod, Target
    from openinfo.plans.templatetags.plans_tags import widgets_for

    targets = ensure_plan()
    today = timezone.localdate()
    leader = get_user_model().objects.filter(is_superuser=True).first()
    if leader is None:
        leader = get_user_model().objects.create_superuser("bench-leader", "", "x")
    print(
        f"\nplan progress: {targets} targets (5 measures x city + every kecamatan), as of {today}"
    )
    city = {
        t.metric + (" (schools)" if t.schools_only else ""): t
        for t in Target.objects.filter(
            stage__plan__name="Bench plan", kecamatan__isnull=True
        ).select_related("stage")
    }
    for label, target in city.items():
        report_line(f"{label} city", *_time(lambda t=target: metrics.compute(t, today)))
        report_line("  by kelurahan", *_time(lambda t=target: metrics.by_kelurahan(t, today)))
        report_line("  by officer", *_time(lambda t=target: metrics.by_officer(t, today)))
    report_line(
        "dashboard plan+situation widget",
        *_time(lambda: widgets_for(leader, today), runs=3),
    )
    report_line(
        "export rows (all targets)",
        *_time(
            lambda: progress.export_rows(progress.evaluate(progress.targets_on(today), today)),
            runs=3,
        ),
    )
    report_line(
        "monthly report (this month)",
        *_time(lambda: progress.monthly_report(leader, today.replace(day=1), today), runs=3),
    )
    period = SituationPeriod.objects.get(name="Bench Pilkada")
    report_line("situation summary (city)", *_time(lambda: situation.summary(period, today)))
