"""Shared fixtures: reference data is loaded once per test database (it is read-only in tests)."""

import functools
import importlib
import os
import shutil

import pytest
from django.apps import apps as django_apps
from django.core.cache import caches
from pytest_django.plugin import blocking_manager_key
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from counselling.taxonomy import load_audiences, load_topics
from home import demo
from home.regions import load_police_units, load_regions

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def ensure_reference_data():
    """Regions, police units, site tree, settings and taxonomy: idempotent, ~1 s."""
    demo.ensure_wagtail_root()
    load_regions()
    load_police_units()
    demo.ensure_site()
    demo.ensure_settings()
    load_topics()
    load_audiences()
    # What openinfo's data migration seeds (holiday calendar, PPID group) is gone after a flush too.
    ppid_seed = importlib.import_module("openinfo.migrations.0002_ppid_holidays_and_group")
    ppid_seed.seed_holidays(django_apps, None)
    ppid_seed.create_ppid_group(django_apps, None)
    # And the officers', supervisors' and leadership groups of the visits data migration.
    importlib.import_module("openinfo.migrations.0004_visits_groups").create_groups(
        django_apps, None
    )
    from openinfo.models import SatbinmasUnit

    SatbinmasUnit.objects.ensure()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        ensure_reference_data()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Transactional tests (live_server, threads) end with a flush that empties what the session
    loaded once; under xdist any kind of test may follow on this worker, so it is loaded again."""
    yield
    marker = item.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or {
        "transactional_db",
        "live_server",
    } & set(getattr(item, "fixturenames", ()))
    if not transactional or nextitem is None:
        # After the worker's last test the session teardown has already restored the real database
        # settings: loading would write to the development database (or fail on an empty one).
        return
    with item.config.stash[blocking_manager_key].unblock():
        ensure_reference_data()


@pytest.fixture(autouse=True)
def _clear_cache():
    for each in caches.all():
        each.clear()
    yield
    for each in caches.all():
        each.clear()


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()


@pytest.fixture
def home_page(db):
    from home.models import HomePage

    return HomePage.objects.get()


@functools.cache
def redis_answers():
    import redis

    try:
        return bool(
            redis.Redis.from_url(
                os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"), socket_connect_timeout=1
            ).ping()
        )
    except redis.RedisError:
        return False


def pytest_collection_modifyitems(config, items):
    database_url = os.environ.get("DATABASE_URL", "")
    for item in items:
        if "postgres" in item.keywords and not database_url.startswith("postgres"):
            item.add_marker(
                pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL=postgres://...")
            )
        if "elasticsearch" in item.keywords and not os.environ.get("ELASTICSEARCH_URL"):
            item.add_marker(
                pytest.mark.skip(reason="needs a real Elasticsearch: set ELASTICSEARCH_URL")
            )
        if "redis" in item.keywords and not redis_answers():
            item.add_marker(pytest.mark.skip(reason="needs Redis: start it or set REDIS_URL"))
        if "browser" in item.keywords and not os.path.exists(CHROMIUM):
            item.add_marker(
                pytest.mark.skip(
                    reason="Debian's chromium is not installed (scripts/ensure-chromium)"
                )
            )


# Browser harness: Python playwright driving Debian's Chromium (never a downloaded browser).
# One playwright session per worker: a second sync_playwright() in the same thread would fail.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser():
    # playwright's sync API runs an event loop in this thread; Django's ORM calls in the test
    # body are still synchronous and safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 360, "height": 800}, locale="id-ID")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def throttle_rates():
    """Call with rates such as anon_read="2/min"; the settings' rates come back afterwards."""
    original = SimpleRateThrottle.THROTTLE_RATES

    def set_rates(**rates):
        SimpleRateThrottle.THROTTLE_RATES = {**api_settings.DEFAULT_THROTTLE_RATES, **rates}

    yield set_rates
    SimpleRateThrottle.THROTTLE_RATES = original
