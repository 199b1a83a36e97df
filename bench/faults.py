"""Faults under load on the production stack (issue 18).

Runs gunicorn with `cms.settings.production` on this machine against the PostgreSQL database
`sambang_faults` (reached through a small TCP proxy this script can stop), a Redis it starts on its
own port, and an Elasticsearch stand-in (ELASTICSEARCH_URL) that answers as an empty index or, in
its phase, accepts connections and never answers.
A bounded mixed load runs in every phase: reader threads (public pages and API lists), a search
thread, and writer threads filing Lapor & Tanya messages through the partner API with an
`Idempotency-Key` (each write retried with the same key until it is acknowledged, as a client
should). Phases, one after the other, each `--seconds` long, the fault applied in the middle half:

    baseline       no fault
    elasticsearch  the search cluster hangs (accepts, never answers), then answers again
    redis          Redis killed (SIGKILL), then started again (empty) on the same port
    database       the database proxy killed: connections refused; then started again
    worker-kill    a gunicorn worker SIGKILLed every 4 s (mid-request)

Printed per phase: requests, errors by status (`conn` = connection dropped or refused), 5xx other
than 503, acknowledged writes, lost writes (acknowledged but not in the database), duplicates
(one write stored twice), stuck idempotency keys (a write never acknowledged, or a key left in
flight), time to recover after the fault ends, error-log lines, and the throughput of non-search
reads against the baseline (during the fault window). Ends with the targets and exits non-zero if
one is missed.

    .venv/bin/python bench/faults.py                    # ~2.5 min after the one-time set-up
    .venv/bin/python bench/faults.py --seconds 12 --only baseline,elasticsearch
    .venv/bin/python bench/faults.py --fresh            # drop and rebuild sambang_faults first

Needs PostgreSQL at 127.0.0.1:5432 (user postgres, trust) and `redis-server` on the PATH.
"""

import argparse
import http.client
import json
import os
import random
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "sambang_faults"
PG = ("127.0.0.1", 5432)
MARK = "Uji gangguan"
READS = ["/", "/informasi-publik/", "/api/v1/regions/", "/api/v1/police-units/", "/sitemap.xml"]
SEARCHES = ["/api/v1/search/?q=motor", "/cari/?q=motor"]
PHASES = ["baseline", "elasticsearch", "redis", "database", "worker-kill"]
LEASE = 5  # IDEMPOTENCY_LEASE_SECONDS for the run: a key left in flight is taken over after it
BREAKER_SECONDS = 5


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_port(port, timeout=15):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listening on {port}")


# --- the pieces of the stack -----------------------------------------------------------------------


def proxy_main(listen, target):
    """A TCP proxy (run as its own process, so that killing it refuses and drops connections)."""
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", listen))
    server.listen(128)

    def pipe(client):
        try:
            upstream = socket.create_connection(("127.0.0.1", target))
        except OSError:
            client.close()
            return
        pair = {client: upstream, upstream: client}
        try:
            while True:
                ready, _, _ = select.select(list(pair), [], [])
                for sock in ready:
                    data = sock.recv(65536)
                    if not data:
                        return
                    pair[sock].sendall(data)
        except OSError:
            pass
        finally:
            client.close()
            upstream.close()

    while True:
        client, _ = server.accept()
        threading.Thread(target=pipe, args=(client,), daemon=True).start()


class Process:
    def __init__(self, argv, port, **kwargs):
        self.argv, self.port, self.kwargs, self.process = argv, port, kwargs, None

    def start(self):
        self.process = subprocess.Popen(
            self.argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **self.kwargs
        )
        wait_port(self.port)

    def kill(self):
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)


def redis_process(port):
    server = shutil.which("redis-server") or "/usr/bin/redis-server"
    return Process([server, "--port", str(port), "--save", "", "--appendonly", "no",
                    "--daemonize", "no", "--bind", "127.0.0.1"], port)  # fmt: skip


def db_proxy(port):
    return Process([sys.executable, __file__, "--proxy", str(port), str(PG[1])], port)


