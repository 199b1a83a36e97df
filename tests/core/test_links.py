"""core.links.PageUrls gives exactly the URL Wagtail's Page.get_url() gives, for many pages."""

import pytest
from django.test import override_settings
from wagtail.models import Page, Site

from core.links import PageUrls


def child(parent, slug, title=None):
    return parent.add_child(instance=Page(title=title or slug, slug=slug))


@pytest.fixture
def tree(db):
    root = Page.get_first_root_node()
    home = Site.objects.get(is_default_site=True).root_page
    section = child(home, "panduan")
    pages = [
        home,
        section,
        child(section, "motor-hilang"),
        child(section, "kejahatan-siber-ñandú", "unicode"),
        child(child(section, "tingkat-dua"), "tingkat-tiga"),
    ]
    orphan = child(root, "di-luar-situs")  # under no site: no URL
    return pages, orphan, home, section


def test_the_same_urls_as_wagtail_on_one_site(tree):
    pages, orphan, _home, _section = tree
    urls = PageUrls()
    for page in pages:
        fresh = Page.objects.get(pk=page.pk).specific
        assert urls.url(fresh) == fresh.get_url()
    assert urls.url(Page.objects.get(pk=orphan.pk)) is None is orphan.get_url()
    assert "%C3%B1" in urls.url(pages[3])  # quoted as reverse() quotes it


def test_the_same_urls_as_wagtail_with_several_sites_and_without_a_trailing_slash(tree):
    pages, orphan, home, section = tree
    Site.objects.create(hostname="mitra.example", port=443, root_page=section)
    with override_settings(WAGTAIL_APPEND_SLASH=False):
        urls = PageUrls()
        for page in [*pages, orphan]:
            fresh = Page.objects.get(pk=page.pk).specific
            assert urls.url(fresh) == fresh.get_url()
    assert urls.url(Page.objects.get(pk=pages[2].pk)).startswith(("http://", "https://"))
