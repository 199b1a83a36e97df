"""A task's lifecycle on the model: assigned, commented, started, completed by the activity report
that fulfils it (and refused for one that does not), cancelled, overdue and notified once."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.errors import TransitionError
from openinfo.models import VisitReport
from openinfo.tasks.models import Task, TaskEvent, TaskStatus
from openinfo.tasks.notify import notify_all_overdue, notify_overdue
from tests.openinfo.tasks.conftest import build_report, make_task, unit

pytestmark = pytest.mark.django_db


def kinds(task):
    return list(task.events.values_list("kind", flat=True))


def test_assign_records_created_and_assigned_and_counts_for_the_unit(crew):
    task = make_task(crew["head_user"], officer=crew["member"])
    assert task.status == TaskStatus.OPEN
    assert task.unit == unit("binkamsa")
    assert kinds(task) == ["created", "assigned"]
    assert task.events.first().user == crew["head_user"]


def test_exactly_one_assignee_is_a_database_rule(crew):
    task = make_task(crew["head_user"], unit_code="binkamsa")
    with pytest.raises(IntegrityError), transaction.atomic():
        Task.objects.filter(pk=task.pk).update(assignee_officer=crew["member"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Task.objects.filter(pk=task.pk).update(assignee_unit=None)


def test_bad_input_refused_with_fields_and_nothing_saved(crew):
    with pytest.raises(TransitionError) as caught:
        Task.assign(
            created_by=crew["head_user"],
            activity_type="siskamling_check",
            due_date=timezone.localdate() - timedelta(days=1),
            instructions="  ",
            officer=crew["member"],
            unit=unit("binkamsa"),
        )
    assert set(caught.value.fields) == {"assignee", "instructions", "due_date"}
    assert Task.objects.count() == 0 and TaskEvent.objects.count() == 0


def test_a_retry_with_the_same_key_returns_the_first_task(crew):
    first = make_task(crew["head_user"], officer=crew["member"], key="k-1")
    again, created = Task.assign(
        created_by=crew["head_user"],
        activity_type="siskamling_check",
        due_date=timezone.localdate() + timedelta(days=3),
        instructions="Periksa pos kamling RW 03 dan catat temuan.",
        officer=crew["member"],
        key="k-1",
    )
    assert again == first and not created
    assert Task.objects.count() == 1 and first.events.count() == 2


def test_comment_start_complete_with_the_fulfilling_report(crew):
    task = make_task(crew["head_user"], officer=crew["member"], kelurahan=crew["k1"])
    task.comment(crew["member_user"], "Berangkat besok pagi.")
    assert task.start(crew["member_user"]) is True
    assert task.start(crew["member_user"]) is False  # nothing recorded twice
    report = build_report(
        crew["member"], crew["k1"], activity_type="siskamling_check", status="submitted"
    )
    task.complete(crew["member_user"], report, "Pos aktif.")
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    assert task.fulfilled_by == report and task.completed_at is not None
    assert kinds(task) == ["created", "assigned", "comment", "status", "completed"]
    with pytest.raises(TransitionError):
        task.comment(crew["member_user"], "")
    with pytest.raises(TransitionError):
        task.cancel(crew["head_user"], "terlambat")  # done is final


@pytest.mark.parametrize(
    "problem",
    ["wrong_type", "draft", "other_officer", "before_task", "other_kelurahan"],
)
def test_a_report_that_does_not_fulfil_the_task_is_refused(crew, problem):
    before = None
    if problem == "before_task":
        before = build_report(
            crew["member"], crew["k1"], activity_type="siskamling_check", status="submitted"
        )
    task = make_task(crew["head_user"], officer=crew["member"], kelurahan=crew["k1"])
    report = {
        "wrong_type": lambda: build_report(
            crew["member"], crew["k1"], activity_type="satpam_supervision", status="submitted"
        ),
        "draft": lambda: build_report(crew["member"], crew["k1"], activity_type="siskamling_check"),
        "other_officer": lambda: build_report(
            crew["head"], crew["k1"], activity_type="siskamling_check", status="submitted"
        ),
        "before_task": lambda: before,
        "other_kelurahan": lambda: (
            crew["member"].kelurahan.add(crew["k2"]),
            build_report(
                crew["member"], crew["k2"], activity_type="siskamling_check", status="submitted"
            ),
        )[1],
    }[problem]()
    with pytest.raises(TransitionError) as caught:
        task.complete(crew["member_user"], report)
    assert caught.value.status == 400 and "report" in caught.value.fields
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN and task.fulfilled_by is None
    assert "completed" not in kinds(task)


def test_a_unit_task_is_completed_by_any_members_report(crew):
    task = make_task(crew["head_user"], unit_code="binkamsa")
    report = build_report(
        crew["member"],
        crew["k1"],
        activity_type="siskamling_check",
        status="approved",
        approver=crew["head_user"],  # the unit's head approves its reports
    )
    task.complete(crew["head_user"], report)
    assert Task.objects.get(pk=task.pk).status == TaskStatus.DONE
    polmas_task = make_task(crew["head_user"], unit_code="binkamsa")
    # A check filed by someone outside Binkamsa (before moving units: new ones are refused).
    outsider = build_report(crew["polmas"], crew["k2"], activity_type="siskamling_check")
    VisitReport.objects.filter(pk=outsider.pk).update(
        status="submitted", submitted_at=timezone.now()
    )
    outsider.refresh_from_db()
    with pytest.raises(TransitionError):
        polmas_task.complete(crew["head_user"], outsider)


def test_overdue_flagged_and_notified_once_to_assignee_and_assigner(
    crew, django_capture_on_commit_callbacks
):
    crew["member_user"].email = "mira@example.test"
    crew["member_user"].save()
    crew["head_user"].email = "hadi@example.test"
    crew["head_user"].save()
    task = make_task(crew["head_user"], officer=crew["member"], days=1)
    later = timezone.localdate() + timedelta(days=3)
    assert list(Task.objects.overdue(later)) == [task]
    with django_capture_on_commit_callbacks(execute=True):
        assert notify_overdue(task, later) == 2
    assert len(mail.outbox) == 1
    assert sorted(mail.outbox[0].to) == ["hadi@example.test", "mira@example.test"]
    assert "terlambat" in mail.outbox[0].subject.lower()
    with django_capture_on_commit_callbacks(execute=True):
        assert notify_overdue(task, later) is None
        assert notify_all_overdue(later) == (0, 0)
        call_command("tasks_overdue", "--date", later.isoformat())
    assert len(mail.outbox) == 1
    assert kinds(task).count("overdue") == 1


def test_the_command_notifies_every_overdue_task_and_not_those_on_time_or_done(
    crew, django_capture_on_commit_callbacks
):
    crew["member_user"].email = "mira@example.test"
    crew["member_user"].save()
    late = make_task(crew["head_user"], officer=crew["member"], days=0)
    make_task(crew["head_user"], officer=crew["member"], days=10)
    cancelled = make_task(crew["head_user"], officer=crew["member"], days=0)
    cancelled.cancel(crew["head_user"], "Tidak diperlukan lagi.")
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("tasks_overdue", "--date", tomorrow)
    assert [m.to for m in mail.outbox] == [["mira@example.test"]]
    assert TaskEvent.objects.filter(kind="overdue").get().task == late


def test_a_mail_server_that_fails_does_not_undo_the_flag(
    crew, monkeypatch, django_capture_on_commit_callbacks
):
    crew["member_user"].email = "mira@example.test"
    crew["member_user"].save()
    task = make_task(crew["head_user"], officer=crew["member"], days=0)

    def broken(*args, **kwargs):
        raise OSError("smtp down")

    monkeypatch.setattr("core.mail.EmailMessage.send", broken)
    later = timezone.localdate() + timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert notify_overdue(task, later) == 1  # sending runs after commit and fails there
    assert mail.outbox == []
    assert task.events.filter(kind="overdue").exists()