class FakeElasticsearch:
    """An HTTP server standing in for the cluster: `hang` holds each request without a byte of
    answer (until the mode changes); `answer` replies as an empty index would."""

    def __init__(self):
        outer = self
        self.answering = threading.Event()
        self.answering.set()
        self.held = 0

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def handle_one_request(self):
                self.raw_requestline = self.rfile.readline(65537)
                if not self.raw_requestline or not self.parse_request():
                    self.close_connection = True
                    return
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                if not outer.answering.is_set():
                    outer.held += 1
                    outer.answering.wait(60)
                    self.close_connection = True
                    return
                path = self.path.split("?")[0]
                if path.endswith("/_msearch"):
                    data = {"responses": [{"hits": {"total": {"value": 0}, "hits": []}}] * 8}
                else:
                    data = {"took": 1, "timed_out": False, "count": 0,
                            "hits": {"total": {"value": 0, "relation": "eq"}, "hits": []}}  # fmt: skip
                body = json.dumps(data).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("X-Elastic-Product", "Elasticsearch")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def hang(self):
        self.answering.clear()

    def answer(self):
        self.answering.set()

    def close(self):
        self.answer()
        self.httpd.shutdown()


class Gunicorn:
    def __init__(self, env, workers, log):
        self.env, self.workers, self.log = env, workers, log
        self.port = free_port()
        self.process = None

    def start(self):
        gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
        self.process = subprocess.Popen(
            [gunicorn, "cms.wsgi:application", "--bind", f"127.0.0.1:{self.port}",
             "--workers", str(self.workers), "--timeout", "30", "--log-level", "warning"],
            cwd=ROOT, env=self.env, stdout=self.log, stderr=self.log,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if request(self.port, "GET", "/healthz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not come up")

    def worker_pids(self):
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in path.read_text().split()]

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


# --- load --------------------------------------------------------------------------------------


def request(port, method, path, body=None, headers=None, timeout=15):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        all_headers = {"Host": "127.0.0.1", "X-Forwarded-Proto": "https", **(headers or {})}
        connection.request(method, path, body=body, headers=all_headers)
        response = connection.getresponse()
        data = response.read()
        return response.status, dict(response.getheaders()), data
    finally:
        connection.close()


class Load:
    """Reader, search and writer threads against one server until `stop` is set."""

    def __init__(self, port, api_key, kelurahan, readers, writers, searchers, write_pause=1.0):
        self.port, self.api_key, self.kelurahan = port, api_key, kelurahan
        self.write_pause = write_pause
        self.counts = (readers, writers, searchers)
        self.records = []  # (time, kind, status, seconds)
        self.samples = {}  # first answer of each kind:status:path that was not a success
        self.writes = {}  # uuid -> {"key", "ack"}
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.writers_done = threading.Event()
        self.grace_until = None

    def record(self, kind, status, started, path=""):
        with self.lock:
            self.records.append((started, kind, status, time.monotonic() - started, path))

    def call(self, kind, method, path, body=None, headers=None):
        started = time.monotonic()
        try:
            status, response_headers, data = request(self.port, method, path, body, headers)
        except (OSError, http.client.HTTPException):
            status, response_headers, data = "conn", {}, b""
        self.record(kind, status, started, path)
        if status not in (200, 201):
            self.samples.setdefault(f"{kind}:{status}:{path.split('?')[0]}", data[:160])
        return status, response_headers, data

    def reader(self, index):
        paths = READS[index % len(READS) :] + READS[: index % len(READS)]
        while not self.stop.is_set():
            for path in paths:
                if self.stop.is_set():
                    break
                self.call("read", "GET", path)

    def searcher(self, _index):
        while not self.stop.is_set():
            for path in SEARCHES:
                self.call("search", "GET", path)
                self.stop.wait(0.2)

    def writer(self, _index):
        while not self.stop.is_set():
            token = uuid.uuid4().hex
            entry = {"key": f"faults-{token}", "ack": None}
            with self.lock:
                self.writes[token] = entry
            body = json.dumps(
                {"kind": "pertanyaan", "kelurahan": self.kelurahan, "consent": True,
                 "contact_choice": "anonim", "message": f"{MARK} {token}: bagaimana melapor?"}
            )  # fmt: skip
            headers = {
                "Authorization": f"Api-Key {self.api_key}",
                "Idempotency-Key": entry["key"],
                "Content-Type": "application/json",
            }
            while True:  # the same key until acknowledged (or the grace period is over)
                status, response_headers, data = self.call(
                    "write", "POST", "/api/v1/reports/", body, headers
                )
                if status == 201:
                    entry["ack"] = json.loads(data)["tracking_code"]
                    self.stop.wait(self.write_pause)  # a resident types the next message
                    break
                if self.grace_until is not None and time.monotonic() > self.grace_until:
                    break
                wait = response_headers.get("Retry-After")
                time.sleep(min(float(wait), 1.0) if wait else 0.3)

    def run(self):
        readers, writers, searchers = self.counts
        threads = [threading.Thread(target=self.reader, args=(i,)) for i in range(readers)]
        threads += [threading.Thread(target=self.searcher, args=(i,)) for i in range(searchers)]
        self.writer_threads = [
            threading.Thread(target=self.writer, args=(i,)) for i in range(writers)
        ]
        for thread in threads + self.writer_threads:
            thread.start()
        self.threads = threads

    def finish(self, grace):
        self.grace_until = time.monotonic() + grace
        self.stop.set()
        for thread in self.threads + self.writer_threads:
            thread.join()


