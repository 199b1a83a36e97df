"""Triage in the admin and the field API, scoped like visit reports; reply (tracking page, e-mail after
commit, wa.me link), convert to signal (linked both ways), forward, close, timeline, reminders."""

import datetime
from urllib.parse import parse_qs, urlparse

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from openinfo.models import EarlyWarningSignal
from openinfo.reports.models import MessageEvent, Status
from openinfo.reports.notify import whatsapp_link
from tests.openinfo.reports.conftest import token_client


def refused(response):
    """Wagtail turns a PermissionDenied in an admin view into a redirect to the dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == "/admin/"
    )


def admin_client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def message_k1(file_message, people):
    return file_message(
        people["k1"],
        kind="pertanyaan",
        message="Apakah boleh menahan KTP penyewa kos?",
        contact_choice="telepon",
        contact_phone="0812-3456-7890",
    )


def test_officer_sees_own_kelurahan_only_in_queue_detail_and_actions(
    people, message_k1, file_message
):
    other = file_message(people["k3"])
    officer_b = admin_client(people["user_b"])  # assigned to k2
    queue = officer_b.get("/admin/lapor/?status=all").content.decode()
    assert message_k1.tracking_code not in queue and other.tracking_code not in queue
    assert refused(officer_b.get(f"/admin/lapor/{message_k1.pk}/"))
    assert refused(officer_b.get(f"/admin/lapor/{message_k1.pk}/foto/"))
    assert refused(
        officer_b.post(f"/admin/lapor/{message_k1.pk}/aksi/reply/", {"text": "Jawaban orang lain"})
    )
    assert refused(officer_b.post(f"/admin/lapor/{message_k1.pk}/aksi/close/", {"reason": "spam"}))
    message_k1.refresh_from_db()
    assert message_k1.status == Status.RECEIVED and message_k1.events.count() == 1

    officer_a = admin_client(people["user_a"])
    queue = officer_a.get("/admin/lapor/").content.decode()
    assert message_k1.tracking_code in queue and other.tracking_code not in queue
    assert officer_a.get(f"/admin/lapor/{message_k1.pk}/").status_code == 200


def test_supervisor_sees_own_unit_other_unit_supervisor_does_not(people, message_k1):
    assert (
        admin_client(people["supervisor"]).get(f"/admin/lapor/{message_k1.pk}/").status_code == 200
    )
    assert refused(admin_client(people["other_supervisor"]).get(f"/admin/lapor/{message_k1.pk}/"))


def test_leadership_reads_everything_but_cannot_act(people, message_k1):
    leader = admin_client(people["leader"])
    assert leader.get(f"/admin/lapor/{message_k1.pk}/").status_code == 200
    assert refused(leader.post(f"/admin/lapor/{message_k1.pk}/aksi/reply/", {"text": "x"}))


def test_field_api_is_scoped_the_same_way(people, message_k1):
    outside = token_client(people["user_b"])
    assert message_k1.tracking_code not in outside.get("/api/v1/field/messages/").content.decode()
    assert outside.get(f"/api/v1/field/messages/{message_k1.pk}/").status_code == 404
    assert (
        outside.post(f"/api/v1/field/messages/{message_k1.pk}/reply/", {"text": "x"}).status_code
        == 404
    )
    inside = token_client(people["user_a"])
    assert (
        inside.get(f"/api/v1/field/messages/{message_k1.pk}/").json()["tracking_code"]
        == message_k1.tracking_code
    )
    response = inside.post(
        f"/api/v1/field/messages/{message_k1.pk}/reply/", {"text": "Tidak boleh."}, format="json"
    )
    assert response.status_code == 200 and response.json()["replies"] == ["Tidak boleh."]


def test_reply_is_shown_on_tracking_and_mailed_after_commit(
    people, file_message, django_capture_on_commit_callbacks
):
    message = file_message(people["k1"], contact_choice="email", contact_email="warga@example.id")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        admin_client(people["user_a"]).post(
            f"/admin/lapor/{message.pk}/aksi/reply/", {"text": "Terima kasih, sudah kami cek."}
        )
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1 and "Terima kasih, sudah kami cek." in mail.outbox[0].body
    message.refresh_from_db()
    assert message.status == Status.ANSWERED and message.first_reply_at is not None
    assert [e.kind for e in message.public_events()] == ["received", "replied"]


def test_whatsapp_link_is_prefilled_and_url_encoded(people, message_k1):
    text = "Tidak boleh & jangan ditahan. Info: 50% aturan? #1"
    link = whatsapp_link(message_k1, text)
    parsed = urlparse(link)
    assert parsed.scheme == "https" and parsed.netloc == "wa.me" and parsed.path == "/6281234567890"
    assert " " not in link and "&" not in parsed.query.split("=", 1)[1] and "#" not in link
    prefilled = parse_qs(parsed.query)["text"][0]
    assert (
        text in prefilled and message_k1.tracking_code in prefilled and "/lapor/lacak/" in prefilled
    )
    admin_client(people["user_a"]).post(f"/admin/lapor/{message_k1.pk}/aksi/reply/", {"text": text})
    page = admin_client(people["user_a"]).get(f"/admin/lapor/{message_k1.pk}/").content.decode()
    assert 'href="https://wa.me/6281234567890?text=' in page


def test_convert_to_signal_links_both_ways_and_the_signal_keeps_its_lifecycle(people, message_k1):
    client = admin_client(people["user_a"])
    client.post(
        f"/admin/lapor/{message_k1.pk}/aksi/convert/",
        {"category": "premanisme", "severity": "sedang", "description": "Pungli di pasar"},
    )
    message_k1.refresh_from_db()
    signal = EarlyWarningSignal.objects.get()
    assert message_k1.signal == signal and signal.resident_message == message_k1
    assert signal.report is None and signal.kelurahan_id == people["k1"].pk and signal.reported
    assert signal.kecamatan_id == message_k1.kecamatan_id and signal.status == "open"
    # Converting twice is refused; the signal's own status moves independently of the message.
    client.post(
        f"/admin/lapor/{message_k1.pk}/aksi/convert/",
        {"category": "narkoba", "severity": "tinggi", "description": "lagi"},
    )
    assert EarlyWarningSignal.objects.count() == 1
    client.post(
        f"/admin/lapor/{message_k1.pk}/aksi/signal/", {"status": "monitored", "note": "dipantau"}
    )
    signal.refresh_from_db()
    message_k1.refresh_from_db()
    assert signal.status == "monitored" and message_k1.status == Status.RECEIVED
    assert [h.to_status for h in signal.history.all()] == ["open", "monitored"]
    assert "converted" in [e.kind for e in message_k1.events.all()]


def test_forward_moves_the_message_out_of_the_officers_scope(people, message_k1):
    client = admin_client(people["user_a"])
    response = client.post(
        f"/admin/lapor/{message_k1.pk}/aksi/forward/",
        {"kelurahan": people["k2"].code, "note": "wilayah tetangga"},
    )
    assert response.status_code == 302
    message_k1.refresh_from_db()
    assert message_k1.kelurahan == people["k2"]
    assert refused(client.get(f"/admin/lapor/{message_k1.pk}/"))
    assert admin_client(people["user_b"]).get(f"/admin/lapor/{message_k1.pk}/").status_code == 200
    event = message_k1.events.get(kind=MessageEvent.Kind.FORWARDED)
    assert event.from_kelurahan == people["k1"] and event.to_kelurahan == people["k2"]


def test_close_with_reason_then_no_more_actions(people, message_k1):
    client = admin_client(people["user_a"])
    client.post(
        f"/admin/lapor/{message_k1.pk}/aksi/close/", {"reason": "not_police", "note": "urusan RT"}
    )
    message_k1.refresh_from_db()
    assert message_k1.status == Status.CLOSED and message_k1.close_reason == "not_police"
    client.post(f"/admin/lapor/{message_k1.pk}/aksi/reply/", {"text": "terlambat"})
    assert not message_k1.events.filter(kind="replied").exists()
    client.post(f"/admin/lapor/{message_k1.pk}/aksi/close/", {"reason": "bogus"})
    assert message_k1.events.filter(kind="closed").count() == 1


def test_overdue_reminders_go_to_the_kelurahan_officer_and_the_unit_supervisor(
    people, file_message
):
    people["user_a"].email, people["supervisor"].email = "a@polri.example", "kanit@polri.example"
    people["user_a"].save()
    people["supervisor"].save()
    people["user_b"].email = "b@polri.example"
    people["user_b"].save()
    received = timezone.make_aware(
        datetime.datetime(2026, 3, 2, 9, 0)
    )  # Monday; due Wednesday 4 March
    overdue = file_message(people["k1"], received_at=received)
    file_message(people["k1"], received_at=timezone.make_aware(datetime.datetime(2026, 3, 5, 9, 0)))
    call_command("reports_reminders", date="2026-03-06", stdout=__import__("io").StringIO())
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["a@polri.example", "kanit@polri.example"]
    assert all(overdue.tracking_code in m.body for m in mail.outbox)
    assert overdue.events.filter(kind="reminded").count() == 1
