"""Reads against the floor of the stack: API lists and public pages, cold and warm, in one run.

Builds a throw-away database (SQLite in a temp dir, or the empty PostgreSQL database in
BENCH_DATABASE_URL), fills it (1,000 published articles by default, the demo register and visit
reports), serves it with two gunicorn instances on 127.0.0.1 — one with the content cache
(`warm`), one with CONTENT_CACHE_ENABLED=0 (`cold`: every read rebuilt) — and loads each endpoint
with the same bounded number of concurrent client threads for a fixed time, in interleaved rounds
(each endpoint takes its turn in every round, so load from elsewhere on the machine falls on all of
them alike). Printed per endpoint: requests/s, p50 and p95, and the ratio to `/healthz` (the whole
middleware stack and a small JSON answer, no query at all: a floor slightly above the issue's
"stack plus one SELECT 1", so the ratios are, if anything, understated), then the targets and the RSS of
every worker after the run. With BENCH_REDIS_URL (e.g. redis://127.0.0.1:6379/7, a database index of
its own: it is flushed) the servers use Redis as the cache, as production does.
Every request comes from a visitor address of its own (X-Forwarded-For, TRUSTED_PROXIES=1), so the
anonymous API rate limit runs on every read at its production rate and cost, cache hits included.

    .venv/bin/python bench/api_throughput.py                       # SQLite, locmem cache
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_empty \\
    BENCH_REDIS_URL=redis://127.0.0.1:6379/7 .venv/bin/python bench/api_throughput.py
    .venv/bin/python bench/api_throughput.py --only api --seconds 2   # a subset, longer turns

Nothing here asserts timings; it prints figures.
"""

import argparse
import http.client
import json
import os
import random
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
API_LISTS = [
    OURS,
    "/api/v1/topics/",
    "/api/v1/legal-references/",
    "/api/v1/officers/?limit=20",
    "/api/v1/regions/",
    "/api/v1/police-units/",
    "/api/v1/disclosures/?limit=20",
    "/api/v1/visits/?limit=20",
]
# Public page types; {placeholders} are filled from the prepared data.
PAGES = [
    "/",
    "/panduan/",
    "/panduan/?halaman=40",
    "/panduan/topik/{topic}/",
    "{article}",
    "/panduan/feed/rss/",
    "/sitemap.xml",
    "/informasi-publik/daftar/",
    "/informasi-publik/daftar/{disclosure}/",
    "/kegiatan/",
    "/kegiatan/{kecamatan}/",
]


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
# Published counselling articles: the demo ones, then copies of them up to the requested number,
# each live with topics, audiences and a hero image (generated banners) like the real ones, so the
# lists and Wagtail v2 both show the card image.
from io import BytesIO
from django.core.files.images import ImageFile
from django.core.management import call_command as run
from django.utils import timezone
from PIL import Image as Picture
from wagtail.images import get_image_model
from counselling.models import Audience, CounsellingArticlePage, CounsellingIndexPage, Topic
run("counselling_demo", verbosity=0)
Image = get_image_model()
for i in range(Image.objects.filter(title__startswith="Banner bench").count(), 12):
    buffer = BytesIO()
    Picture.new("RGB", (1200, 675), (20 + 18 * i, 90, 140)).save(buffer, "JPEG", quality=80)
    Image.objects.create(title=f"Banner bench {{i}}", file=ImageFile(buffer, name=f"banner-{{i}}.jpg"))
