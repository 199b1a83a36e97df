"""The task flow on phones (360 px wide, Debian's chromium): a unit head assigns a task in the admin,
the officer finds it in the field app, comments, and completes it with the activity report that
fulfils it; the head then sees it done, with every step in the timeline."""

from datetime import timedelta

import pytest
from django.utils import timezone

from openinfo.tasks.models import Task, TaskEvent, TaskStatus
from tests.openinfo.tasks.conftest import build_report
from tests.openinfo.visits.fieldapp import conftest as fieldapp
from tests.openinfo.visits.fieldapp.conftest import PASSWORD, sign_in

# The field app's phone (360×740, touch) and its role groups, as fixtures of this module.
phone = fieldapp.phone
visit_groups = fieldapp.visit_groups

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def admin_login(page, base, username):
    page.goto(base + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/admin/")


def wait_db(condition, page, timeout_ms=30_000):
    waited = 0
    while not condition():
        if waited > timeout_ms:
            raise AssertionError("the server never got it")
        page.wait_for_timeout(200)
        waited += 200


def test_head_assigns_officer_comments_and_completes_on_a_phone(
    live_server,
    phone,
    crew,
    tmp_path,
):
    base = live_server.url
    # 1. The head of Binkamsa assigns the task from the admin, on their phone.
    head = phone.new_page()
    admin_login(head, base, "kaur-binkamsa")
    head.goto(base + "/admin/tugas/baru/")
    head.select_option("#id_activity_type", "siskamling_check")
    head.select_option("#id_assignee_officer", str(crew["member"].pk))
    head.select_option("#id_kelurahan", str(crew["k1"].pk))
    head.fill("#id_place", "Pos kamling RW 03")
    head.fill("#id_due_date", (timezone.localdate() + timedelta(days=2)).isoformat())
    head.fill("#id_instructions", "Periksa pos kamling RW 03, catat apakah aktif.")
    head.click("#task-save")
    head.wait_for_selector("#task-timeline")
    task = Task.objects.get()
    assert task.assignee_officer == crew["member"] and task.created_by == crew["head_user"]
    head.screenshot(path=str(tmp_path / "admin-task.png"), full_page=True)

    # 2. The officer opens the field app and finds it under "Tugas saya".
    officer = phone.new_page()
    sign_in(officer, base, "anggota-binkamsa")
    officer.wait_for_selector(f"#tasks .task-item[data-task='{task.pk}']", timeout=30_000)
    assert officer.evaluate("document.documentElement.scrollWidth") <= 360
    officer.click(f"#tasks .task-item[data-task='{task.pk}'] a")
    officer.wait_for_selector("#task-instructions")
    assert "Periksa pos kamling RW 03" in officer.inner_text("#task-instructions")
    assert officer.locator("#t-no-report").count() == 1  # nothing filed yet to complete it with

    # 3. A comment goes to the server once.
    officer.fill("#t-comment", "Siap, berangkat pukul 19.00.")
    officer.click("#t-comment-send")
    wait_db(lambda: TaskEvent.objects.filter(task=task, kind="comment").exists(), officer)
    assert TaskEvent.objects.get(task=task, kind="comment").user == crew["member_user"]

    # 4. The officer files the Siskamling check (submitted for approval) and completes the task.
    report = build_report(
        crew["member"], crew["k1"], activity_type="siskamling_check", status="submitted"
    )
    # The next sync (here: the phone coming back online) brings the report in as a candidate.
    officer.evaluate("window.dispatchEvent(new Event('online'))")
    officer.wait_for_selector("#t-report", timeout=30_000)
    assert officer.locator(f"#t-report option[value='{report.pk}']").count() == 1
    officer.click("#t-complete")
    wait_db(lambda: Task.objects.get(pk=task.pk).status == TaskStatus.DONE, officer)
    officer.wait_for_selector("#task[data-status='done']", timeout=30_000)
    assert officer.evaluate("document.documentElement.scrollWidth") <= 360
    officer.screenshot(path=str(tmp_path / "field-task-done.png"), full_page=True)

    # 5. The head sees it done, fulfilled by the report, every step in the timeline.
    head.goto(f"{base}/admin/tugas/{task.pk}/")
    assert head.get_attribute("#task-status", "data-status") == "done"
    assert f"No. {report.pk}" in head.inner_text("#task-fulfilled")
    kinds = [
        li.get_attribute("data-kind") for li in head.locator("#task-timeline li").element_handles()
    ]
    assert kinds == ["created", "assigned", "comment", "completed"]
