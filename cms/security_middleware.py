"""Response headers and request limits that every response of the site shares (docs/security.md).

- Permissions-Policy: no camera, microphone, geolocation, payment, USB... for any page.
- Every 429 carries Retry-After (the throttles and form limits set their own; this is the floor).
- Request bodies are capped per endpoint from Content-Length, before anything reads the body:
  a 40 MB upload to an 8 MB photo endpoint is a 413 at once.
- The admin signs out after ADMIN_IDLE_TIMEOUT seconds without a request.
"""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from core.errors import error_body

PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "payment=(), usb=(), interest-cohort=(), browsing-topics=()"
)
MB = 1024 * 1024
# (path prefix, path suffix or "", largest body in bytes), first match wins.
DEFAULT_BODY_LIMITS = [
    ("/api/v1/field/reports/", "/photos/", 9 * MB),
    ("/admin/kunjungan/review/", "/photos/", 9 * MB),
    ("/admin/documents/", "", 25 * MB),
    ("/admin/images/", "", 12 * MB),
    ("/admin/", "", 10 * MB),
    ("/informasi-publik/", "", 6 * MB),
    ("/api/", "", 1 * MB),
    ("/", "", 1 * MB),
]
IDLE_KEY = "_admin_last_seen"


def body_limit(path):
    for prefix, suffix, limit in getattr(settings, "REQUEST_BODY_LIMITS", DEFAULT_BODY_LIMITS):
        if path.startswith(prefix) and (not suffix or path.endswith(suffix)):
            return limit
    return None


def too_large(request, limit):
    message = _("The request is too large (at most %(mb)d MB).") % {"mb": max(1, limit // MB)}
    if request.path.startswith("/api/"):
        return JsonResponse(error_body(413, "request_too_large", message), status=413)
    return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = body_limit(request.path)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if limit is not None and length > limit:
            response = too_large(request, limit)
        else:
            response = self._idle_checked(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if response.status_code == 429 and "Retry-After" not in response:
            response["Retry-After"] = str(self._default_wait(request))
        return response

    def _default_wait(self, request):
        if request.path.startswith("/admin/"):
            return int(settings.AXES_COOLOFF_TIME.total_seconds())
        return 60

    def _idle_checked(self, request):
        user = getattr(request, "user", None)
        timeout = getattr(settings, "ADMIN_IDLE_TIMEOUT", 0)
        if (
            timeout
            and request.path.startswith("/admin/")
            and user is not None
            and user.is_authenticated
        ):
            now = int(time.time())
            last = request.session.get(IDLE_KEY)
            if last is not None and now - last > timeout:
                logout(request)
                return redirect(f"{reverse('wagtailadmin_login')}?next={request.path}")
            request.session[IDLE_KEY] = now
        return self.get_response(request)
