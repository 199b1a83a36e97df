"""Tasks in the admin: a head assigns from the form (a resent form makes one task), the assignee
finds it on the admin home and in the list, comments and completes it; other units get 404; an
early-warning signal becomes a task in one action from its page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from openinfo.models import EarlyWarningSignal
from openinfo.tasks.models import Task, TaskStatus
from tests.openinfo.tasks.conftest import build_report, make_task

pytestmark = pytest.mark.django_db

LANG = {"HTTP_ACCEPT_LANGUAGE": "id"}


def form_data(crew, **extra):
    return {
        "activity_type": "siskamling_check",
        "assignee_officer": crew["member"].pk,
        "assignee_unit": "",
        "kelurahan": crew["k1"].pk,
        "place": "Pos kamling RW 03",
        "due_date": (timezone.localdate() + timedelta(days=2)).isoformat(),
        "instructions": "Periksa pos kamling RW 03.",
        "key": "form-key-1",
        **extra,
    }


def test_a_head_assigns_from_the_form_and_a_resent_form_makes_one_task(client, crew):
    client.force_login(crew["head_user"])
    page = client.get("/admin/tugas/baru/", **LANG).content.decode()
    assert "Mira Anggota" in page and "Putu Polmas" not in page  # only their own unit's people
    first = client.post("/admin/tugas/baru/", form_data(crew), **LANG)
    again = client.post("/admin/tugas/baru/", form_data(crew), **LANG)
    task = Task.objects.get()
    assert first.url == again.url == f"/admin/tugas/{task.pk}/"
    assert task.assignee_officer == crew["member"] and task.created_by == crew["head_user"]


def test_bad_form_input_shows_indonesian_errors_and_saves_nothing(client, crew):
    client.force_login(crew["head_user"])
    response = client.post(
        "/admin/tugas/baru/",
        form_data(
            crew, due_date="2020-01-01", assignee_unit=crew["head"].satbinmas_membership.unit_id
        ),
        **LANG,
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Batas waktu tidak boleh di masa lalu." in page
    assert "Pilih satu petugas atau satu unit" in page
    assert Task.objects.count() == 0


def test_a_member_may_not_open_the_assign_form(client, crew):
    client.force_login(crew["member_user"])
    response = client.get("/admin/tugas/baru/")
    assert response.status_code in (302, 403)


def test_the_assignee_sees_it_on_the_home_page_comments_and_completes(client, crew):
    task = make_task(crew["head_user"], officer=crew["member"], kelurahan=crew["k1"], days=0)
    client.force_login(crew["member_user"])
    home = client.get("/admin/", **LANG).content.decode()
    assert "Tugas saya" in home and f"/admin/tugas/{task.pk}/" in home
    listing = client.get("/admin/tugas/?scope=mine&status=open", **LANG).content.decode()
    assert f'data-task="{task.pk}"' in listing
    client.post(f"/admin/tugas/{task.pk}/aksi/comment/", {"text": "Siap."}, **LANG)
    report = build_report(
        crew["member"], crew["k1"], activity_type="siskamling_check", status="submitted"
    )
    detail = client.get(f"/admin/tugas/{task.pk}/", **LANG).content.decode()
    assert f'<option value="{report.pk}"' in detail
    client.post(f"/admin/tugas/{task.pk}/aksi/complete/", {"report": report.pk}, **LANG)
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and task.fulfilled_by == report
    assert list(task.events.values_list("kind", flat=True)) == [
        "created",
        "assigned",
        "comment",
        "completed",
    ]


def test_overdue_filter_lists_only_late_open_tasks(client, crew):
    late = make_task(crew["head_user"], officer=crew["member"], days=0)
    Task.objects.filter(pk=late.pk).update(due_date=timezone.localdate() - timedelta(days=2))
    on_time = make_task(crew["head_user"], officer=crew["member"], days=5)
    client.force_login(crew["head_user"])
    page = client.get("/admin/tugas/?scope=unit&status=overdue", **LANG).content.decode()
    assert f'data-task="{late.pk}"' in page and f'data-task="{on_time.pk}"' not in page


def test_another_units_member_gets_404_for_the_task_and_its_actions(client, crew):
    task = make_task(crew["head_user"], unit_code="binkamsa")
    client.force_login(crew["polmas_user"])
    assert client.get(f"/admin/tugas/{task.pk}/").status_code == 404
    assert client.post(f"/admin/tugas/{task.pk}/aksi/comment/", {"text": "x"}).status_code == 404
    assert (
        f"/admin/tugas/{task.pk}/"
        not in client.get("/admin/tugas/?scope=all&status=any").content.decode()
    )
    assert not task.events.filter(kind="comment").exists()


def test_a_signal_becomes_a_task_in_one_action(client, crew):
    signal = EarlyWarningSignal.file_standalone(
        officer=crew["member"],
        kelurahan=crew["k1"],
        category="tawuran",
        severity="tinggi",
        description="Rencana tawuran pelajar (internal).",
        user=crew["member_user"],
    )
    client.force_login(crew["leader"])
    page = client.get(f"/admin/lapangan/sinyal/{signal.pk}/", **LANG).content.decode()
    assert f"/admin/tugas/baru/?signal={signal.pk}" in page and "Jadikan tugas" in page
    form = client.get(f"/admin/tugas/baru/?signal={signal.pk}", **LANG)
    initial = form.context["form"].initial
    assert initial["activity_type"] == "patroli_dialogis"
    assert initial["kelurahan"] == crew["k1"].pk
    assert initial["due_date"] == timezone.localdate() + timedelta(days=1)
    assert "Rencana tawuran" not in form.content.decode()  # the internal text stays on the signal
    response = client.post(
        "/admin/tugas/baru/",
        form_data(
            crew,
            activity_type="patroli_dialogis",
            instructions=initial["instructions"],
            signal=signal.pk,
            key=initial["key"],
        ),
        **LANG,
    )
    task = Task.objects.get()
    assert response.url == f"/admin/tugas/{task.pk}/" and task.signal == signal
    page = client.get(f"/admin/lapangan/sinyal/{signal.pk}/", **LANG).content.decode()
    assert f"/admin/tugas/{task.pk}/" in page


def test_the_signal_button_is_not_shown_to_who_may_not_assign(client, crew):
    signal = EarlyWarningSignal.file_standalone(
        officer=crew["polmas"],
        kelurahan=crew["k2"],
        category="narkoba",
        severity="sedang",
        description="x",
        user=crew["polmas_user"],
    )
    client.force_login(crew["polmas_user"])
    page = client.get(f"/admin/lapangan/sinyal/{signal.pk}/", **LANG).content.decode()
    assert "/admin/tugas/baru/" not in page
    # The Binkamsa head may not open a BinPolmas member's signal, so cannot link it either.
    client.force_login(crew["head_user"])
    assert client.get(f"/admin/tugas/baru/?signal={signal.pk}").status_code == 404
