"""The admin fits each role: home panels, landing on the review screen, limited choosers, history
in words, an Indonesian dashboard."""

from datetime import timedelta

import pytest
from django import forms
from django.contrib.auth.models import Group
from django.utils import timezone

from openinfo.models import VisitReport
from openinfo.visits import dashboard as dash
from openinfo.visits.svg import hbar_chart
from tests.openinfo.factories import file_request
from tests.openinfo.visits.conftest import build_report
from tests.openinfo.visits.test_admin import BASE

pytestmark = pytest.mark.django_db


def home(client, user):
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200
    return response.content.decode()


def test_officer_home_lists_own_drafts_and_returned_reports_and_offers_a_new_report(client, people):
    draft = build_report(people["officer_a"], people["k1"], summary="DRAF-SAYA")
    returned = build_report(
        people["officer_a"], people["k1"], status="returned", approver=people["supervisor"]
    )
    others = build_report(people["officer_b"], people["k2"], summary="DRAF-ORANG-LAIN")
    html = home(client, people["user_a"])
    assert "Laporan kunjungan saya" in html and f"{BASE}/add/" in html
    assert f"/admin/kunjungan/review/{draft.pk}/" in html
    assert f"/admin/kunjungan/review/{returned.pk}/" in html and "Lengkapi jumlah peserta." in html
    assert f"/admin/kunjungan/review/{others.pk}/" not in html
    assert "Cari semua halaman" not in html  # no page search an officer cannot use


def test_supervisor_home_counts_reports_waiting_and_open_signals(client, people):
    for _ in range(2):
        build_report(
            people["officer_a"],
            people["k1"],
            status="submitted",
            signals=[("narkoba", "tinggi", "Dugaan peredaran.", "open")],
        )
    build_report(people["officer_b"], people["k2"], status="draft")
    html = home(client, people["supervisor"])
    assert "Laporan menunggu persetujuan Anda" in html
    assert 'data-count="2"' in html  # two waiting, drafts not counted
    assert "Andi Officer: 2" in html
    assert "Sinyal deteksi dini terbuka" in html and "Tinggi: 2" in html


def test_ppid_home_lists_overdue_and_due_soon_requests(client, django_user_model):
    user = django_user_model.objects.create_user("ppid-staff", password="x")
    user.groups.add(Group.objects.get(name="PPID"))
    late, _ = file_request(received_at=timezone.now() - timedelta(days=40))
    fresh, _ = file_request()
    html = home(client, user)
    assert "Permohonan informasi yang harus dijawab" in html
    assert late.registration_number in html and "lewat tenggat" in html
    assert fresh.registration_number not in html  # ten working days left: not due soon


def test_leadership_home_shows_key_figures_and_the_dashboard_link(client, people):
    build_report(
        people["officer_a"],
        people["k1"],
        status="approved",
        started_at=timezone.now() - timedelta(hours=2),
    )
    html = home(client, people["leader"])
    assert "Angka utama" in html and "/admin/kunjungan/dashboard/" in html
    assert 'data-figure="visits">1<' in html


def test_after_saving_a_report_the_officer_lands_on_its_review_screen(client, people):
    client.force_login(people["user_a"])
    data = {
        "officer": people["officer_a"].pk,
        "kelurahan": people["k1"].pk,
        "rw": "01",
        "rt": "02",
        "activity_type": "dds",
        "started_at": "2026-01-10 09:00",
        "duration_minutes": "45",
        "public_summary": "DDS ke 20 rumah.",
        "internal_notes": "",
        "participant_names": "",
        "follow_up_actions": "",
        "participants-TOTAL_FORMS": "0",
        "participants-INITIAL_FORMS": "0",
        "participants-MIN_NUM_FORMS": "0",
        "participants-MAX_NUM_FORMS": "1000",
        "signals-TOTAL_FORMS": "0",
        "signals-INITIAL_FORMS": "0",
        "signals-MIN_NUM_FORMS": "0",
        "signals-MAX_NUM_FORMS": "1000",
    }
    response = client.post(f"{BASE}/add/", data)
    report = VisitReport.objects.get()
    assert response.status_code == 302 and response.url == f"/admin/kunjungan/review/{report.pk}/"
    page = client.get(response.url).content.decode()
    assert "Ajukan untuk persetujuan" in page or 'value="submit"' in page
    response = client.post(f"{BASE}/edit/{report.pk}/", data)
    assert response.status_code == 302 and response.url == f"/admin/kunjungan/review/{report.pk}/"


def test_report_form_choosers_are_plain_selects_of_the_officers_own_kelurahan(client, people):
    client.force_login(people["user_a"])
    form = client.get(f"{BASE}/add/").context["form"]
    assert type(form.fields["kelurahan"].widget) is forms.Select
    assert type(form.fields["officer"].widget) is forms.Select
    html = client.get(f"{BASE}/add/").content.decode()
    assert people["k1"].name in html and people["k2"].name not in html


def test_history_reads_in_words_not_codes(client, people):
    report = build_report(
        people["officer_a"], people["k1"], status="returned", approver=people["supervisor"]
    )
    client.force_login(people["user_a"])
    html = client.get(f"/admin/kunjungan/review/{report.pk}/").content.decode()
    history = html.split('class="visit-history"')[1].split("</ul>")[0]
    assert "Diajukan untuk persetujuan oleh Bripka Andi Officer" in history
    assert "Dikembalikan ke petugas untuk diperbaiki oleh Bripka Kanit Satu" in history
    assert " · submit · " not in html and "officer-a" not in history


def test_dashboard_speaks_indonesian_months_and_marks_the_running_month(client, people):
    today = timezone.localdate()
    filters = dash.Filters(
        date_from=today.replace(day=1) - timedelta(days=70), date_to=today, today=today
    )
    table = dash.visits_per_month(filters)
    months = table.headers[1:-1]
    assert all(
        not any(english in m for english in ("May ", "Aug ", "Oct ", "Dec ")) for m in months
    )
    if today.day < 28 or today.month != (today + timedelta(days=4)).month:
        assert months[-1].endswith("*") and table.extra["partial_last"]
    assert not any(m.endswith("*") for m in months[:-1])
    client.force_login(people["leader"])
    html = client.get("/admin/kunjungan/dashboard/").content.decode()
    assert "Bulan terakhir belum selesai" in html or not table.extra["partial_last"]


def test_topic_chart_wraps_long_labels_instead_of_cutting_them():
    svg = str(
        hbar_chart([("Penipuan daring dan pinjaman online ilegal", 12), ("Narkoba", 3)], label="x")
    )
    assert "Penipuan daring dan pinjaman" in svg and "online ilegal" in svg
    assert "<title>Penipuan daring dan pinjaman online ilegal: 12</title>" in svg
    assert ">0</text>" in svg  # a scale starts at zero
