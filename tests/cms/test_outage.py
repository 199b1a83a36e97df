"""Database outage (issue 18): a real refused connection answers 503 with Retry-After, JSON under
/api/ and the Indonesian page elsewhere, logged once per burst; /healthz stays a cheap 200 and
/readyz names the database as down."""

import logging
import socket
import types

import pytest
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client

from cms import health

ALIAS = "unreachable"


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class EverythingThere:
    def db_for_read(self, model, **hints):
        return ALIAS

    db_for_write = db_for_read


@pytest.fixture
def database_down(db, settings):
    """A PostgreSQL alias on a port nothing listens on, and a router sending every query to it:
    each query meets a real "connection refused"."""
    connections.settings[ALIAS] = {
        **connections["default"].settings_dict,
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "sambang_unreachable",
        "HOST": "127.0.0.1",
        "PORT": str(closed_port()),
        "USER": "postgres",
        "PASSWORD": "",
        "OPTIONS": {"connect_timeout": 2},
    }
    # Django's test case refuses connections to aliases it did not set up; this one must really
    # try (and be refused), so it gets the unguarded connect back.
    guarded = BaseDatabaseWrapper.ensure_connection
    real = next(
        (
            cell.cell_contents
            for cell in guarded.__closure__ or ()
            if getattr(cell.cell_contents, "__name__", "") == "ensure_connection"
        ),
        guarded,
    )
    connections[ALIAS].ensure_connection = types.MethodType(real, connections[ALIAS])
    settings.DATABASE_ROUTERS = [EverythingThere()]
    # Each django.setup() (e.g. another test module's get_wsgi_application()) adds the filter again.
    outage_filters = [
        f
        for f in logging.getLogger("django.request").filters
        if type(f).__name__ == "OutageLogFilter"
    ]
    for outage_filter in outage_filters:
        outage_filter._last, outage_filter.suppressed = None, 0
    yield outage_filters[0]
    settings.DATABASE_ROUTERS = []
    connections[ALIAS].close()
    del connections.settings[ALIAS]
    if hasattr(connections._connections, ALIAS):
        delattr(connections._connections, ALIAS)


@pytest.fixture
def browser_client():
    return Client(raise_request_exception=False)


def test_pages_answer_the_friendly_503_with_retry_after(database_down, browser_client):
    response = browser_client.get("/informasi-publik/")
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert "Layanan sedang tidak tersedia" in response.content.decode()


def test_the_api_answers_503_in_the_error_shape(database_down, browser_client):
    response = browser_client.get("/api/v1/regions/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert response.json()["error"]["code"] == "service_unavailable"
    assert response.json()["error"]["message"] == "The service is temporarily unavailable."


def test_a_burst_of_failures_is_logged_once(database_down, browser_client, caplog):
    caplog.set_level(logging.ERROR, logger="django.request")
    for _ in range(5):
        assert browser_client.get("/api/v1/regions/").status_code == 503
    logged = [r for r in caplog.records if r.name == "django.request"]
    assert len(logged) == 1 and logged[0].exc_info is not None
    assert database_down.suppressed == 4


def test_healthz_stays_cheap_and_readyz_names_the_database(
    database_down, browser_client, monkeypatch
):
    assert browser_client.get("/healthz").status_code == 200
    monkeypatch.setattr(health, "connection", connections[ALIAS])
    response = browser_client.get("/readyz")
    assert response.status_code == 503 and int(response["Retry-After"]) > 0
    body = response.json()
    assert body["status"] == "down" and "database" in body["degraded"]
    assert body["checks"]["database"]["state"] == "down"
    assert "OperationalError" in body["checks"]["database"]["error"]
    assert body["checks"]["cache"]["state"] == "ok"


def test_readyz_reports_every_dependency_when_all_is_well(db, client):
    response = client.get("/readyz")
    assert response.status_code == 200, response.content
    checks = response.json()["checks"]
    assert set(checks) == {"database", "cache", "search", "tasks", "disk"}
    assert all(check["state"] == "ok" for check in checks.values()), checks
    assert checks["disk"]["media"]["free_bytes"] > 0