# --- the database, seen directly -------------------------------------------------------------------


def psql(sql, database=DB_NAME):
    result = subprocess.run(
        ["psql", "-h", PG[0], "-p", str(PG[1]), "-U", "postgres", "-d", database, "-At", "-c", sql],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return [line.split("|") for line in result.stdout.splitlines() if line]


def check_writes(load, tables):
    """(acknowledged, lost, duplicates, stuck) for this phase's writes."""
    tokens = list(load.writes)
    if not tokens:
        return 0, 0, 0, 0
    acknowledged = [t for t, entry in load.writes.items() if entry["ack"]]
    rows = psql(
        f"SELECT substring(message from '{MARK} ([0-9a-f]{{32}})'), count(*) "
        f"FROM {tables['message']} WHERE message LIKE '{MARK} %' GROUP BY 1"
    )
    stored = {token: int(count) for token, count in rows}
    lost = [t for t in acknowledged if t not in stored]
    duplicates = sum(count - 1 for token, count in stored.items() if token in load.writes)
    keys = ",".join(f"'{load.writes[t]['key']}'" for t in tokens)
    in_flight = psql(
        f"SELECT count(*) FROM {tables['idempotency']} WHERE key IN ({keys}) "
        "AND completed_at IS NULL"
    )[0][0]
    never_acknowledged = len(tokens) - len(acknowledged)
    return len(acknowledged), len(lost), duplicates, never_acknowledged + int(in_flight)


# --- phases ------------------------------------------------------------------------------------


class Stack:
    def __init__(self, args, log):
        self.args, self.log = args, log
        self.redis_port, self.proxy_port = free_port(), free_port()
        self.redis = redis_process(self.redis_port)
        self.proxy = db_proxy(self.proxy_port)
        self.es = FakeElasticsearch()
        self.work = Path(tempfile.mkdtemp(prefix="sambang-faults-"))
        self.server = None

    def env(self, database_port=None, elasticsearch=False):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cms.settings.production",
            "SECRET_KEY": "bench-faults-" + "k" * 60,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{database_port or PG[1]}/{DB_NAME}",
            "REDIS_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "SECURE_SSL_REDIRECT": "0",
            "API_ANON_RATE": "1000000/min",
            "SEARCH_RATE_LIMIT": "1000000",
            "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
            "MEDIA_ROOT": str(self.work / "media"),
            "PRIVATE_MEDIA_ROOT": str(self.work / "media-private"),
            "PPID_PRIVATE_ROOT": str(self.work / "ppid-private"),
            "IDEMPOTENCY_LEASE_SECONDS": str(LEASE),
            "SEARCH_BREAKER_SECONDS": str(BREAKER_SECONDS),
            "LOG_LEVEL": "WARNING",
        }
        env.pop("ELASTICSEARCH_URL", None)
        env.pop("SEARCH_ENGINE", None)
        if elasticsearch:
            env["ELASTICSEARCH_URL"] = f"http://127.0.0.1:{self.es.port}"
        return env

    def manage(self, *argv):
        result = subprocess.run(
            [sys.executable, "manage.py", *argv], cwd=ROOT, env=self.env(),
            capture_output=True, text=True,
        )  # fmt: skip
        if result.returncode:
            sys.exit(f"manage.py {' '.join(argv)} failed:\n{result.stderr[-3000:]}")
        return result.stdout

    def prepare(self, fresh):
        exists = psql(f"SELECT 1 FROM pg_database WHERE datname = '{DB_NAME}'", "postgres")
        if exists and fresh:
            subprocess.run(["dropdb", "-h", PG[0], "-U", "postgres", DB_NAME], check=True)
            exists = []
        if not exists:
            subprocess.run(["createdb", "-h", PG[0], "-U", "postgres", DB_NAME], check=True)
        self.manage("migrate", "--noinput", "-v", "0")
        self.manage("setup_site")
        if not (ROOT / "static_collected" / "staticfiles.json").exists():
            self.manage("collectstatic", "--noinput", "-v", "0")
        out = self.manage(
            "shell",
            "-c",
            "import json\n"
            "from home.models import Kelurahan\n"
            "from openinfo.reports.models import ResidentMessage\n"
            "from partners.models import ApiKey, IdempotencyRecord\n"
            "key, _ = ApiKey.objects.get_or_create(organisation='Uji gangguan (bench/faults.py)',"
            " defaults={'contact_email': 'faults@example.id'})\n"
            "key.scopes = ['reports:write', 'content:read']; key.rate = '1000000/min'\n"
            "raw = key.issue(); key.save()\n"
            "print(json.dumps({'key': raw, 'kelurahan': Kelurahan.objects.order_by('code')"
            ".first().code, 'message': ResidentMessage._meta.db_table,"
            " 'idempotency': IdempotencyRecord._meta.db_table}))",
        )
        return json.loads(out.strip().splitlines()[-1])

    def serve(self, elasticsearch=False):
        if self.server:
            self.server.stop()
        self.server = Gunicorn(
            self.env(self.proxy_port, elasticsearch), self.args.workers, self.log
        )
        self.server.start()

    def close(self):
        if self.server:
            self.server.stop()
        self.redis.kill()
        self.proxy.kill()
        self.es.close()
        shutil.rmtree(self.work, ignore_errors=True)


