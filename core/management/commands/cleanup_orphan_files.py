"""List and remove stored files that no database row refers to (left by a crash between writing a
file and committing its row, or by a rolled-back request).

Every FileField/ImageField of every installed model (Wagtail documents, images and renditions, visit
photos, residents' photos, PPID uploads, officers' photos...) names the files in use; every file
under the storage roots (MEDIA_ROOT, PRIVATE_MEDIA_ROOT and each field's own storage, e.g.
the PPID's private root) that none of them names
and that is older than --min-age-hours (so an upload in flight is never touched) is an orphan.

    manage.py cleanup_orphan_files --dry-run     # list only
    manage.py cleanup_orphan_files               # remove (daily from cron)
"""

import os
import time
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import models


def referenced_names():
    names = set()
    for model in apps.get_models():
        fields = [f.name for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
        for field in fields:
            values = (
                model._default_manager.exclude(**{field: ""})
                .exclude(**{f"{field}__isnull": True})
                .values_list(field, flat=True)
                .iterator()
            )
            names.update(name.replace("\\", "/") for name in values)
    return names


def storage_roots():
    """MEDIA_ROOT, PRIVATE_MEDIA_ROOT and the location of every file field's own storage."""
    candidates = [
        getattr(settings, "MEDIA_ROOT", None),
        getattr(settings, "PRIVATE_MEDIA_ROOT", None),
    ]
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                candidates.append(getattr(field.storage, "location", None))
    roots = []
    for value in candidates:
        if value and Path(value).is_dir() and Path(value).resolve() not in roots:
            roots.append(Path(value).resolve())
    return roots


def orphans(min_age_seconds):
    """(root, relative name, size) of every orphaned file, oldest first."""
    in_use = referenced_names()
    cutoff = time.time() - min_age_seconds
    found = []
    for root in storage_roots():
        for directory, _dirs, files in os.walk(root):
            for filename in files:
                path = Path(directory) / filename
                name = path.relative_to(root).as_posix()
                stat = path.stat()
                if name not in in_use and stat.st_mtime < cutoff:
                    found.append((stat.st_mtime, root, name, stat.st_size))
    return [(root, name, size) for _mtime, root, name, size in sorted(found)]


class Command(BaseCommand):
    help = "List (--dry-run) or remove stored files that no database row refers to."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="list, remove nothing")
        parser.add_argument(
            "--min-age-hours",
            type=float,
            default=24,
            help="only files older than this (default 24): uploads in flight are never touched",
        )

    def handle(self, *args, dry_run=False, min_age_hours=24, **options):
        found = orphans(min_age_hours * 3600)
        total = sum(size for _root, _name, size in found)
        for root, name, size in found:
            if not dry_run:
                (root / name).unlink(missing_ok=True)
            self.stdout.write(
                f"{'would remove' if dry_run else 'removed'} {root / name} ({size} B)"
            )
        verb = "would be removed" if dry_run else "removed"
        self.stdout.write(f"{len(found)} orphaned files ({total} B) {verb}.")
