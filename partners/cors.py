"""CORS for the partner API, driven by each API key's allowed origins.

A browser's preflight carries no Authorization header, so it is answered for any origin that some
active key allows; the real request then gets `Access-Control-Allow-Origin` only when its own key
allows that origin. Nothing outside /api/v1/ is touched.
"""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers

from partners.models import ApiKey

ORIGINS_CACHE_KEY = "cors:allowed-origins"
ALLOW_HEADERS = "Authorization, Content-Type, If-None-Match, If-Modified-Since, Accept-Language"
EXPOSE_HEADERS = "ETag, Last-Modified, Retry-After, Content-Language"


def all_allowed_origins():
    origins = cache.get(ORIGINS_CACHE_KEY)
    if origins is None:
        origins = set()
        for text in (
            ApiKey.objects.active()
            .exclude(allowed_origins="")
            .values_list("allowed_origins", flat=True)
        ):
            origins |= {line.strip().rstrip("/") for line in text.splitlines() if line.strip()}
        cache.set(ORIGINS_CACHE_KEY, origins, timeout=300)
    return origins


def _forget_origins(**kwargs):
    cache.delete(ORIGINS_CACHE_KEY)


post_save.connect(_forget_origins, sender=ApiKey, dispatch_uid="cms.cors.key_saved")
post_delete.connect(_forget_origins, sender=ApiKey, dispatch_uid="cms.cors.key_deleted")


class ApiCorsMiddleware:
    prefix = "/api/v1/"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        origin = request.headers.get("Origin")
        if not origin or not request.path.startswith(self.prefix):
            return self.get_response(request)
        origin = origin.rstrip("/")
        if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
            response = HttpResponse(status=204)
            if origin in all_allowed_origins():
                response["Access-Control-Allow-Origin"] = origin
                response["Access-Control-Allow-Methods"] = "GET, HEAD, POST, DELETE, OPTIONS"
                response["Access-Control-Allow-Headers"] = ALLOW_HEADERS
                response["Access-Control-Max-Age"] = "600"
            patch_vary_headers(response, ("Origin",))
            return response
        response = self.get_response(request)
        key = getattr(request, "api_key", None)
        if key is not None and origin in key.origins:
            response["Access-Control-Allow-Origin"] = origin
            response["Access-Control-Expose-Headers"] = EXPOSE_HEADERS
        patch_vary_headers(response, ("Origin",))
        return response
