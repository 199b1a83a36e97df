"""The one absolute-URL rule: links that leave a request (canonical links, feeds, QR codes,
e-mails, webhooks, the change feed) are built from `settings.BASE_URL`."""

import re
from urllib.parse import quote

from django.conf import settings
from django.utils.http import RFC3986_SUBDELIMS
from wagtail.models import Page


def absolute_url(page_or_path):
    """`page_or_path`: a path ("/panduan/"), an absolute URL (returned as is) or an object with
    `get_url()` (a Wagtail page). Empty when the object has no URL."""
    url = page_or_path if isinstance(page_or_path, str) else page_or_path.get_url()
    if not url:
        return ""
    if url.startswith(("http://", "https://")):
        return url
    if not url.startswith("/"):
        url = "/" + url
    return settings.BASE_URL.rstrip("/") + url


_SERVABLE = re.compile(r"(?:[\w\-]+/)*")  # what Wagtail's `wagtail_serve` pattern accepts


class PageUrls:
    """`page.get_url()` for many pages at once (an API list, a feed): the site root paths are read
    and `wagtail_serve` reversed once, and each URL is that prefix plus the page's path below its
    site root, quoted as `reverse()` quotes it. That is what Wagtail's `Page.get_url_parts()`
    computes per page, with a reverse of its own (most of a list item's cost). A page this shortcut
    cannot settle exactly (under more than one site, localised URLs, a path `wagtail_serve` would
    refuse) takes Wagtail's own path."""

    def __init__(self):
        from django.urls import reverse
        from wagtail.models import Site

        self.roots = Site.get_site_root_paths()
        self.prefix = reverse("wagtail_serve", args=("",))
        self.append_slash = getattr(settings, "WAGTAIL_APPEND_SLASH", True)
        self.i18n = getattr(settings, "WAGTAIL_I18N_ENABLED", False)

    def url(self, page):
        sites = [root for root in self.roots if page.url_path.startswith(root.root_path)]
        if not sites:
            return None
        site_id, root_path, root_url, _language = sites[0]
        relative = page.url_path[len(root_path) :]
        if (
            self.i18n
            or len({site[0] for site in sites}) > 1
            or not _SERVABLE.fullmatch(relative)
            or type(page).get_url_parts is not Page.get_url_parts
        ):
            page._wagtail_cached_site_root_paths = self.roots
            return page.get_url()
        path = self.prefix + quote(relative, safe=RFC3986_SUBDELIMS + "/~:@")
        if not self.append_slash and path != "/":
            path = path.rstrip("/")
        return path if len(self.roots) == 1 else root_url + path
