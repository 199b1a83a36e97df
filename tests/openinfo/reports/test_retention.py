"""Retention: personal data of messages closed longer ago than REPORTS_RETENTION_MONTHS is removed;
open messages, recently closed ones and the figures' fields stay."""

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from openinfo.reports.models import ResidentMessage
from tests.openinfo.reports.conftest import jpeg_with_gps


def closed(message, when, **extra):
    message.close(None, "handled", note="catatan internal Qx")
    ResidentMessage.objects.filter(pk=message.pk).update(closed_at=when, **extra)
    message.refresh_from_db()
    return message


@pytest.fixture
def messages(file_message, people, settings):
    settings.REPORTS_RETENTION_MONTHS = 12
    now = timezone.now()
    photo = ContentFile(jpeg_with_gps(), name="foto.jpg")
    old = file_message(
        people["k1"],
        message="Pesan lama Qx",
        contact_choice="telepon",
        contact_phone="081211112222",
        when_where="RT 03",
        photo=photo,
    )
    old.convert_to_signal(None, "narkoba", "sedang", "Pesan lama Qx di warung")
    old.reply(None, "Sudah kami tindak lanjuti.")
    closed(old, now - datetime.timedelta(days=400))
    recent = closed(
        file_message(
            people["k1"],
            message="Pesan baru Qx",
            contact_choice="email",
            contact_email="baru@example.id",
        ),
        now - datetime.timedelta(days=200),
    )
    still_open = file_message(
        people["k1"],
        message="Masih terbuka Qx",
        contact_choice="telepon",
        contact_phone="081233334444",
    )
    ResidentMessage.objects.filter(pk=still_open.pk).update(
        received_at=now - datetime.timedelta(days=800)
    )
    return {"old": old, "recent": recent, "open": still_open}


def test_retention_removes_personal_data_of_old_closed_messages_only(messages):
    old_photo = messages["old"].photo.name
    storage = messages["old"].photo.storage
    assert storage.exists(old_photo)
    out = io.StringIO()
    call_command("reports_retention", stdout=out)
    assert "1 messages anonymised" in out.getvalue()

    old = ResidentMessage.objects.get(pk=messages["old"].pk)
    assert old.anonymised_at is not None
    assert "Qx" not in old.message and old.when_where == "" and not old.photo
    assert old.contact_phone == "" and old.contact_email == "" and old.contact_choice == "anonim"
    assert not storage.exists(old_photo)
    assert not old.events.exclude(note="").exists()
    assert "Qx" not in old.signal.description
    # What the figures need stays: kind, area, dates, the first reply.
    assert old.kind == "informasi" and old.kecamatan_id and old.first_reply_at and old.due_date

    recent = ResidentMessage.objects.get(pk=messages["recent"].pk)
    assert recent.message == "Pesan baru Qx" and recent.contact_email == "baru@example.id"
    assert (
        recent.anonymised_at is None and recent.events.filter(note="catatan internal Qx").exists()
    )
    still_open = ResidentMessage.objects.get(pk=messages["open"].pk)
    assert still_open.message == "Masih terbuka Qx" and still_open.contact_phone == "081233334444"


def test_dry_run_changes_nothing_and_a_second_run_finds_nothing(messages):
    out = io.StringIO()
    call_command("reports_retention", "--dry-run", stdout=out)
    assert "1 messages would be anonymised" in out.getvalue()
    assert ResidentMessage.objects.filter(anonymised_at__isnull=False).count() == 0
    call_command("reports_retention", stdout=io.StringIO())
    out = io.StringIO()
    call_command("reports_retention", stdout=out)
    assert "0 messages anonymised" in out.getvalue()


def test_retention_period_comes_from_the_settings(messages, settings):
    settings.REPORTS_RETENTION_MONTHS = 6
    call_command("reports_retention", stdout=io.StringIO())
    assert ResidentMessage.objects.filter(anonymised_at__isnull=False).count() == 2
