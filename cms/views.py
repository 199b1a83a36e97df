"""Project-level views: health check, error pages (JSON under /api/), media in the embedded setup."""

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views import defaults
from django.views.static import serve
from wagtail.documents.views.serve import serve as wagtail_serve_document

from cms.protected_media import FILE_CSP, INLINE_TYPES, is_protected, normalise, protect_response
from core.errors import api_not_found, api_server_error, json_error
from core.outage import database_unavailable, retry_after

# Types a document keeps as its Content-Type (always as an attachment); anything else is sent as
# application/octet-stream so that no browser renders it.
SAFE_DOCUMENT_TYPES = {
    "application/pdf",
    "application/msword",
    "application/vnd.ms-excel",
    "application/zip",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "text/csv",
    "image/jpeg",
    "image/png",
}


def healthz(request):
    """Liveness only: the process answers. It touches no database, cache or engine (see /readyz)."""
    return JsonResponse({"status": "ok"})


def service_unavailable(request):
    """503 with Retry-After while the database cannot be reached; nothing here touches it."""
    if request.path.startswith("/api/"):
        response = json_error(request, 503, "service_unavailable")
    else:
        response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(retry_after())
    response["Cache-Control"] = "no-store"
    return response


def page_not_found(request, exception=None):
    if request.path.startswith("/api/"):
        return api_not_found(request, exception)
    return defaults.page_not_found(request, exception, template_name="404.html")


def server_error(request):
    if database_unavailable():
        return service_unavailable(request)
    if request.path.startswith("/api/"):
        return api_server_error(request)
    return defaults.server_error(request, template_name="500.html")


def serve_media(request, path):
    """MEDIA_ROOT in the embedded single-machine setup (a real deployment serves it from its proxy).

    Documents, visit photos and original images are not in MEDIA_ROOT at all (cms/protected_media.py);
    a leftover file under a protected prefix is refused all the same, judged on the normalised path
    (`./documents/`, `%2E/documents/` and `a/../documents/` are all `documents/`)."""
    cleaned = normalise(path)
    if not cleaned or is_protected(cleaned) or ".." in cleaned.split("/"):
        raise Http404
    response = serve(request, cleaned, document_root=settings.MEDIA_ROOT)
    response["X-Content-Type-Options"] = "nosniff"
    if response.get("Content-Type", "").split(";")[0] not in INLINE_TYPES:
        response["Content-Disposition"] = "attachment"
        response["Content-Security-Policy"] = FILE_CSP
    return response


def serve_document(request, document_id, document_filename):
    """Wagtail's document view (its before_serve_document hooks apply the content's rules), with
    every document an attachment that cannot run script on this origin."""
    response = wagtail_serve_document(request, document_id, document_filename)
    if response.status_code == 200:
        filename = document_filename.rsplit("/", 1)[-1]
        protect_response(response, filename)
        response["Content-Type"] = (
            response.get("Content-Type")
            if response.get("Content-Type", "").split(";")[0] in SAFE_DOCUMENT_TYPES
            else "application/octet-stream"
        )
    return response
