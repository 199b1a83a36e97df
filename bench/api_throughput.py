"""Partner API throughput: our /api/v1/ against Wagtail's /api/v2/ on the same data, same run.

Builds a throw-away database (SQLite in a temp dir, or the empty PostgreSQL database in
BENCH_DATABASE_URL), fills it, serves it with gunicorn on 127.0.0.1 and loads each endpoint with the
same bounded number of concurrent client threads, printing requests/s, p50 and p95 per endpoint, plus
each conditional (304) path. By default: our /api/v1/articles/ against Wagtail's
/api/v2/pages/?type=counselling.CounsellingArticlePage with the same fields (summary, topics,
dates, card image, URL) over at least 1,000 published articles, and our 304 path.

    .venv/bin/python bench/api_throughput.py                      # the article comparison
    .venv/bin/python bench/api_throughput.py --requests 3000 --concurrency 16 --workers 4 \\
        --endpoint '/api/v1/officers/?limit=20' --endpoint '/api/v2/pages/?limit=20' \\
        --conditional '/api/v1/officers/?limit=20'

Nothing here asserts timings; it prints figures.
"""

import argparse
import http.client
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OURS = "/api/v1/articles/?limit=20"
WAGTAIL_V2 = (
    "/api/v2/pages/?type=counselling.CounsellingArticlePage&limit=20"
    "&fields=summary,topic_refs,last_published_at,thumbnail"
)
DEFAULT_ENDPOINTS = [OURS, WAGTAIL_V2]
DEFAULT_CONDITIONAL = [OURS]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare_data(env, officers, pages, articles):
    """Migrate and fill the bench database in a child process (so this one stays Django-free)."""
    script = f"""
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from home import demo
from home.regions import load_police_units, load_regions
from home.models import Kelurahan, Officer, PoliceUnit
from wagtail.models import Page
load_regions(); load_police_units(); home = demo.ensure_site(); demo.ensure_settings()
units = list(PoliceUnit.objects.filter(kind="polsek"))
kels = list(Kelurahan.objects.all())
have = Officer.objects.count()
if have < {officers}:
    made = Officer.objects.bulk_create([
        Officer(name=f"Petugas Bench {{i}}", rank="Bripka", unit=units[i % len(units)],
                phone=f"0812{{i:08d}}", whatsapp=f"0813{{i:08d}}", contact_opt_in=i % 2 == 0)
        for i in range(have, {officers})
    ])
    Through = Officer.kelurahan.through
    Through.objects.bulk_create([
        Through(officer_id=o.pk, kelurahan_id=kels[i % len(kels)].pk) for i, o in enumerate(made)
    ])
existing = home.get_children().filter(slug__startswith="bench-").count()
for i in range(existing, {pages}):
    home.add_child(instance=Page(title=f"Halaman bench {{i}}", slug=f"bench-{{i}}"))
# Published counselling articles: the demo ones (with generated banners), then copies of them up to
# the requested number, each live with topics, audiences and a hero image like the real ones.
from django.core.management import call_command as run
from django.utils import timezone
from counselling.models import Audience, CounsellingArticlePage, CounsellingIndexPage, Topic
run("counselling_demo", verbosity=0)
index = CounsellingIndexPage.objects.get()
demo_pages = list(CounsellingArticlePage.objects.live().prefetch_related("topics", "audiences"))
topics, audiences = list(Topic.objects.all()), list(Audience.objects.all())
images = [p.hero_image_id for p in demo_pages if p.hero_image_id]
have = CounsellingArticlePage.objects.live().count()
for i in range(have, {articles}):
    model = demo_pages[i % len(demo_pages)]
    now = timezone.now()
    page = CounsellingArticlePage(
        title=f"{{model.title}} ({{i}})", slug=f"bench-artikel-{{i}}", summary=model.summary,
        body=model.body.raw_data, hero_image_id=images[i % len(images)] if images else None,
        live=True, first_published_at=now, last_published_at=now,
    )
    page.topics = [topics[i % len(topics)], topics[(i * 7) % len(topics)]]
    page.audiences = [audiences[i % len(audiences)]]
    index.add_child(instance=page)
print(Officer.objects.filter(active=True).count(), "officers,",
      CounsellingArticlePage.objects.live().public().count(), "published articles,",
      Page.objects.live().count(), "live pages")
"""
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode:
        sys.exit(f"preparing data failed:\n{result.stderr[-3000:]}")
    return result.stdout.strip().splitlines()[-1]