def faults_for(stack):
    """name -> (start, end, during): what the fault does; `during` runs every 4 s in the window."""

    def kill_worker():
        pids = stack.server.worker_pids()
        if pids:
            os.kill(random.choice(pids), signal.SIGKILL)

    return {
        "baseline": None,
        "redis": (stack.redis.kill, stack.redis.start, None),
        "elasticsearch": (stack.es.hang, stack.es.answer, None),
        "database": (stack.proxy.kill, stack.proxy.start, None),
        "worker-kill": (kill_worker, lambda: None, kill_worker),
    }


def log_lines(log):
    log.flush()
    return Path(log.name).read_text(errors="replace").count("\n")


def run_phase(name, stack, info, args):
    fault = faults_for(stack)[name]
    load = Load(
        stack.server.port, info["key"], info["kelurahan"], args.readers, args.writers,
        args.searchers, args.write_pause,
    )  # fmt: skip
    lines_before = log_lines(stack.log)
    start = time.monotonic()
    fault_start, fault_end = start + args.seconds * 0.25, start + args.seconds * 0.75
    load.run()
    if fault:
        begin, end, during = fault
        time.sleep(max(0, fault_start - time.monotonic()))
        begin()
        while time.monotonic() < fault_end:
            time.sleep(min(4, max(0, fault_end - time.monotonic())))
            if during and time.monotonic() < fault_end - 1:
                during()
        end()
    time.sleep(max(0, start + args.seconds - time.monotonic()))
    load.finish(grace=LEASE + 10)
    acknowledged, lost, duplicates, stuck = check_writes(load, info)
    records = load.records
    if os.environ.get("FAULTS_DUMP"):
        Path(os.environ["FAULTS_DUMP"] + f".{name}.json").write_text(
            json.dumps({"start": start, "fault": [fault_start, fault_end], "records": records})
        )
    by_status = Counter(
        f"{kind}:{status}" for _t, kind, status, _s, _p in records if status not in (200, 201)
    )
    bad_5xx = sum(
        1
        for _t, _kind, status, _s, _p in records
        if isinstance(status, int) and status >= 500 and status != 503
    )
    # Recovery: from the end of the fault to the last failed request (search only in its phase).
    recovery = None
    if fault:
        if name == "elasticsearch":
            ok = [t for t, kind, status, _s, _p in records if kind == "search" and status == 200
                  and t > fault_end]  # fmt: skip
            recovery = (min(ok) - fault_end) if ok else float("inf")
        else:
            failed = [t + s for t, kind, status, s, _p in records
                      if status not in (200, 201) and kind != "search"]  # fmt: skip
            after = [t for t in failed if t > fault_end]
            recovery = max(after) - fault_end if after else 0.0
    window = (fault_start, fault_end)  # the middle half, in every phase (baseline too)
    reads = [r for r in records if r[1] == "read" and window[0] <= r[0] < window[1]]
    reads_ok = sum(1 for r in reads if r[2] == 200)

    def rate(begin, end):
        ok = sum(1 for r in records if r[1] == "read" and r[2] == 200 and begin <= r[0] < end)
        return round(ok / (end - begin), 1)

    thirds = [rate(fault_start - args.seconds * 0.25, fault_start),
              rate(fault_start, fault_end), rate(fault_end, fault_end + args.seconds * 0.25)]  # fmt: skip
    search = [r for r in records if r[1] == "search"]
    return {
        "phase": name,
        "requests": len(records),
        "errors": dict(sorted(by_status.items())),
        "5xx_not_503": bad_5xx,
        "acknowledged": acknowledged,
        "lost": lost,
        "duplicates": duplicates,
        "stuck_keys": stuck,
        "recovery_s": None if recovery is None else round(recovery, 1),
        "log_lines": log_lines(stack.log) - lines_before,
        "read_rps": round(reads_ok / (window[1] - window[0]), 1),
        "read_rps_before_during_after": thirds,
        "samples": {k: v.decode(errors="replace") for k, v in sorted(load.samples.items())},
        "read_p50_ms": round(sorted(r[3] for r in reads)[len(reads) // 2] * 1000)
        if reads
        else None,
        "search_p50_ms": round(sorted(r[3] for r in search)[len(search) // 2] * 1000)
        if search
        else None,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=24, help="length of each phase")
    parser.add_argument("--only", default=",".join(PHASES), help="phases, comma-separated")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--readers", type=int, default=4, help="reader threads")
    parser.add_argument("--writers", type=int, default=2, help="writer threads")
    parser.add_argument("--searchers", type=int, default=1, help="search threads")
    parser.add_argument(
        "--write-pause", type=float, default=1.0, help="seconds a writer waits between messages"
    )
    parser.add_argument("--warmup", type=float, default=5, help="seconds of reads first")
    parser.add_argument("--fresh", action="store_true", help="drop and rebuild the database")
    parser.add_argument("--proxy", nargs=2, type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.proxy:
        return proxy_main(*args.proxy)
    phases = [p for p in PHASES if p in args.only.split(",")]
    log = tempfile.NamedTemporaryFile("w+", prefix="sambang-faults-", suffix=".log", delete=False)
    stack = Stack(args, log)
    began = time.monotonic()
    try:
        stack.redis.start()
        stack.proxy.start()
        info = stack.prepare(args.fresh)
        print(
            f"stack: gunicorn x{args.workers} (cms.settings.production), PostgreSQL {DB_NAME} via "
            f"proxy :{stack.proxy_port}, Redis :{stack.redis_port}, Elasticsearch stand-in "
            f":{stack.es.port}; load: {args.readers} readers, 1 search, {args.writers} writers; "
            f"{args.seconds:g} s per phase, fault in the middle half; lease {LEASE} s, "
            f"breaker {BREAKER_SECONDS} s; log {log.name}",
            flush=True,
        )
        # The stand-in answers as a healthy cluster would, but in its own phase.
        stack.serve(elasticsearch=True)
        warmup = Load(stack.server.port, info["key"], info["kelurahan"], args.readers, 0, 1)
        warmup.run()
        time.sleep(args.warmup)  # fresh workers and empty caches: not measured
        warmup.finish(grace=0)
        results = []
        for name in phases:
            result = run_phase(name, stack, info, args)
            results.append(result)
            print(json.dumps(result), flush=True)
    finally:
        stack.close()
    print(f"\nran {time.monotonic() - began:.0f} s (set-up included)")
    print(
        f"{'phase':<14}{'req':>6}{'5xx!503':>8}{'ack':>6}{'lost':>5}{'dup':>5}{'stuck':>6}"
        f"{'recover s':>10}{'log':>5}{'read/s':>8}{'vs base':>8}  errors"
    )
    base = next((r["read_rps"] for r in results if r["phase"] == "baseline"), None)
    for r in results:
        ratio = f"{r['read_rps'] / base:.2f}" if base else "-"
        recovery = "-" if r["recovery_s"] is None else f"{r['recovery_s']:g}"
        print(
            f"{r['phase']:<14}{r['requests']:>6}{r['5xx_not_503']:>8}{r['acknowledged']:>6}"
            f"{r['lost']:>5}{r['duplicates']:>5}{r['stuck_keys']:>6}{recovery:>10}"
            f"{r['log_lines']:>5}{r['read_rps']:>8}{ratio:>8}  {r['errors']}"
        )
    missed = []
    for r in results:
        for field in ("lost", "duplicates", "stuck_keys", "5xx_not_503"):
            if r[field]:
                missed.append(f"{r['phase']}: {field}={r[field]}")
        if r["phase"] == "elasticsearch" and base and r["read_rps"] < 0.8 * base:
            missed.append(f"elasticsearch: non-search reads {r['read_rps'] / base:.2f} of baseline")
    print("TARGETS MET" if not missed else "TARGETS MISSED: " + "; ".join(missed))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
