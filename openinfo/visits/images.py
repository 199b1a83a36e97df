"""Safe photo intake: decode by content, enforce byte and pixel limits, drop EXIF (GPS included),
re-encode, and make resized renditions. Everything happens in memory before anything is stored.
"""

import hashlib
import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from openinfo.models import VisitPhoto

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_BYTES = getattr(settings, "VISIT_PHOTO_MAX_BYTES", 8 * 1024 * 1024)
MAX_PIXELS = getattr(settings, "VISIT_PHOTO_MAX_PIXELS", 40_000_000)
STORED_MAX_SIDE = 2048
RENDITIONS = {"medium": 1024, "thumbnail": 320}


class PhotoRejected(Exception):
    def __init__(self, message, status, code):
        super().__init__(str(message))
        self.message, self.status, self.code = message, status, code


@dataclass
class CleanPhoto:
    image: ContentFile
    medium: ContentFile
    thumbnail: ContentFile
    width: int
    height: int
    sha256: str


def _encode(img, max_side, name):
    copy = img.copy()
    copy.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    # A fresh encode with no exif/icc/xmp arguments: nothing of the original metadata is written.
    copy.save(buffer, "JPEG", quality=85, optimize=True)
    return ContentFile(buffer.getvalue(), name=name), copy.size


def sanitize(upload, max_bytes=None, max_pixels=None):
    """Returns a CleanPhoto or raises PhotoRejected (413 too large, 415 not an image we take, 400 corrupt)."""
    max_bytes = max_bytes or MAX_BYTES
    max_pixels = max_pixels or MAX_PIXELS
    size = getattr(upload, "size", None)
    if size is None or size > max_bytes:
        raise PhotoRejected(
            _("The photo is larger than %(mb)d MB.") % {"mb": max_bytes // (1024 * 1024) or 1},
            413,
            "photo_too_large",
        )
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise PhotoRejected(
            _("The photo is larger than %(mb)d MB.") % {"mb": max_bytes // (1024 * 1024) or 1},
            413,
            "photo_too_large",
        )
    previous_limit = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = max_pixels
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            try:
                img = Image.open(io.BytesIO(data))
            except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
                raise PhotoRejected(
                    _("The photo has too many pixels."), 413, "photo_too_many_pixels"
                ) from exc
            except UnidentifiedImageError as exc:
                raise PhotoRejected(
                    _("Only JPEG, PNG and WebP photos are accepted."), 415, "unsupported_media_type"
                ) from exc
            except (
                OSError,
                SyntaxError,
                ValueError,
            ) as exc:  # a header cut short, e.g. a truncated JPEG
                raise PhotoRejected(
                    _("The photo file is damaged or incomplete."), 400, "corrupt_image"
                ) from exc
            if img.format not in ALLOWED_FORMATS:
                raise PhotoRejected(
                    _("Only JPEG, PNG and WebP photos are accepted."), 415, "unsupported_media_type"
                )
            if img.width * img.height > max_pixels:
                raise PhotoRejected(
                    _("The photo has too many pixels."), 413, "photo_too_many_pixels"
                )
            try:
                img.load()
                img = ImageOps.exif_transpose(img)
                if img.mode not in ("RGB", "L"):
                    background = Image.new("RGB", img.size, (255, 255, 255))
                    rgba = img.convert("RGBA")
                    background.paste(rgba, mask=rgba.getchannel("A"))
                    img = background
                elif img.mode == "L":
                    img = img.convert("RGB")
            except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
                raise PhotoRejected(
                    _("The photo has too many pixels."), 413, "photo_too_many_pixels"
                ) from exc
            except (OSError, SyntaxError, ValueError) as exc:
                raise PhotoRejected(
                    _("The photo file is damaged or incomplete."), 400, "corrupt_image"
                ) from exc
    finally:
        Image.MAX_IMAGE_PIXELS = previous_limit
    digest = hashlib.sha256(data).hexdigest()
    stem = digest[:16]
    full, (width, height) = _encode(img, STORED_MAX_SIDE, f"{stem}.jpg")
    medium, _size = _encode(img, RENDITIONS["medium"], f"{stem}-m.jpg")
    thumb, _size = _encode(img, RENDITIONS["thumbnail"], f"{stem}-t.jpg")
    return CleanPhoto(full, medium, thumb, width, height, digest)


def store(report, upload, caption=""):
    """Sanitize then store a VisitPhoto for the report; nothing is written if sanitizing fails."""
    clean = sanitize(upload)
    photo = VisitPhoto(
        report=report, caption=caption[:200], sha256=clean.sha256, sort_order=report.photos.count()
    )
    try:  # a storage or database error leaves no file behind (not even the ones already written)
        photo.image.save(clean.image.name, clean.image, save=False)
        photo.medium.save(clean.medium.name, clean.medium, save=False)
        photo.thumbnail.save(clean.thumbnail.name, clean.thumbnail, save=False)
        photo.save()
    except Exception:
        for field in (photo.image, photo.medium, photo.thumbnail):
            if field.name:
                field.storage.delete(field.name)
        raise
    return photo
