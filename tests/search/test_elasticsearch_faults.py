"""A hanging Elasticsearch (issue 18): a real TCP server that accepts connections and never
answers. Calls give up after SEARCH_TIMEOUT_SECONDS, the circuit breaker opens after
SEARCH_BREAKER_FAILURES of them and then answers 503 with Retry-After at once, without a connection
attempt; the rest of the site is unaffected; an index update that failed is retried by the task
worker and reaches the engine once it answers (a small HTTP server speaking Elasticsearch's
replies, in the style of the fake node of test_elasticsearch_engine.py)."""

import json
import socket
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from search import breaker as breaker_module
from search.breaker import CLOSED, HALF_OPEN, OPEN, BreakerOpen, CircuitBreaker
from search.engines.base import SearchUnavailable
from search.engines.elasticsearch import ElasticsearchEngine
from tests.openinfo.factories import PublicInformationFactory
from tests.openinfo.test_mail_worker import run_worker

pytestmark = pytest.mark.django_db

TIMEOUT = 0.5


class HangingServer:
    """Accepts every connection and never sends a byte (a cluster stuck in GC or a dead proxy)."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.accepted = 0
        self.held = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while True:
            try:
                conn, _addr = self.sock.accept()
            except OSError:
                return
            self.accepted += 1
            self.held.append(conn)

    def close(self):
        self.sock.close()
        for conn in self.held:
            conn.close()


class FakeElasticsearch(BaseHTTPRequestHandler):
    """Answers like a cluster holding the alias `sambang-search`; records each request."""

    requests: list = []

    def log_message(self, *args):
        pass

    def _answer(self, status, data):
        body = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("X-Elastic-Product", "Elasticsearch")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _handle(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode() if length else ""
        lines = [json.loads(line) for line in raw.splitlines() if line.strip()]
        FakeElasticsearch.requests.append((self.command, self.path.split("?")[0], lines))
        if self.path.startswith("/_alias/"):
            return self._answer(200, {"sambang-search-1": {"aliases": {"sambang-search": {}}}})
        if self.path.split("?")[0].endswith("/_bulk"):
            items = [
                {"index": {"_index": a["index"]["_index"], "_id": a["index"]["_id"], "status": 201}}
                for a in lines
                if "index" in a
            ]
            return self._answer(200, {"took": 1, "errors": False, "items": items})
        return self._answer(200, {})

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _handle


@pytest.fixture
def hanging(settings):
    server = HangingServer()
    settings.ELASTICSEARCH_URL = server.url
    settings.ELASTICSEARCH_INDEX = "sambang-search"
    settings.SEARCH_ENGINE = "elasticsearch"
    settings.SEARCH_TIMEOUT_SECONDS = TIMEOUT
    settings.SEARCH_BREAKER_FAILURES = 2
    settings.SEARCH_BREAKER_SECONDS = 30
    yield server
    server.close()


@pytest.fixture
def answering(settings):
    FakeElasticsearch.requests = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), FakeElasticsearch)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def timed(function, *args, **kwargs):
    started = time.monotonic()
    try:
        function(*args, **kwargs)
    except SearchUnavailable as exc:
        return time.monotonic() - started, exc
    raise AssertionError("expected SearchUnavailable")


def test_a_hanging_cluster_times_out_quickly_and_opens_the_breaker(hanging):
    engine = ElasticsearchEngine()
    for attempt in (1, 2):
        seconds, _exc = timed(engine.query, "motor")  # one word: one request
        assert TIMEOUT * 0.8 <= seconds < TIMEOUT + 1.0, seconds  # no retry doubling the wait
        assert hanging.accepted == attempt
    assert engine.breaker.state == OPEN

    for _ in range(5):  # a new engine per request, as the views make: the breaker is shared
        seconds, exc = timed(ElasticsearchEngine().query, "motor")
        assert seconds < 0.05 and 25 <= exc.retry_after <= 30
    assert hanging.accepted == 2  # no connection attempt while open
    assert engine.breaker.short_circuited == 5


def test_search_answers_503_with_retry_after_while_the_rest_of_the_site_works(hanging, settings):
    settings.SEARCH_TIMEOUT_SECONDS = 2  # a request that waited for the cluster would show it
    browser = Client(raise_request_exception=False)
    for _ in range(2):
        response = browser.get("/api/v1/search/?q=motor")
        assert response.status_code == 503 and int(response["Retry-After"]) > 0
        assert response.json()["error"]["code"] == "search_unavailable"
    assert hanging.accepted == 2

    started = time.monotonic()
    api = browser.get("/api/v1/search/?q=motor")
    page = browser.get("/cari/?q=motor")
    assert time.monotonic() - started < 1.5  # answered without waiting for the cluster
    assert api.status_code == page.status_code == 503
    assert 25 <= int(api["Retry-After"]) <= 30 and 25 <= int(page["Retry-After"]) <= 30
    assert hanging.accepted == 2

    for path in ("/", "/informasi-publik/", "/api/v1/regions/"):
        assert browser.get(path).status_code == 200, path
    assert hanging.accepted == 2  # nothing on these pages talks to the search cluster
    ready = browser.get("/readyz").json()
    assert ready["checks"]["search"]["state"] == "down"
    assert "search" in ready["degraded"] and ready["checks"]["database"]["state"] == "ok"


def test_after_the_open_period_one_trial_goes_out(hanging, settings):
    settings.SEARCH_BREAKER_SECONDS = 0.3
    engine = ElasticsearchEngine()
    for _ in range(2):
        timed(engine.query, "motor")
    assert engine.breaker.state == OPEN and hanging.accepted == 2
    time.sleep(0.35)
    timed(engine.query, "motor")  # half-open: the trial reaches the cluster, fails, reopens
    assert hanging.accepted == 3 and engine.breaker.state == OPEN
    seconds, _exc = timed(engine.query, "motor")
    assert seconds < 0.05 and hanging.accepted == 3


def test_breaker_states_with_a_clock(settings):
    settings.SEARCH_BREAKER_FAILURES = 3
    settings.SEARCH_BREAKER_SECONDS = 10
    now = [100.0]
    breaker = CircuitBreaker("unit", clock=lambda: now[0], wall=lambda: 1000 + now[0])
    for _ in range(2):
        breaker.before_call()
        breaker.failure()
    breaker.before_call()
    breaker.success()  # a success in between: consecutive failures start again
    for _ in range(3):
        breaker.before_call()
        breaker.failure()
    assert breaker.state == OPEN
    with pytest.raises(BreakerOpen) as refused:
        breaker.before_call()
    assert refused.value.retry_after == 10
    now[0] += 10
    breaker.before_call()  # the trial
    assert breaker.state == HALF_OPEN
    with pytest.raises(BreakerOpen):
        breaker.before_call()  # only one trial at a time
    breaker.success()
    assert breaker.state == CLOSED
    breaker.before_call()


def test_an_update_that_failed_is_retried_by_the_worker(
    hanging, settings, answering, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        item = PublicInformationFactory(title="Jadwal patroli dialogis")
    key = f"disclosure:{item.pk}"
    tasks = DBTaskResult.objects.filter(task_path="search.tasks.sync_search_document")
    assert tasks.filter(status="READY").count() >= 1

    run_worker()  # the cluster hangs: each update times out and is queued again, later
    retries = tasks.filter(status="READY")
    assert retries.count() >= 1
    retry = retries.get(args_kwargs__args=["disclosure", item.pk])
    assert retry.args_kwargs["kwargs"] == {"attempt": 2}
    assert retry.run_after >= timezone.now() + timedelta(seconds=20)

    # The cluster answers again and the retry is due: the worker indexes the item.
    settings.ELASTICSEARCH_URL = answering
    breaker_module.reset_all()
    tasks.filter(status="READY").update(run_after=timezone.now() - timedelta(seconds=1))
    run_worker()
    retry.refresh_from_db()
    assert retry.status == "SUCCESSFUL" and retry.return_value == {"indexed": True}
    bulk = [lines for method, path, lines in FakeElasticsearch.requests if path == "/_bulk"]
    assert any(line.get("index", {}).get("_id") == key for lines in bulk for line in lines)
    source = next(
        lines[i + 1]
        for lines in bulk
        for i, line in enumerate(lines)
        if line.get("index", {}).get("_id") == key
    )
    assert source["title"] == "Jadwal patroli dialogis"


def test_the_open_state_is_shared_with_other_workers_through_the_cache(hanging):
    engine = ElasticsearchEngine()
    for _ in range(2):
        timed(engine.query, "motor")
    assert engine.breaker.state == OPEN and hanging.accepted == 2
    breaker_module.reset_all()  # another worker: no local state of its own
    other = ElasticsearchEngine()
    assert other.breaker.state == CLOSED
    seconds, exc = timed(other.query, "motor")
    assert seconds < 0.05 and 25 <= exc.retry_after <= 30
    assert hanging.accepted == 2  # it learnt from the cache, not from a timeout of its own


def test_one_trial_at_a_time_across_workers(settings):
    settings.SEARCH_BREAKER_FAILURES = 1
    settings.SEARCH_BREAKER_SECONDS = 10
    now = [0.0]
    first = CircuitBreaker("http://cluster", clock=lambda: now[0], wall=lambda: 1000 + now[0])
    second = CircuitBreaker("http://cluster", clock=lambda: now[0], wall=lambda: 1000 + now[0])
    first.before_call()
    first.failure()
    with pytest.raises(BreakerOpen):
        second.before_call()  # adopted from the cache
    now[0] += 10.5
    first.before_call()  # the trial
    with pytest.raises(BreakerOpen):
        second.before_call()  # the other worker waits for its result
    first.success()
    second.before_call()  # closed for everyone: the other worker may try again
    second.success()
    assert first.state == second.state == CLOSED


def test_failures_in_a_row_are_counted_across_workers(settings):
    settings.SEARCH_BREAKER_FAILURES = 3
    workers = [CircuitBreaker("http://cluster") for _ in range(3)]
    for worker in workers[:2]:
        worker.before_call()
        worker.failure()
    workers[2].before_call()
    workers[2].success()  # an answer in between ends the run everywhere
    for worker in workers[:2]:
        worker.before_call()
        worker.failure()
    assert {worker.state for worker in workers} == {CLOSED}
    workers[2].before_call()
    workers[2].failure()  # the third in a row, each worker having failed once since the answer
    assert workers[2].state == OPEN
    with pytest.raises(BreakerOpen):
        workers[0].before_call()
