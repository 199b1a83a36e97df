"""Site-wide files browsers ask for by name: /favicon.ico and the web app manifest."""

import functools
import io

from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import cache_control
from PIL import Image, ImageDraw

from home.models import PortalSettings

NAVY, GOLD = (11, 37, 69), (224, 161, 0)


@functools.cache
def _icon_png(size):
    """The round gold brand mark on navy, drawn once per size (no binary files in the repository)."""
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((0, 0, size - 1, size - 1), fill=GOLD)
    inset = size * 0.28
    draw.ellipse((inset, inset, size - inset, size - inset), fill=NAVY)
    return image


@functools.cache
def _favicon_bytes():
    buffer = io.BytesIO()
    _icon_png(64).save(buffer, "ICO", sizes=[(16, 16), (32, 32), (48, 48)])
    return buffer.getvalue()


@cache_control(public=True, max_age=7 * 24 * 3600)
def favicon(request):
    return HttpResponse(_favicon_bytes(), content_type="image/x-icon")


@cache_control(public=True, max_age=7 * 24 * 3600)
def icon(request, size):
    if size not in (192, 512):
        return HttpResponse(status=404)
    buffer = io.BytesIO()
    _icon_png(size).save(buffer, "PNG", optimize=True)
    return HttpResponse(buffer.getvalue(), content_type="image/png")


@cache_control(public=True, max_age=24 * 3600)
def web_manifest(request):
    settings = PortalSettings.load(request_or_site=request)
    return JsonResponse(
        {
            "name": f"Sambang Digital — {settings.institution_name}",
            "short_name": "Sambang Digital",
            "lang": "id",
            "start_url": "/",
            "display": "browser",
            "background_color": "#f5f7fa",
            "theme_color": "#0b2545",
            "icons": [
                {"src": "/ikon-192.png", "sizes": "192x192", "type": "image/png"},
                {"src": "/ikon-512.png", "sizes": "512x512", "type": "image/png"},
            ],
        },
        content_type="application/manifest+json",
        json_dumps_params={"ensure_ascii": False},
    )
