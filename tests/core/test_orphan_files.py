"""Files no row refers to are found and removed (with a dry run first); files in use, and uploads
younger than the minimum age, are never touched. A storage error while a photo is written leaves
no file behind."""

import io
import os
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from openinfo.models import VisitPhoto
from openinfo.visits.images import store
from tests.openinfo.visits.conftest import area, build_report, image_bytes, people  # noqa: F401, F811

pytestmark = pytest.mark.django_db


def stored_files():
    found = set()
    for root in (settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT):
        for directory, _dirs, files in os.walk(root):
            found.update(str(Path(directory) / name) for name in files)
    return found


def leftover(root, name, age_hours):
    path = Path(root) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"left by a crash")
    old = time.time() - age_hours * 3600
    os.utime(path, (old, old))
    return path


def run(*args):
    out = io.StringIO()
    call_command("cleanup_orphan_files", *args, stdout=out)
    return out.getvalue()


def test_orphans_are_listed_then_removed_and_files_in_use_stay(people):  # noqa: F811
    report = build_report(people["officer_a"], people["k1"])
    photo = store(report, SimpleUploadedFile("p.jpg", image_bytes(), content_type="image/jpeg"))
    in_use = [Path(f.path) for f in (photo.image, photo.medium, photo.thumbnail)]
    for path in in_use:
        os.utime(path, (time.time() - 48 * 3600,) * 2)  # old, but referenced
    private = leftover(settings.PRIVATE_MEDIA_ROOT, "visits/2026/01/orphan.jpg", 48)
    public = leftover(settings.MEDIA_ROOT, "images/orphan.fill-96x96.jpg", 30)
    young = leftover(settings.PRIVATE_MEDIA_ROOT, "visits/2026/01/in-flight.jpg", 1)

    listed = run("--dry-run")
    assert str(private) in listed and str(public) in listed
    assert str(young) not in listed and not any(str(p) in listed for p in in_use)
    assert "2 orphaned files" in listed
    assert private.exists() and public.exists()  # a dry run removes nothing

    removed = run()
    assert "2 orphaned files" in removed
    assert not private.exists() and not public.exists()
    assert young.exists() and all(path.exists() for path in in_use)
    assert run("--dry-run").startswith("0 orphaned files")


def test_a_storage_error_while_writing_a_photo_leaves_no_file(people, monkeypatch):  # noqa: F811
    report = build_report(people["officer_a"], people["k1"])
    before = stored_files()
    real_save = FileSystemStorage._save

    def failing_save(self, name, content):
        if name.endswith("-m.jpg") or "-m" in Path(name).stem:  # the second of three files
            raise OSError(28, "No space left on device")
        return real_save(self, name, content)

    monkeypatch.setattr(FileSystemStorage, "_save", failing_save)
    with pytest.raises(OSError):
        store(report, SimpleUploadedFile("p.jpg", image_bytes(), content_type="image/jpeg"))
    assert stored_files() == before
    assert not VisitPhoto.objects.exists()
