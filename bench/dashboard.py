"""Dashboard at scale: bulk-generate visit reports (with signals and topics) on PostgreSQL and time
each dashboard widget's queries.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sambang_bench .venv/bin/python bench/dashboard.py [--reports 1000000]

Rows are generated inside PostgreSQL with generate_series (seconds, not hours). The daily aggregate
tables are then rebuilt with the same set-based SQL the app uses (openinfo/visits/aggregates.py),
and each widget of openinfo/visits/dashboard.py runs 5 times over the default 6-month period, the
whole 2-year period, and one kecamatan; the median and the worst time are printed. Target: < 1 s.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
if os.environ.get("BENCH_DATABASE_URL"):
    os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]

import django  # noqa: E402

django.setup()

import dashboard_plans  # noqa: E402  (bench/dashboard_plans.py, beside this script)
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402


def generate(count):
    from openinfo.models import EarlyWarningSignal, VisitReport

    report = VisitReport._meta.db_table
    signal = EarlyWarningSignal._meta.db_table
    through = VisitReport.topics.through._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {through}, {signal}, {report} RESTART IDENTITY CASCADE")
        cursor.execute("DROP TABLE IF EXISTS bench_pairs")
        cursor.execute(
            "CREATE TEMP TABLE bench_pairs AS SELECT row_number() OVER (ORDER BY o.id, ok.kelurahan_id) AS n, "
            "o.id AS officer_id, o.unit_id, ok.kelurahan_id, k.kecamatan_id "
            "FROM home_officer o JOIN home_officer_kelurahan ok ON ok.officer_id = o.id "
            "JOIN home_kelurahan k ON k.id = ok.kelurahan_id"
        )
        cursor.execute("SELECT count(*) FROM bench_pairs")
        pairs = cursor.fetchone()[0]
        started = time.perf_counter()
        cursor.execute(
            f"""
            INSERT INTO {report} (officer_id, unit_id, kelurahan_id, kecamatan_id, rw, rt, activity_type,
                started_at, duration_minutes, visit_date, public_summary, internal_notes, participant_names,
                follow_up_actions, participant_total, status, review_comment, submitted_at, approved_at,
                created_at, updated_at)
            SELECT p.officer_id, p.unit_id, p.kelurahan_id, p.kecamatan_id, lpad((mod(g, 12) + 1)::text, 2, '0'), '01',
                (ARRAY['sambang','dds','patroli_dialogis','penyuluhan','problem_solving','koordinasi_3pilar'])[mod(g, 6) + 1],
                s.ts, 60, (s.ts AT TIME ZONE 'Asia/Jakarta')::date,
                'Sambang dan dialog kamtibmas dengan warga.', '', '', '', 5 + mod(g, 30),
                CASE WHEN mod(g, 20) = 0 THEN 'submitted' WHEN mod(g, 50) = 1 THEN 'draft' ELSE 'approved' END,
                '', s.ts, s.ts, s.ts, s.ts
            FROM generate_series(1, %s) AS g
            JOIN bench_pairs p ON p.n = (mod(g, %s)) + 1
            CROSS JOIN LATERAL (SELECT now() - mod(g::bigint * 7919, 730 * 24 * 60) * interval '1 minute' AS ts) s
            """,
            [count, pairs],
        )
        print(f"  inserted {count:,} reports in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        cursor.execute(
            f"""
            INSERT INTO {signal} (report_id, sort_order, category, severity, description, status, kecamatan_id,
                kelurahan_id, unit_id, observed_on, reported, created_at)
            SELECT r.id, 0,
                (ARRAY['konflik_sosial','narkoba','tawuran','premanisme','politik','bencana','radikalisme','kriminalitas'])[mod(r.id, 8) + 1],
                (ARRAY['rendah','sedang','tinggi'])[mod(r.id, 3) + 1], 'internal',
                (ARRAY['open','monitored','resolved','resolved'])[mod(r.id, 4) + 1],
                r.kecamatan_id, r.kelurahan_id, r.unit_id, r.visit_date, r.status IN ('submitted', 'approved'), r.created_at
            FROM {report} r WHERE mod(r.id, 10) = 3
            """
        )
        cursor.execute(
            f"INSERT INTO {through} (visitreport_id, topic_id) "
            f"SELECT r.id, t.id FROM {report} r JOIN (SELECT id, row_number() OVER (ORDER BY id) AS n FROM counselling_topic) t "
            f"ON t.n = mod(r.id, 17) + 1 OR t.n = mod(r.id, 5) + 3 WHERE r.activity_type IN ('sambang', 'penyuluhan', 'dds')"
        )
        print(f"  inserted signals and topics in {time.perf_counter() - started:.1f} s")
        cursor.execute(f"SELECT count(*) FROM {signal}")
        signals = cursor.fetchone()[0]
        cursor.execute(f"SELECT count(*) FROM {through}")
        topic_rows = cursor.fetchone()[0]
    print(f"  {signals:,} signals, {topic_rows:,} report-topic rows")


def generate_tasks(count):
    """`count` tasks (openinfo.tasks) spread over officers, units and statuses, in one INSERT:
    40% open, 20% in progress (about two thirds of the open ones past their due date), 30% done
    (completed over the last 90 days, fulfilled by a report), 10% cancelled."""
    from django.contrib.auth import get_user_model

    from openinfo.models import SatbinmasUnit, VisitReport
    from openinfo.tasks.models import Task, TaskEvent

    SatbinmasUnit.objects.ensure()
    assigner, _created = get_user_model().objects.get_or_create(username="bench-pimpinan")
    report_id = VisitReport.objects.order_by("pk").values_list("pk", flat=True).first()
    if report_id is None:
        sys.exit("generate visit reports first: a done task names the report that fulfilled it")
    task, event = Task._meta.db_table, TaskEvent._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {event}, {task} RESTART IDENTITY CASCADE")
        cursor.execute(
            "CREATE TEMP TABLE IF NOT EXISTS bench_task_people AS SELECT row_number() OVER "
            "(ORDER BY o.id, ok.kelurahan_id) AS n, o.id AS officer_id, ok.kelurahan_id "
            "FROM home_officer o JOIN home_officer_kelurahan ok ON ok.officer_id = o.id"
        )
        cursor.execute("SELECT count(*) FROM bench_task_people")
        people = cursor.fetchone()[0]
        started = time.perf_counter()
        cursor.execute(
            f"""
            WITH units AS (SELECT row_number() OVER (ORDER BY id) AS n, id FROM openinfo_satbinmasunit)
            INSERT INTO {task} (activity_type, kelurahan_id, place, due_date, instructions,
                assignee_officer_id, assignee_unit_id, unit_id, created_by_id, status, fulfilled_by_id,
                completed_at, created_at, updated_at)
            SELECT (ARRAY['sambang','dds','patroli_dialogis','penyuluhan','siskamling_check',
                    'fkpm_meeting'])[mod(g, 6) + 1],
                p.kelurahan_id, '', current_date + (mod(g, 60) - 40), 'Tugas uji.',
                CASE WHEN mod(g, 3) = 0 THEN NULL ELSE p.officer_id END,
                CASE WHEN mod(g, 3) = 0 THEN u.id END, u.id, %s,
                s.status, CASE WHEN s.status = 'done' THEN %s END,
                CASE WHEN s.status = 'done' THEN now() - make_interval(days => mod(g, 90)) END,
                now() - make_interval(days => mod(g, 120) + 1), now()
            FROM generate_series(1, %s) g
            JOIN bench_task_people p ON p.n = mod(g, %s) + 1
            JOIN units u ON u.n = mod(g, 6) + 1
            CROSS JOIN LATERAL (SELECT CASE WHEN mod(g, 10) < 4 THEN 'open'
                WHEN mod(g, 10) < 6 THEN 'in_progress' WHEN mod(g, 10) < 9 THEN 'done'
                ELSE 'cancelled' END AS status) s
            """,
            [assigner.pk, report_id, count, people],
        )
        cursor.execute(f"ANALYZE {task}")
    print(f"  inserted {count:,} tasks in {time.perf_counter() - started:.1f} s")


def time_task_widget():
    """The tasks widget's one aggregate query over every task (whole city), 5 runs."""
    from openinfo.tasks import dashboard as task_figures
    from openinfo.tasks.models import Task

    timings = []
    for _ in range(5):
        started = time.perf_counter()
        rows = task_figures.counts_by_unit()
        timings.append(time.perf_counter() - started)
    print(
        f"\ntasks widget over {Task.objects.count():,} tasks: median "
        f"{statistics.median(timings) * 1000:.1f} ms, worst {max(timings) * 1000:.1f} ms "
        f"({sum(r['open'] for r in rows):,} open, {sum(r['overdue'] for r in rows):,} overdue) "
        f"-> target < 1000 ms: {'MET' if max(timings) < 1 else 'NOT MET'}"
    )


