"""Storage for PPID files that must never be reachable by URL (powers of attorney, responses).

It lives beside MEDIA_ROOT, not inside it, so no media URL can reach it; the files are served
only by views that check who is asking (`openinfo.ppid.views`, `openinfo.ppid.admin`).
"""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def private_root():
    configured = getattr(settings, "PPID_PRIVATE_ROOT", None)
    if configured:
        return Path(configured)
    media = Path(settings.MEDIA_ROOT)
    return media.with_name(media.name + "-private")


class PrivateStorage(FileSystemStorage):
    def url(self, name):
        raise ValueError(
            "PPID files have no public URL; serve them through a view that checks access."
        )


def ppid_private_storage():
    return PrivateStorage(location=private_root())
