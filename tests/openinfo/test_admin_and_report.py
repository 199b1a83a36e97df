import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from openinfo.models import InformationRequest, Status
from openinfo.ppid.report import yearly_report
from tests.openinfo.factories import at, file_request


@pytest.fixture
def ppid_user(db):
    user = get_user_model().objects.create_user("petugas", "petugas@example.org", "x")
    user.groups.add(Group.objects.get(name="PPID"))
    return user


def test_ppid_group_exists_with_request_permissions(db):
    group = Group.objects.get(name="PPID")
    codes = set(group.permissions.values_list("codename", flat=True))
    assert {
        "change_informationrequest",
        "view_informationrequest",
        "change_objection",
        "publish_publicinformation",
        "change_holiday",
        "access_admin",
    } <= codes


def test_staff_listing_shows_due_date_days_left_and_highlights_overdue(client, ppid_user):
    late, _ = file_request(received_at=timezone.now() - datetime.timedelta(days=40))
    fresh, _ = file_request()
    client.force_login(ppid_user)
    response = client.get("/admin/snippets/openinfo/informationrequest/")
    html = response.content.decode()
    assert response.status_code == 200
    assert late.registration_number in html and fresh.registration_number in html
    assert "ppid-overdue" in html and "terlambat" in html
    assert "sisa" in html
    assert "/admin/snippets/openinfo/informationrequest/add/" not in html


def test_staff_handles_a_request_through_the_admin_and_invalid_actions_change_nothing(
    client, ppid_user
):
    req, _ = file_request()
    client.force_login(ppid_user)
    url = f"/admin/ppid/permohonan/{req.pk}/tangani/"
    html = client.get(url).content.decode()
    assert req.requester_name in html  # staff see the identity
    client.post(url, {"action": "start"})
    client.post(url, {"action": "extend", "days": "5", "reason": "Menunggu data dari Polsek"})
    req.refresh_from_db()
    assert req.status == Status.EXTENDED and req.extended_due_date
    response = client.post(
        url, {"action": "reject", "note": "tanpa dasar", "exemption_basis": ""}, follow=True
    )
    assert "dasar hukum" in response.content.decode()
    req.refresh_from_db()
    assert req.status == Status.EXTENDED
    client.post(url, {"action": "fulfil", "note": "Data terlampir"})
    req.refresh_from_db()
    assert req.status == Status.FULFILLED
    assert list(req.events.values_list("kind", flat=True)) == [
        "received",
        "processing",
        "extended",
        "fulfilled",
    ]
    assert all(e.by == ppid_user for e in req.events.exclude(kind="received"))


def test_handling_page_is_for_ppid_staff_only(client, db):
    req, _ = file_request()
    other = get_user_model().objects.create_user("lain", "l@example.org", "x")
    client.force_login(other)
    assert client.get(f"/admin/ppid/permohonan/{req.pk}/tangani/").status_code in (302, 403)


def test_reminders_mail_the_ppid_group_about_due_soon_and_overdue(
    ppid_user, django_capture_on_commit_callbacks
):
    overdue, _ = file_request(received_at=at(2026, 3, 2))  # due 16 Mar
    soon, _ = file_request(
        received_at=at(2026, 3, 4)
    )  # due 25 Mar (after Nyepi/Idul Fitri): 1 day left
    later, _ = file_request(received_at=at(2026, 3, 16))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # queued for the worker after commit
        call_command("ppid_reminders", "--date", "2026-03-17")
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert mail.outbox[0].to == ["petugas@example.org"]
    assert overdue.registration_number in body and soon.registration_number in body
    assert later.registration_number not in body


def test_yearly_report_equals_figures_counted_by_hand(db):
    # 2025 fixture: five requests, answered on known dates.
    a, _ = file_request(received_at=at(2025, 2, 3))  # Mon
    b, _ = file_request(received_at=at(2025, 2, 10))
    c, _ = file_request(received_at=at(2025, 2, 17))
    d, _ = file_request(received_at=at(2025, 3, 3))
    file_request(received_at=at(2025, 12, 29))  # still open
    file_request(received_at=at(2026, 1, 5))  # other year
    a.fulfil("ok")
    b.extend("arsip", days=7)
    b.fulfil("sebagian", partial=True)
    c.reject("a", "penyidikan")
    d.start_processing()
    d.fulfil("ok")
    InformationRequest.objects.filter(pk=a.pk).update(
        responded_at=at(2025, 2, 7)
    )  # Fri: 4 working days
    InformationRequest.objects.filter(pk=b.pk).update(
        responded_at=at(2025, 3, 3)
    )  # 15 working days
    InformationRequest.objects.filter(pk=c.pk).update(responded_at=at(2025, 2, 18))  # 1 working day
    InformationRequest.objects.filter(pk=d.pk).update(
        responded_at=at(2025, 3, 10)
    )  # 5 working days
    c.refresh_from_db()
    c.file_objection("a", "Tidak setuju", today=datetime.date(2025, 2, 19))
    report = yearly_report(2025)
    assert report["total"] == 5
    assert (
        report["fulfilled"],
        report["partially_fulfilled"],
        report["rejected"],
        report["open"],
    ) == (2, 1, 1, 1)
    assert report["answered"] == 4
    assert report["average_response_days"] == round((4 + 15 + 1 + 5) / 4, 1) == 6.2
    assert report["longest_response_days"] == 15
    assert report["extended"] == 1 and report["answered_late"] == 0
    assert report["objections"] == 1 and report["objections_answered"] == 0


def test_report_page_and_csv(client, db):
    req, _ = file_request(received_at=at(2025, 2, 3))
    req.fulfil("ok")
    html = client.get("/informasi-publik/laporan/?tahun=2025").content.decode()
    assert "Laporan Layanan Informasi Publik 2025" in html and "Permohonan diterima" in html
    response = client.get("/informasi-publik/laporan/2025.csv")
    text = response.content.decode("utf-8-sig")
    assert "Permohonan diterima,1" in text and "Dipenuhi,1" in text
