import pytest
from pytest_django.plugin import blocking_manager_key

from counselling.taxonomy import load_audiences, load_topics
from home import demo
from home.regions import load_police_units, load_regions


def _restore_wagtail_roots():
    """A flush also removes what Wagtail's migrations created: the locale, root page and collection."""
    from django.conf import settings
    from wagtail.models import Collection, Locale, Page

    Locale.objects.get_or_create(language_code=settings.WAGTAIL_CONTENT_LANGUAGES[0][0])
    if not Page.get_first_root_node():
        Page.add_root(instance=Page(title="Root", slug="root"))
    if not Collection.get_first_root_node():
        Collection.add_root(name="Root")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Transactional (live server) tests end with a flush that empties the reference data the
    session loaded once; it is loaded again for the tests that follow on this worker."""
    yield
    if "transactional_db" not in getattr(item, "fixturenames", ()):
        return
    with item.config.stash[blocking_manager_key].unblock():
        _restore_wagtail_roots()
        load_regions()
        load_police_units()
        demo.ensure_site()
        demo.ensure_settings()
        load_topics()
        load_audiences()
