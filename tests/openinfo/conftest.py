"""Fixtures of the PPID tests."""

import importlib

import pytest


def restore_reference_data():
    """Put back what migrations and the session fixture created, after a transactional flush."""
    from django.apps import apps
    from django.conf import settings
    from wagtail.models import Collection, Locale, Page

    from home import demo
    from home.regions import load_police_units, load_regions

    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if not Collection.get_first_root_node():
        Collection.add_root(name="Root")
    if not Page.get_first_root_node():
        Page.add_root(instance=Page(title="Root", slug="root", live=True))
    migration = importlib.import_module("openinfo.migrations.0002_ppid_holidays_and_group")
    migration.seed_holidays(apps, None)
    migration.create_ppid_group(apps, None)
    load_regions()
    load_police_units()
    demo.ensure_site()
    demo.ensure_settings()


@pytest.fixture
def restore_after_flush(django_db_blocker):
    """For live_server (transactional) tests: the flush at teardown must not starve later tests."""
    yield
    with django_db_blocker.unblock():
        restore_reference_data()
