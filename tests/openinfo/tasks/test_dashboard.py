"""The tasks widget of the leadership dashboard against hand-counted figures, in one query."""

from datetime import timedelta

import pytest
from django.utils import timezone

from openinfo.tasks import dashboard as task_figures
from openinfo.tasks.models import Task
from openinfo.visits import dashboard as dash
from tests.openinfo.tasks.conftest import build_report, make_task

pytestmark = pytest.mark.django_db


def test_open_overdue_and_done_this_month_by_unit(crew, django_assert_num_queries):
    head = crew["head_user"]
    make_task(head, officer=crew["member"])  # binkamsa open
    late = make_task(head, unit_code="binkamsa")  # binkamsa open and overdue
    Task.objects.filter(pk=late.pk).update(due_date=timezone.localdate() - timedelta(days=1))
    done = make_task(head, officer=crew["member"], kelurahan=crew["k1"])
    done.complete(
        crew["member_user"],
        build_report(
            crew["member"], crew["k1"], activity_type="siskamling_check", status="submitted"
        ),
    )
    make_task(crew["leader"], officer=crew["polmas"], activity_type="fkpm_meeting")
    cancelled = make_task(crew["leader"], unit_code="binpolmas", activity_type="fkpm_meeting")
    cancelled.cancel(crew["leader"], "Tidak perlu.")
    with django_assert_num_queries(1):
        rows = task_figures.counts_by_unit()
    assert sorted(rows, key=lambda r: r["unit"]) == [
        {"unit": "BinPolmas", "open": 1, "overdue": 0, "done_month": 0},
        {"unit": "Binkamsa", "open": 2, "overdue": 1, "done_month": 1},
    ]
    table = dash.tasks_by_unit(dash.Filters.for_user(crew["leader"], {}))
    assert sorted(tuple(map(str, r)) for r in table.rows) == [
        ("BinPolmas", "1", "0", "0"),
        ("Binkamsa", "2", "1", "1"),
    ]


def test_the_dashboard_page_shows_the_task_widget(client, crew):
    make_task(crew["head_user"], officer=crew["member"])
    client.force_login(crew["leader"])
    page = client.get("/admin/kunjungan/dashboard/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "Tugas per unit" in page and 'id="table-tasks"' in page
    export = client.get("/admin/kunjungan/dashboard/export/tasks.csv")
    assert export.status_code == 200 and b"Binkamsa" in export.content