def time_plan_widgets():
    """The action plan's widgets (bench/dashboard_plans.py); returns the worst run in seconds."""
    worst = [0.0]

    def report_line(label, median, slowest):
        worst[0] = max(worst[0], slowest)
        print(f"  {label:<34} median {median * 1000:8.1f} ms   worst {slowest * 1000:8.1f} ms")

    dashboard_plans.run(report_line)
    return worst[0]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=1_000_000)
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--messages", type=int, default=100_000, help="residents' messages")
    parser.add_argument(
        "--reuse", action="store_true", help="keep existing rows, only time the widgets"
    )
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("bench/dashboard.py needs PostgreSQL: set DATABASE_URL=postgres://...")

    from home import demo
    from openinfo.models import VisitDailyStat, VisitReport, VisitTopicDailyStat
    from openinfo.visits import dashboard as dash
    from openinfo.visits.aggregates import rebuild_all

    call_command("migrate", verbosity=0)
    call_command("load_regions", verbosity=0)
    call_command("load_police_units", verbosity=0)
    call_command("load_topics", verbosity=0)
    demo.ensure_officers()

    if not args.reuse:
        print(f"Generating {args.reports:,} visit reports on PostgreSQL ...")
        generate(args.reports)
        dashboard_plans.generate(args.messages)
        started = time.perf_counter()
        rebuild_all()
        print(f"  rebuilt daily aggregates in {time.perf_counter() - started:.1f} s")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        generate_tasks(args.tasks)
    print(
        f"reports: {VisitReport.objects.count():,}  daily-stat rows: {VisitDailyStat.objects.count():,}  "
        f"topic-stat rows: {VisitTopicDailyStat.objects.count():,}"
    )

    from home.models import Kecamatan

    today = timezone.localdate()
    scenarios = {
        "default 6 months": dash.Filters.from_request({}),
        "2 years, all areas": dash.Filters(date_from=today - timedelta(days=730), date_to=today),
        "2 years, one kecamatan": dash.Filters(
            date_from=today - timedelta(days=730),
            date_to=today,
            kecamatan=Kecamatan.objects.order_by("code").first(),
        ),
    }
    worst_overall = 0.0
    for label, filters in scenarios.items():
        print(f"\n{label}: {filters.date_from} .. {filters.date_to}")
        for key, widget in dash.WIDGETS.items():
            timings = []
            for _ in range(5):
                started = time.perf_counter()
                widget(filters)
                timings.append(time.perf_counter() - started)
            worst_overall = max(worst_overall, max(timings))
            print(
                f"  {key:<18} median {statistics.median(timings) * 1000:8.1f} ms   worst {max(timings) * 1000:8.1f} ms"
            )
    worst_overall = max(worst_overall, time_plan_widgets())
    print(
        f"\nslowest widget run: {worst_overall * 1000:.1f} ms -> target < 1000 ms: "
        f"{'MET' if worst_overall < 1 else 'NOT MET'}"
    )

    time_task_widget()

    # keeping the aggregate exact on change: approve one more report and check its bucket
    report = VisitReport.objects.filter(status="submitted").order_by("pk").first()
    if report:
        before = VisitDailyStat.objects.filter(
            day=report.visit_date,
            kelurahan=report.kelurahan,
            officer=report.officer,
            activity_type=report.activity_type,
        ).first()
        started = time.perf_counter()
        report.public_summary = report.public_summary or "Ringkasan."
        report.approve(None)
        elapsed = time.perf_counter() - started
        after = VisitDailyStat.objects.get(
            day=report.visit_date,
            kelurahan=report.kelurahan,
            officer=report.officer,
            activity_type=report.activity_type,
        )
        print(
            f"approve() incl. aggregate refresh: {elapsed * 1000:.1f} ms; bucket "
            f"{before.visits if before else 0} -> {after.visits}"
        )


if __name__ == "__main__":
    main()
