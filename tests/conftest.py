"""Shared fixtures: reference data is loaded once per test database (it is read-only in tests)."""

import os
import shutil

import pytest
from django.core.cache import cache

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


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        ensure_reference_data()


def _is_transactional(request):
    marker = request.node.get_closest_marker("django_db")
    return bool(
        (marker and marker.kwargs.get("transaction"))
        or {"live_server", "transactional_db"} & set(request.fixturenames)
    )


@pytest.fixture(autouse=True)
def _reference_data_after_flush(request):
    """Transactional tests (live_server, threads) flush the database afterwards; reload before each."""
    if _is_transactional(request):
        request.getfixturevalue("transactional_db")
        ensure_reference_data()


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()


@pytest.fixture
def home_page(db):
    from home.models import HomePage

    return HomePage.objects.get()


def pytest_collection_modifyitems(config, items):
    database_url = os.environ.get("DATABASE_URL", "")
    for item in items:
        if "postgres" in item.keywords and not database_url.startswith("postgres"):
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL=postgres://..."))
        if "elasticsearch" in item.keywords and not os.environ.get("ELASTICSEARCH_URL"):
            item.add_marker(pytest.mark.skip(reason="needs a real Elasticsearch: set ELASTICSEARCH_URL"))
        if "browser" in item.keywords and not os.path.exists(CHROMIUM):
            item.add_marker(pytest.mark.skip(reason="Debian's chromium is not installed (scripts/ensure-chromium)"))
