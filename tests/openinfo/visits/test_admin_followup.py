"""Filing and following up in the admin: photo upload on the review screen (the field API's intake),
early-warning signal status changes by supervisors, and the dashboard's area for supervisors."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import ExifTags, Image

from home.models import Kecamatan
from openinfo.models import SignalStatusChange, VisitPhoto
from openinfo.visits import dashboard as dash
from openinfo.visits import images
from tests.factories import OfficerFactory
from tests.openinfo.visits.conftest import build_report, image_bytes
from tests.openinfo.visits.test_photos import _bomb, _corrupt, gps_jpeg, stored_files

pytestmark = pytest.mark.django_db


def post_photo(client, report, data, name="foto.jpg", content_type="image/jpeg"):
    return client.post(
        f"/admin/kunjungan/review/{report.pk}/photos/",
        {
            "file": SimpleUploadedFile(name, data, content_type=content_type),
            "caption": "Pos kamling",
        },
        HTTP_ACCEPT_LANGUAGE="id",
    )


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def denied(response):
    return response.status_code == 403 or (
        response.status_code == 302 and response.url == "/admin/"
    )


# -- photos ----------------------------------------------------------------------------------------
def test_review_screen_offers_photo_upload_to_the_reports_officer_only(client, people):
    report = build_report(people["officer_a"], people["k1"])
    client.force_login(people["user_a"])
    assert (
        f"/admin/kunjungan/review/{report.pk}/photos/"
        in client.get(f"/admin/kunjungan/review/{report.pk}/").content.decode()
    )
    client.force_login(people["supervisor"])
    assert "/photos/" not in client.get(f"/admin/kunjungan/review/{report.pk}/").content.decode()


def test_admin_upload_of_jpeg_with_gps_exif_is_stored_without_exif(client, people):
    report = build_report(people["officer_a"], people["k1"])
    client.force_login(people["user_a"])
    response = post_photo(client, report, gps_jpeg())
    assert response.status_code == 302 and response.url == f"/admin/kunjungan/review/{report.pk}/"
    assert any("EXIF" in m for m in messages_of(response))
    photo = VisitPhoto.objects.get(report=report)
    assert photo.caption == "Pos kamling"
    for field in (photo.image, photo.medium, photo.thumbnail):
        with Image.open(field.path) as stored:
            assert not stored.getexif(), field.name
            assert not stored.getexif().get_ifd(ExifTags.IFD.GPSInfo)
            assert "exif" not in stored.info
        assert b"TestCam" not in open(field.path, "rb").read()
    with Image.open(photo.thumbnail.path) as thumb:
        assert max(thumb.size) <= images.RENDITIONS["thumbnail"]


@pytest.mark.parametrize(
    "case,expected",
    [
        ("not_an_image", "Hanya foto JPEG, PNG, dan WebP yang diterima."),
        ("corrupt", "Berkas foto rusak atau tidak lengkap."),
        ("too_large", "Foto lebih besar dari"),
        ("decompression_bomb", "Foto memiliki terlalu banyak piksel."),
    ],
)
def test_admin_upload_of_bad_file_is_refused_in_indonesian_and_nothing_stored(
    client, people, monkeypatch, case, expected
):
    report = build_report(people["officer_a"], people["k1"])
    data = {
        "not_an_image": lambda: b"%PDF-1.4 bukan gambar" * 20,
        "corrupt": _corrupt,
        "too_large": lambda: image_bytes("JPEG"),
        "decompression_bomb": _bomb,
    }[case]()
    if case == "too_large":
        monkeypatch.setattr(images, "MAX_BYTES", 100)
    client.force_login(people["user_a"])
    before = stored_files()
    response = post_photo(client, report, data, name="foto.jpg")
    assert response.status_code == 302
    found = messages_of(response)
    assert any(m.startswith("Foto tidak ditambahkan:") and expected in m for m in found), found
    assert not VisitPhoto.objects.exists()
    assert stored_files() == before


def test_officer_b_cannot_add_photos_to_officer_a_report(client, people):
    report = build_report(people["officer_a"], people["k1"])
    client.force_login(people["user_b"])
    before = stored_files()
    assert denied(post_photo(client, report, image_bytes("JPEG")))
    assert not VisitPhoto.objects.exists()
    assert stored_files() == before


@pytest.mark.parametrize("user_key", ["supervisor", "leader"])
def test_supervisors_and_leadership_cannot_add_photos(client, people, user_key):
    report = build_report(people["officer_a"], people["k1"])
    client.force_login(people[user_key])
    assert denied(post_photo(client, report, image_bytes("JPEG")))
    assert not VisitPhoto.objects.exists()


def test_no_photos_once_submitted(client, people):
    report = build_report(people["officer_a"], people["k1"], status="submitted")
    client.force_login(people["user_a"])
    assert denied(post_photo(client, report, image_bytes("JPEG")))
    assert not VisitPhoto.objects.exists()


def test_get_on_the_upload_url_is_not_allowed(client, people):
    report = build_report(people["officer_a"], people["k1"])
    client.force_login(people["user_a"])
    assert client.get(f"/admin/kunjungan/review/{report.pk}/photos/").status_code == 405


# -- early-warning signal follow-up ------------------------------------------------------------------
@pytest.fixture
def signal_report(people):
    sup = people["supervisor"]
    report = build_report(
        people["officer_b"],
        people["k2"],
        status="approved",
        approver=sup,
        signals=[("tawuran", "tinggi", "Kelompok motor berkumpul", "open")],
    )
    return report, report.signals.get()


def test_own_unit_supervisor_changes_signal_status_with_history(client, people, signal_report):
    report, signal = signal_report
    client.force_login(people["supervisor"])
    page = client.get(f"/admin/kunjungan/review/{report.pk}/").content.decode()
    assert f"/admin/kunjungan/review/{report.pk}/signals/{signal.pk}/" in page
    response = client.post(
        f"/admin/kunjungan/review/{report.pk}/signals/{signal.pk}/",
        {"status": "monitored", "note": "Dipantau bersama Babinsa"},
    )
    assert response.status_code == 302
    signal.refresh_from_db()
    assert signal.status == "monitored"
    last = signal.history.last()
    assert (last.from_status, last.to_status, last.note, last.changed_by) == (
        "open",
        "monitored",
        "Dipantau bersama Babinsa",
        people["supervisor"],
    )
    client.post(
        f"/admin/kunjungan/review/{report.pk}/signals/{signal.pk}/",
        {"status": "resolved", "note": "Selesai"},
    )
    assert list(signal.history.values_list("to_status", flat=True)) == [
        "open",
        "monitored",
        "resolved",
    ]
    page = client.get(
        f"/admin/kunjungan/review/{report.pk}/", HTTP_ACCEPT_LANGUAGE="id"
    ).content.decode()
    assert "Dipantau → Selesai" in page and "(Selesai)" in page


@pytest.mark.parametrize("user_key", ["other_supervisor", "leader", "user_a"])
def test_signal_status_change_refused_outside_scope(client, people, signal_report, user_key):
    report, signal = signal_report
    client.force_login(people[user_key])
    response = client.post(
        f"/admin/kunjungan/review/{report.pk}/signals/{signal.pk}/",
        {"status": "resolved", "note": "bukan wewenang"},
    )
    assert denied(response)
    signal.refresh_from_db()
    assert signal.status == "open"
    assert SignalStatusChange.objects.filter(signal=signal).count() == 1  # only the creation


def test_signal_of_another_report_cannot_be_reached_through_this_one(client, people, signal_report):
    report, signal = signal_report
    own = build_report(people["officer_a"], people["k1"])
    client.force_login(people["user_a"])
    response = client.post(
        f"/admin/kunjungan/review/{own.pk}/signals/{signal.pk}/", {"status": "resolved"}
    )
    assert response.status_code == 404
    signal.refresh_from_db()
    assert signal.status == "open"


def test_invalid_status_is_refused_and_same_status_without_note_records_nothing(
    client, people, signal_report
):
    report, signal = signal_report
    client.force_login(people["supervisor"])
    url = f"/admin/kunjungan/review/{report.pk}/signals/{signal.pk}/"
    client.post(url, {"status": "closed"})
    client.post(url, {"status": "open"})
    assert signal.history.count() == 1
    client.post(url, {"status": "open", "note": "Masih dipantau RW"})
    assert list(signal.history.values_list("to_status", "note")) == [
        ("open", ""),
        ("open", "Masih dipantau RW"),
    ]


def test_api_and_admin_share_the_model_method(client_supervisor, signal_report):
    _report, signal = signal_report
    response = client_supervisor.patch(
        f"/api/v1/field/signals/{signal.pk}/", {"status": "resolved", "note": "ok"}, format="json"
    )
    assert response.status_code == 200
    assert [h["to"] for h in response.json()["history"]] == ["open", "resolved"]


# -- dashboard area ----------------------------------------------------------------------------------
@pytest.fixture
def two_areas(people, area):
    """Approved visits in the supervisor's kecamatan (3) and in the other unit's kecamatan (2)."""
    own_kecamatan = people["k1"].kecamatan
    other_kecamatan = area["other_unit"].covered_kecamatan.exclude(pk=own_kecamatan.pk).first()
    if other_kecamatan is None:
        other_kecamatan = Kecamatan.objects.exclude(pk=own_kecamatan.pk).order_by("code").first()
        area["other_unit"].covered_kecamatan.add(other_kecamatan)
    other_kelurahan = other_kecamatan.kelurahan.order_by("code").first()
    other_user = type(people["user_a"]).objects.create_user(
        username="officer-c", password="pw-12345678"
    )
    officer_c = OfficerFactory(
        name="Cahya Officer", unit=area["other_unit"], user=other_user, kelurahan=[other_kelurahan]
    )
    when = timezone.now() - timedelta(days=2)
    sup, other_sup = people["supervisor"], people["other_supervisor"]
    for _ in range(2):
        build_report(
            people["officer_a"],
            people["k1"],
            status="approved",
            approver=sup,
            started_at=when,
            signals=[("narkoba", "tinggi", "x", "open")],
        )
    build_report(
        people["officer_b"], people["k2"], status="approved", approver=sup, started_at=when
    )
    for _ in range(2):
        build_report(
            officer_c,
            other_kelurahan,
            status="approved",
            approver=other_sup,
            started_at=when,
            signals=[("tawuran", "sedang", "y", "open")],
        )
    return own_kecamatan, other_kecamatan


def total_visits(tables):
    return tables["visits_per_month"].rows[-1][-1]


def test_supervisor_sees_own_kecamatan_and_leadership_the_whole_city(people, two_areas):
    own, other = two_areas
    params = {}
    leader = dash.build(dash.Filters.for_user(people["leader"], params))
    supervisor = dash.build(dash.Filters.for_user(people["supervisor"], params))
    other_supervisor = dash.build(dash.Filters.for_user(people["other_supervisor"], params))

    assert total_visits(leader) == 5
    assert total_visits(supervisor) == 3
    assert total_visits(other_supervisor) == 2
    assert leader["open_signals"].extra["total"] == 4
    assert supervisor["open_signals"].extra["total"] == 2
    assert other_supervisor["open_signals"].extra["total"] == 2

    assert leader["coverage"].extra["total"] == 104
    assert supervisor["coverage"].extra["total"] == own.kelurahan.count()
    assert {r[0] for r in supervisor["coverage"].rows} == {own.name}
    assert {r[0] for r in supervisor["visits_per_month"].rows[:-1]} == {own.name}
    officers = {r[0].split(" ", 1)[1] for r in supervisor["officers"].rows}
    assert {"Andi Officer", "Budi Officer"} <= officers and "Cahya Officer" not in officers
    assert "Cahya Officer" in {r[0].split(" ", 1)[1] for r in leader["officers"].rows}


def test_supervisor_cannot_widen_the_area_with_the_kecamatan_filter(people, two_areas):
    _own, other = two_areas
    filters = dash.Filters.for_user(people["supervisor"], {"kecamatan": other.code})
    assert filters.kecamatan is None
    assert total_visits(dash.build(filters)) == 3


def test_dashboard_page_and_export_follow_the_area(client, people, two_areas):
    own, other = two_areas
    client.force_login(people["supervisor"])
    page = client.get("/admin/kunjungan/dashboard/", HTTP_ACCEPT_LANGUAGE="id")
    assert page.status_code == 200
    assert [k.pk for k in page.context["kecamatan_list"]] == [own.pk]
    csv_text = client.get("/admin/kunjungan/dashboard/export/visits_per_month.csv").content.decode(
        "utf-8-sig"
    )
    assert own.name in csv_text and other.name not in csv_text
    client.force_login(people["leader"])
    csv_text = client.get("/admin/kunjungan/dashboard/export/visits_per_month.csv").content.decode(
        "utf-8-sig"
    )
    assert own.name in csv_text and other.name in csv_text
