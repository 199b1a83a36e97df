"""The one absolute-URL rule: links that leave a request (canonical links, feeds, QR codes,
e-mails, webhooks, the change feed) are built from `settings.BASE_URL`."""

from django.conf import settings


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