def start_gunicorn(env, port, workers):
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
    process = subprocess.Popen(
        [
            gunicorn,
            "cms.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            status, _headers = request(port, "/healthz")
            if status == 200:
                return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    sys.exit("gunicorn did not come up")


def request(port, path, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        response.read()
        return response.status, dict(response.getheaders())
    finally:
        connection.close()


def load(port, path, total, concurrency, headers=None, expect=200):
    """`total` GETs from `concurrency` threads; returns (latencies in s, elapsed s, errors)."""
    latencies, errors, lock = [], [0], threading.Lock()
    per_thread = [
        total // concurrency + (1 if i < total % concurrency else 0) for i in range(concurrency)
    ]

    def worker(count):
        mine, bad = [], 0
        for _ in range(count):
            started = time.perf_counter()
            try:
                status, _ = request(port, path, headers)
            except OSError:
                status = None
            mine.append(time.perf_counter() - started)
            bad += status != expect
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(worker, per_thread))
    elapsed = time.perf_counter() - started
    return latencies, elapsed, errors[0]


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--endpoint", action="append", help="path to load (repeatable)")
    parser.add_argument(
        "--conditional",
        action="append",
        help="path to load with the If-None-Match of its last response (the 304 path)",
    )
    parser.add_argument("--requests", type=int, default=1000, help="requests per endpoint")
    parser.add_argument("--concurrency", type=int, default=8, help="client threads")
    parser.add_argument(
        "--rounds", type=int, default=5, help="interleaved rounds the requests are split into"
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--officers", type=int, default=200)
    parser.add_argument("--pages", type=int, default=0, help="extra plain Wagtail pages")
    parser.add_argument("--articles", type=int, default=1000, help="published counselling articles")
    parser.add_argument("--warmup", type=int, default=50)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    endpoints = args.endpoint or DEFAULT_ENDPOINTS
    conditional = args.conditional if args.conditional is not None else DEFAULT_CONDITIONAL

    workdir = tempfile.mkdtemp(prefix="sambang-bench-")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DEBUG": "0",
        "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3"),
        "MEDIA_ROOT": f"{workdir}/media",
        "API_ANON_RATE": "100000000/min",  # measure serving, not the throttle
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
        "PYTHONWARNINGS": "ignore::UserWarning",  # no collected static files in the temp setup
    }
    print(f"database: {env['DATABASE_URL']}")
    print("data:", prepare_data(env, args.officers, args.pages, args.articles))
    port = args.port or free_port()
    server = start_gunicorn(env, port, args.workers)
    try:
        print(
            f"gunicorn 127.0.0.1:{port}, {args.workers} workers; client: {args.concurrency} threads, "
            f"{args.requests} requests per endpoint in {args.rounds} interleaved rounds\n"
        )
        print(f"{'endpoint':58} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7}")
        runs = []
        for path in endpoints:
            runs.append((path, path, None, 200))
        for path in conditional:
            status, response_headers = request(port, path)
            etag = response_headers.get("ETag")
            if status != 200 or not etag:
                print(f"{path}: no ETag (status {status}); skipped")
                continue
            runs.append((f"{path} [304]", path, {"If-None-Match": etag}, 304))
        for _label, path, headers, _expect in runs:
            for _ in range(args.warmup):
                request(port, path, headers)
        # Interleaved rounds: each endpoint takes its turn in every round, so a burst of load from
        # elsewhere on the machine falls on all of them alike instead of on one.
        totals = {label: ([], 0.0, 0) for label, *_ in runs}
        for round_number in range(args.rounds):
            share = args.requests // args.rounds + (
                1 if round_number < args.requests % args.rounds else 0
            )
            for label, path, headers, expect in runs:
                latencies, elapsed, errors = load(
                    port, path, share, args.concurrency, headers, expect
                )
                kept, spent, failed = totals[label]
                totals[label] = (kept + latencies, spent + elapsed, failed + errors)
        results = {}
        for label, (latencies, elapsed, errors) in totals.items():
            latencies.sort()
            rps = len(latencies) / elapsed
            p50 = statistics.median(latencies) * 1000
            p95 = latencies[max(0, int(len(latencies) * 0.95) - 1)] * 1000
            results[label] = rps
            print(f"{label:58} {rps:8.0f} {p50:8.1f} {p95:8.1f} {errors:7d}")
        print()
        v1 = [k for k in results if k.startswith("/api/v1/") and not k.endswith("[304]")]
        v2 = [k for k in results if k.startswith("/api/v2/")]
        if v1 and v2:
            print(
                f"ours vs Wagtail API v2: {results[v1[0]] / results[v2[0]]:.2f}x  ({v1[0]} vs {v2[0]})"
            )
        for label in results:
            if label.endswith("[304]") and label[:-6] in results:
                print(
                    f"304 path vs full path: {results[label] / results[label[:-6]]:.2f}x  ({label[:-6]})"
                )
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
