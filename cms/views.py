"""Project-level views: health check, error pages (JSON under /api/), media in the embedded setup."""

from django.conf import settings
from django.db import connection
from django.http import Http404, JsonResponse
from django.views import defaults
from django.views.static import serve

from core.errors import api_not_found, api_server_error


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def page_not_found(request, exception=None):
    if request.path.startswith("/api/"):
        return api_not_found(request, exception)
    return defaults.page_not_found(request, exception, template_name="404.html")


def server_error(request):
    if request.path.startswith("/api/"):
        return api_server_error(request)
    return defaults.server_error(request, template_name="500.html")


# Wagtail documents go through /dokumen/ so that before_serve_document hooks (e.g. exempt PPID
# documents) apply; their files must never be reachable by guessing a media path.
PRIVATE_MEDIA_PREFIXES = ("documents/",)


def serve_media(request, path):
    # Only for the embedded single-machine setup; a real deployment serves media from its proxy
    # (which must likewise refuse MEDIA_ROOT/documents/).
    if path.lstrip("/").startswith(PRIVATE_MEDIA_PREFIXES) or ".." in path.split("/"):
        raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT)
