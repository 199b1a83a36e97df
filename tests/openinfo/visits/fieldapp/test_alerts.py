"""High-severity signals alert the officer's supervisor and leadership at once, exactly once, with no
participants' personal data; the approval queue and the alert list in the admin."""

import io

import pytest
from django.core import mail

from openinfo.visits.fieldapp import alerts
from openinfo.visits.fieldapp.models import SignalAlert
from tests.openinfo.visits.conftest import build_report

pytestmark = pytest.mark.django_db

NAMES = "Siti Aminah\nJoko Susilo"
DESCRIPTION = "Joko Susilo (0812-3456-7890) mengajak tawuran"


@pytest.fixture
def addressed(people):
    for key, email in (
        ("supervisor", "kanit@polres.test"),
        ("other_supervisor", "kanit-lain@polres.test"),
        ("leader", "pimpinan@polres.test"),
        ("user_a", "andi@polres.test"),
    ):
        people[key].email = email
        people[key].save()
    return people


def file_with_signal(people, severity, django_capture_on_commit_callbacks):
    report = build_report(
        people["officer_a"],
        people["k1"],
        participant_names=NAMES,
        internal_notes="Rumah Siti Aminah di Jl. Melati 3",
        signals=[("tawuran", severity, DESCRIPTION, "open")],
    )
    with django_capture_on_commit_callbacks(execute=True):
        report.submit(people["user_a"])
    return report


def test_high_severity_sends_one_email_to_the_supervisor_and_leadership(
    addressed, django_capture_on_commit_callbacks
):
    report = file_with_signal(addressed, "tinggi", django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["kanit@polres.test", "pimpinan@polres.test"]
    text = message.subject + message.body
    assert (
        "Tawuran" in text
        and addressed["k1"].name in text
        and f"/admin/kunjungan/review/{report.pk}/" in text
    )
    for private in ("Siti", "Aminah", "Joko", "Susilo", "0812", "Melati", DESCRIPTION):
        assert private not in text
    assert sorted(SignalAlert.objects.values_list("recipient__username", flat=True)) == [
        "kanit",
        "pimpinan",
    ]


def test_low_severity_sends_nothing(addressed, django_capture_on_commit_callbacks):
    file_with_signal(addressed, "rendah", django_capture_on_commit_callbacks)
    assert mail.outbox == [] and not SignalAlert.objects.exists()


def test_resubmitting_does_not_alert_again_but_a_new_high_signal_does(
    addressed, django_capture_on_commit_callbacks
):
    from openinfo.models import EarlyWarningSignal

    report = file_with_signal(addressed, "tinggi", django_capture_on_commit_callbacks)
    report.return_with_comment(addressed["supervisor"], "Lengkapi.")
    report.signals.add(EarlyWarningSignal(category="narkoba", severity="tinggi", description="x"))
    report.save()
    with django_capture_on_commit_callbacks(execute=True):
        report.submit(addressed["user_a"])
    assert len(mail.outbox) == 2 and "Narkoba" in mail.outbox[1].subject


def test_nothing_is_sent_when_the_submission_rolls_back(addressed):
    from django.db import transaction

    report = build_report(
        addressed["officer_a"], addressed["k1"], signals=[("tawuran", "tinggi", "d", "open")]
    )
    with pytest.raises(RuntimeError), transaction.atomic():
        report.submit(addressed["user_a"])
        raise RuntimeError("rolled back")
    assert mail.outbox == []


def test_a_failing_channel_never_undoes_the_report(
    addressed, django_capture_on_commit_callbacks, settings
):
    settings.FIELD_ALERT_CHANNELS = ["tests.openinfo.visits.fieldapp.test_alerts.BrokenChannel"]
    report = file_with_signal(addressed, "tinggi", django_capture_on_commit_callbacks)
    report.refresh_from_db()
    assert report.status == "submitted" and len(mail.outbox) == 1


class BrokenChannel(alerts.AlertChannel):
    def send(self, alert, recipients):
        raise ConnectionError("SMS gateway down")


def test_console_channel_is_pluggable_and_carries_no_personal_data(addressed):
    report = build_report(
        addressed["officer_a"],
        addressed["k1"],
        participant_names=NAMES,
        signals=[("tawuran", "tinggi", DESCRIPTION, "open")],
    )
    stream = io.StringIO()
    alert = alerts.build_alert(report.signals.get())
    alerts.ConsoleChannel(stream).send(alert, alerts.recipients_for(report))
    line = stream.getvalue()
    assert line.startswith("[sambang-alert]") and "kanit" in line and "pimpinan" in line
    assert "Joko" not in line and "0812" not in line


def test_queue_and_alert_list_in_the_admin(addressed, client, django_capture_on_commit_callbacks):
    file_with_signal(addressed, "tinggi", django_capture_on_commit_callbacks)
    build_report(addressed["officer_b"], addressed["k2"], status="submitted")
    client.force_login(addressed["supervisor"])
    queue = client.get("/admin/lapangan/antrian/")
    assert queue.status_code == 200
    html = queue.content.decode()
    assert html.count('class="queue-row"') == 2
    assert "Laporan menunggu persetujuan Anda: 2" in html
    home = client.get("/admin/").content.decode()
    assert "(2)" in home  # the menu's count
    alert_list = client.get("/admin/lapangan/peringatan/").content.decode()
    assert "Tawuran" in alert_list and "Joko" not in alert_list
    client.post("/admin/lapangan/peringatan/dibaca/")
    assert not SignalAlert.objects.filter(
        recipient=addressed["supervisor"], read_at__isnull=True
    ).exists()
    client.force_login(addressed["other_supervisor"])
    assert client.get("/admin/lapangan/antrian/").content.decode().count('class="queue-row"') == 0
    client.force_login(addressed["user_a"])
    assert client.get("/admin/lapangan/antrian/").status_code in (
        302,
        403,
    )  # Wagtail redirects a denial
