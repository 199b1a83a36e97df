"""Files that only some people may open: kept outside MEDIA_ROOT, served by a view that asks first.

The default storage routes every file whose name starts with a protected prefix (Wagtail documents,
visit photos, original image files) to PRIVATE_MEDIA_ROOT, a sibling of MEDIA_ROOT that no web server
or /media/ URL reaches. Everything else (image renditions, officer photos' renditions) stays in
MEDIA_ROOT as before. Nothing changes for the models: they keep the default storage, so no migration
and no change to Wagtail's own document and image models.

A protected file's URL is /berkas/<name>; the view asks the prefix's rule (PROTECTED_MEDIA_RULES,
`callable(request, name) -> bool`) and answers 404 for anyone the rule refuses, so a guessed name
learns nothing. Wagtail documents have no rule here: they are served only by /dokumen/<id>/<file>,
whose before_serve_document hooks apply the content's rules (cms/document_access.py).

Every protected response is an attachment (or an image that cannot run script) with
`X-Content-Type-Options: nosniff`, a CSP that forbids everything and `Cache-Control: private`.
"""

import mimetypes
import os
import posixpath
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils.module_loading import import_string
from django.views.decorators.cache import never_cache

DEFAULT_PREFIXES = ("documents/", "visits/", "original_images/")
# What a protected file may be served as inline: raster images only (no SVG, no HTML).
INLINE_TYPES = {"image/jpeg", "image/png", "image/webp", "image/gif"}
FILE_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"


def private_media_root():
    configured = getattr(settings, "PRIVATE_MEDIA_ROOT", None)
    if configured:
        return Path(configured)
    media = Path(settings.MEDIA_ROOT)
    return media.with_name(media.name + "-private")


def protected_prefixes():
    return tuple(getattr(settings, "PROTECTED_MEDIA_PREFIXES", DEFAULT_PREFIXES))


def normalise(name):
    """The name as the file system will resolve it: `./`, `%2F`-decoded dots and backslashes folded."""
    cleaned = posixpath.normpath(str(name).replace("\\", "/")).lstrip("/")
    return "" if cleaned in (".", "") else cleaned


def is_protected(name):
    cleaned = normalise(name)
    return (
        cleaned.startswith(protected_prefixes())
        or cleaned.rstrip("/") + "/" in protected_prefixes()
    )


class ProtectedMediaStorage(FileSystemStorage):
    """MEDIA_ROOT for public files; PRIVATE_MEDIA_ROOT for names under a protected prefix."""

    def _private(self):
        return FileSystemStorage(location=private_media_root(), base_url="/berkas/")

    def _save(self, name, content):
        if is_protected(name):
            return self._private()._save(name, content)
        return super()._save(name, content)

    def _open(self, name, mode="rb"):
        if is_protected(name):
            return self._private()._open(name, mode)
        return super()._open(name, mode)

    def path(self, name):
        if is_protected(name):
            return self._private().path(name)
        return super().path(name)

    def exists(self, name):
        if is_protected(name):
            return self._private().exists(name)
        return super().exists(name)

    def delete(self, name):
        if is_protected(name):
            return self._private().delete(name)
        return super().delete(name)

    def size(self, name):
        if is_protected(name):
            return self._private().size(name)
        return super().size(name)

    def listdir(self, path):
        if is_protected(path):
            return self._private().listdir(path)
        return super().listdir(path)

    def url(self, name):
        if is_protected(name):
            return reverse("protected_media", args=[normalise(name)])
        return super().url(name)


def _rule_for(name):
    rules = getattr(settings, "PROTECTED_MEDIA_RULES", {})
    cleaned = normalise(name)
    for prefix, dotted in rules.items():
        if cleaned.startswith(prefix):
            return import_string(dotted)
    return None


def protect_response(response, filename, inline=False):
    """Headers every private or user-uploaded file gets, whoever may open it."""
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(filename)}"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_CSP
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "private, no-store"
    return response


@never_cache
def serve_protected(request, name):
    """/berkas/<name>: the file when its prefix's rule lets this request see it; 404 otherwise."""
    cleaned = normalise(name)
    rule = _rule_for(cleaned) if is_protected(cleaned) else None
    if "\x00" in cleaned or rule is None or ".." in cleaned.split("/"):
        raise Http404
    if not rule(request, cleaned):
        raise Http404
    storage = FileSystemStorage(location=private_media_root())
    try:
        handle = storage.open(cleaned, "rb")
    except (FileNotFoundError, IsADirectoryError, PermissionError, ValueError) as exc:
        raise Http404 from exc
    content_type = mimetypes.guess_type(cleaned)[0] or "application/octet-stream"
    inline = content_type in INLINE_TYPES
    response = FileResponse(
        handle, content_type=content_type if inline else "application/octet-stream"
    )
    return protect_response(response, os.path.basename(cleaned), inline=inline)


def move_legacy_files(stdout=None):
    """Move files stored under a protected prefix in MEDIA_ROOT (before this storage existed) to
    PRIVATE_MEDIA_ROOT, keeping their names; returns how many were moved. Idempotent."""
    import shutil

    media, private = Path(settings.MEDIA_ROOT), private_media_root()
    moved = 0
    for prefix in protected_prefixes():
        source_dir = media / prefix.rstrip("/")
        if not source_dir.is_dir():
            continue
        for source in sorted(p for p in source_dir.rglob("*") if p.is_file()):
            target = private / source.relative_to(media)
            target.parent.mkdir(parents=True, exist_ok=True)
            if not target.exists():
                shutil.move(str(source), str(target))
                moved += 1
            else:
                source.unlink()
    if stdout is not None and moved:
        stdout.write(f"Moved {moved} private file(s) out of MEDIA_ROOT.\n")
    return moved