index = CounsellingIndexPage.objects.get()
demo_pages = list(CounsellingArticlePage.objects.live().prefetch_related("topics", "audiences"))
topics, audiences = list(Topic.objects.all()), list(Audience.objects.all())
images = list(Image.objects.filter(title__startswith="Banner bench").values_list("pk", flat=True))
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
run("openinfo_demo", verbosity=0)
run("visits_demo", verbosity=0)
import json
from home.models import Kecamatan
from openinfo.models import PublicInformation, VisitReport
first = CounsellingArticlePage.objects.live().order_by("pk").first()
print(json.dumps({{
    "summary": f"{{Officer.objects.filter(active=True).count()}} officers, "
               f"{{CounsellingArticlePage.objects.live().public().count()}} published articles, "
               f"{{Page.objects.live().count()}} live pages, "
               f"{{PublicInformation.objects.filter(live=True).count()}} register items, "
               f"{{VisitReport.objects.filter(status='approved').count()}} approved visit reports",
    "topic": first.topics.first().slug, "article": first.url,
    "disclosure": PublicInformation.objects.filter(live=True).order_by("pk").first().slug,
    "kecamatan": Kecamatan.objects.order_by("code").first().slug,
}}))
"""
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode:
        sys.exit(f"preparing data failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


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
        # Each request from a visitor of its own (as residents arriving from a shared link are):
        # the anonymous rate limit runs on every read at its production rate, with a history per
        # address as in production (one address for every thread would make it a 60 s history of
        # the whole run, or a 429 at the production rate).
        visitor = f"10.{random.randrange(256)}.{random.randrange(256)}.{random.randrange(1, 255)}"
        connection.request("GET", path, headers={"X-Forwarded-For": visitor, **(headers or {})})
        response = connection.getresponse()
        response.read()
        return response.status, dict(response.getheaders())
    finally:
        connection.close()


def load(port, path, seconds, concurrency, headers=None, expect=200):
    """GETs from `concurrency` threads for `seconds`; returns (latencies in s, elapsed s, errors)."""
    latencies, errors, lock = [], [0], threading.Lock()
    deadline = time.perf_counter() + seconds

    def worker(_index):
        mine, bad = [], 0
        while time.perf_counter() < deadline:
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
        list(pool.map(worker, range(concurrency)))
    return latencies, time.perf_counter() - started, errors[0]


def worker_rss_mb(server):
    """RSS of each worker process of a gunicorn master (from /proc), in MB."""
    sizes = []
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
    for pid in children.read_text().split() if children.exists() else []:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(int(line.split()[1]) / 1024)
    return sizes


def summarise(latencies, elapsed):
    latencies.sort()
    if not latencies:
        return 0.0, 0.0, 0.0
    return (
        len(latencies) / elapsed,
        statistics.median(latencies) * 1000,
        latencies[max(0, int(len(latencies) * 0.95) - 1)] * 1000,
    )


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--seconds", type=float, default=1.0, help="load time per endpoint per round"
    )
    parser.add_argument("--rounds", type=int, default=4, help="interleaved rounds")
    parser.add_argument("--concurrency", type=int, default=8, help="client threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server")
    parser.add_argument(
        "--only", choices=["api", "pages"], help="only the API lists or only the pages"
    )
    parser.add_argument("--officers", type=int, default=200)
    parser.add_argument("--pages", type=int, default=0, help="extra plain Wagtail pages")
    parser.add_argument("--articles", type=int, default=1000, help="published counselling articles")
    parser.add_argument(
        "--warmup", type=int, default=20, help="requests per endpoint before measuring"
    )
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="sambang-bench-")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
        "DEBUG": "0",
        "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3"),
        "MEDIA_ROOT": f"{workdir}/media",
        "TRUSTED_PROXIES": "1",  # the client stands for the proxy; X-Forwarded-For is the visitor
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
        "PYTHONWARNINGS": "ignore::UserWarning",  # no collected static files in the temp setup
    }
    env.pop("REDIS_URL", None)
    redis_url = os.environ.get("BENCH_REDIS_URL")
    if redis_url:
        import redis

        redis.Redis.from_url(redis_url).flushdb()
        env["REDIS_URL"] = redis_url
    print(f"database: {env['DATABASE_URL']}; cache: {redis_url or 'locmem (per process)'}")
    data = prepare_data(env, args.officers, args.pages, args.articles)
    print("data:", data["summary"])
    with open("/proc/loadavg") as loadavg:
        print("load average before:", " ".join(loadavg.read().split()[:3]))
    warm_port, cold_port = free_port(), free_port()
    servers = {
        "warm": start_gunicorn(env, warm_port, args.workers),
        "cold": start_gunicorn({**env, "CONTENT_CACHE_ENABLED": "0"}, cold_port, args.workers),
    }
    ports = {"warm": warm_port, "cold": cold_port}
    try:
        print(
            f"gunicorn: 'warm' (content cache) on {warm_port}, 'cold' (CONTENT_CACHE_ENABLED=0) on "
            f"{cold_port}, {args.workers} workers each; client: {args.concurrency} threads, "
            f"{args.seconds:g} s per endpoint in each of {args.rounds} interleaved rounds\n"
        )
        runs = [("/healthz", "warm", "/healthz", None, 200)]
        if args.only != "pages":
            for path in API_LISTS:
                runs.append((f"{path} cold", "cold", path, None, 200))
                runs.append((f"{path} warm", "warm", path, None, 200))
                runs.append((f"{path} 304", "warm", path, "etag", 304))
            runs.append((f"{WAGTAIL_V2} (Wagtail v2)", "cold", WAGTAIL_V2, None, 200))
        if args.only != "api":
            for template in PAGES:
                path = template.format(**data)
                runs.append((f"{path} cold", "cold", path, None, 200))
                runs.append((f"{path} warm", "warm", path, None, 200))
            runs.append(("/panduan/ 304", "warm", "/panduan/", "etag", 304))
        prepared = []
        for label, server, path, headers, expect in runs:
            if headers == "etag":
                status, response_headers = request(ports[server], path)
                etag = response_headers.get("ETag")
                if status != 200 or not etag:
                    print(f"{label}: no ETag (status {status}); skipped")
                    continue
                headers = {"If-None-Match": etag}
            for _ in range(args.warmup):
                request(ports[server], path, headers)
            prepared.append((label, ports[server], path, headers, expect))
        totals = {label: ([], 0.0, 0) for label, *_ in prepared}
        for _round in range(args.rounds):
            for label, port, path, headers, expect in prepared:
                latencies, elapsed, errors = load(
                    port, path, args.seconds, args.concurrency, headers, expect
                )
                kept, spent, failed = totals[label]
                totals[label] = (kept + latencies, spent + elapsed, failed + errors)
        results = {
            label: (*summarise(lat, spent), failed)
            for label, (lat, spent, failed) in totals.items()
        }
        floor = results["/healthz"][0]
        print(
            f"{'endpoint':78} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'errors':>6} {'% floor':>7}"
        )
        for label, (rps, p50, p95, errors) in results.items():
            print(
                f"{label:78} {rps:7.0f} {p50:7.1f} {p95:7.1f} {errors:6d} {100 * rps / floor:6.0f}%"
            )
        print()
        # Latency without queueing: one client, one request at a time, on the cold server (with 8
        # client threads on 2 workers a request mostly waits for the ones ahead of it).
        single = {}
        if args.only != "api":
            for path in ("/panduan/", "/panduan/?halaman=40"):
                latencies, elapsed, _errors = load(
                    cold_port, path, args.seconds * args.rounds / 2, 1
                )
                single[path] = summarise(latencies, elapsed)
                rps, p50, p95 = single[path]
                print(
                    f"{path} cold, one client at a time: p50 {p50:.1f} ms, p95 {p95:.1f} ms "
                    f"({len(latencies)} requests)"
                )
            print()
        report_targets(results, floor, single)
        with open("/proc/loadavg") as loadavg:
            print("load average after:", " ".join(loadavg.read().split()[:3]))
        for name, server in servers.items():
            sizes = worker_rss_mb(server)
            print(
                f"worker RSS after the run, {name}: "
                + ", ".join(f"{size:.0f} MB" for size in sizes)
                + f"  (target < 250 MB: {'met' if sizes and max(sizes) < 250 else 'NOT met'})"
            )
    finally:
        for server in servers.values():
            server.terminate()
        for server in servers.values():
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        shutil.rmtree(workdir, ignore_errors=True)


CONCURRENCY_NOTE = "the client threads, queued behind each other"


def report_targets(results, floor, single):
    def ratio(label):
        return results[label][0] / floor

    def verdict(ok):
        return "met" if ok else "NOT met"

    warm_api = [k for k in results if k.startswith("/api/v1/") and k.endswith(" warm")]
    warm_pages = [k for k in results if not k.startswith("/api/") and k.endswith(" warm")]
    not_modified = [k for k in results if k.endswith(" 304")]
    for name, labels, target in (
        ("warm API lists", warm_api, 0.5),
        ("warm public pages", warm_pages, 0.5),
        ("304 paths", not_modified, 0.7),
    ):
        if labels:
            worst = min(labels, key=ratio)
            print(
                f"{name}: lowest {100 * ratio(worst):.0f}% of /healthz ({worst}); "
                f"target >= {100 * target:.0f}%: {verdict(ratio(worst) >= target)}"
            )
    v2 = f"{WAGTAIL_V2} (Wagtail v2)"
    if f"{OURS} cold" in results and v2 in results:
        times = results[f"{OURS} cold"][0] / results[v2][0]
        print(
            f"cold article list vs Wagtail v2 (same fields and more): {times:.2f}x; "
            f"target >= 3x: {verdict(times >= 3)}"
        )
    if "/panduan/" in single:
        p50 = single["/panduan/"][1]
        loaded = results["/panduan/ cold"][1]
        print(
            f"/panduan/ cold p50: {p50:.1f} ms one client at a time ({loaded:.1f} ms among "
            f"{CONCURRENCY_NOTE}); target < 100 ms: {verdict(p50 < 100)}"
        )


if __name__ == "__main__":
    main()
