"""The app shell: /lapangan/ (HTML), /lapangan/sw.js (service worker) and the web manifest.

The shell's version is a hash of its files, so a changed file yields a new service worker that
precaches the new shell under a new cache name and deletes the old one on activation.

On a first visit over slow 3G every round trip costs ~2 s, so the page carries its CSS and its
JavaScript inline (one gzip-compressed response): the ES modules of static/fieldapp/ are joined
into one script, each in its own scope, by `bundle()`. The module files stay the source (the Node
tests import them) and are precached too."""

import hashlib
import json
import re
from functools import lru_cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET

SHELL_FILES = [
    "fieldapp/app.css",
    "fieldapp/app.mjs",
    "fieldapp/outbox.mjs",
    "fieldapp/store.mjs",
    "fieldapp/sync.mjs",
    "fieldapp/photos.mjs",
    "fieldapp/redaction.mjs",
    "fieldapp/tasks.mjs",
    "fieldapp/details.mjs",
    "fieldapp/icon-192.png",
    "fieldapp/icon-512.png",
]
SCOPE = "/lapangan/"


def _read(path):
    found = finders.find(path)
    if not found:
        raise FileNotFoundError(path)
    with open(found, "rb") as handle:
        return handle.read()


@lru_cache(maxsize=1)
def _cached_version():
    return _compute_version()


def _compute_version():
    digest = hashlib.sha256()
    for path in SHELL_FILES:
        digest.update(path.encode())
        digest.update(_read(path))
    for template in ("fieldapp/index.html", "fieldapp/sw.js"):
        digest.update(_read_template(template))
    return digest.hexdigest()[:12]


def _read_template(name):
    from django.template.loader import get_template

    return get_template(name).template.source.encode()


def shell_version():
    return _compute_version() if settings.DEBUG else _cached_version()


MODULE_ORDER = ["outbox", "store", "sync", "photos", "redaction", "tasks", "details", "app"]
IMPORT_RE = re.compile(r'^import \{([^}]*)\} from "\./(\w+)\.mjs";$', re.M)
EXPORT_RE = re.compile(r"^export (?:async function|function|const|class) (\w+)", re.M)


@lru_cache(maxsize=4)
def bundle(version):
    """The modules as one script: `import {a} from "./x.mjs"` becomes `const {a} = __x;`."""
    parts = []
    for name in MODULE_ORDER:
        source = _read(f"fieldapp/{name}.mjs").decode()
        exported = EXPORT_RE.findall(source)
        source = IMPORT_RE.sub(lambda m: f"const {{{m.group(1)}}} = __{m.group(2)};", source)
        source = re.sub(r"^export ", "", source, flags=re.M)
        if re.search(r"^\s*(import|export)\s", source, re.M):
            raise ValueError(f"fieldapp/{name}.mjs: an import/export the bundler does not handle")
        parts.append(
            f"const __{name} = (() => {{\n{source}\nreturn {{ {', '.join(exported)} }};\n}})();"
        )
    script = "\n".join(parts)
    if "</script" in script.lower():
        raise ValueError("the bundle may not contain </script")
    return script


def asset_urls(version):
    return {
        path.split("/")[-1].replace(".", "_").replace("-", "_"): f"{static(path)}?v={version}"
        for path in SHELL_FILES
    }


def _no_cache(response):
    response["Cache-Control"] = "no-cache"
    return response


# The site's Permissions-Policy denies the camera and location to every page; the field app asks
# for both (photos from the camera, the optional GPS point of a visit), for itself only.
FIELD_PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(self), geolocation=(self), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=(), browsing-topics=()"
)


@require_GET
@gzip_page
def index(request):
    version = shell_version()
    response = _no_cache(
        render(
            request,
            "fieldapp/index.html",
            {
                "version": version,
                "assets": asset_urls(version),
                "css": _read("fieldapp/app.css").decode(),
                "script": bundle(version),
            },
        )
    )
    response["Permissions-Policy"] = FIELD_PERMISSIONS_POLICY
    return response


@require_GET
def service_worker(request):
    version = shell_version()
    precache = [SCOPE, SCOPE + "manifest.webmanifest", *asset_urls(version).values()]
    response = render(
        request,
        "fieldapp/sw.js",
        {
            "version": version,
            "precache": json.dumps(precache),
            "scope": SCOPE,
        },
        content_type="text/javascript; charset=utf-8",
    )
    return _no_cache(response)


@require_GET
def manifest(request):
    version = shell_version()
    body = {
        "name": "Sambang Lapangan — Bhabinkamtibmas",
        "short_name": "Sambang",
        "description": "Catat kunjungan sambang dan sinyal deteksi dini, juga tanpa sinyal.",
        "lang": "id",
        "start_url": SCOPE,
        "scope": SCOPE,
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#ffffff",
        "theme_color": "#0b3d91",
        "icons": [
            {
                "src": f"{static('fieldapp/icon-192.png')}?v={version}",
                "sizes": "192x192",
                "type": "image/png",
            },
            {
                "src": f"{static('fieldapp/icon-512.png')}?v={version}",
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "any maskable",
            },
        ],
    }
    return _no_cache(
        HttpResponse(json.dumps(body, ensure_ascii=False), content_type="application/manifest+json")
    )
