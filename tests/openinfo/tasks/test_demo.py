"""Demo tasks: every kind of state shows up and a second run adds nothing."""

import pytest
from django.contrib.auth.models import Group

from openinfo.models import EarlyWarningSignal
from openinfo.tasks import demo
from openinfo.tasks.models import Task, TaskStatus
from tests.openinfo.tasks.conftest import build_report, join

pytestmark = pytest.mark.django_db


def test_demo_tasks_cover_each_state_and_are_idempotent(people, django_user_model):
    for user, name in ((people["user_a"], "bhabin1"), (people["user_b"], "bhabin2")):
        user.username = name
        user.save()
    join(people["officer_a"], "bhabinkamtibmas")
    join(people["officer_b"], "bhabinkamtibmas")
    kanit = people["supervisor"]
    kanit.username = "kanit"
    kanit.save()
    join(kanit.officer, "bhabinkamtibmas", "head")
    leader = people["leader"]
    leader.username = "pimpinan"
    leader.save()
    assert leader.groups.filter(name="Pimpinan").exists() and Group.objects.exists()
    build_report(
        people["officer_a"],
        people["k1"],
        status="approved",
        approver=kanit,
        signals=[("tawuran", "tinggi", "Ajakan tawuran (internal).", "open")],
    )
    made = demo.ensure_tasks()
    assert made == 5
    assert demo.ensure_tasks() == 0 and Task.objects.count() == 5
    statuses = sorted(Task.objects.values_list("status", flat=True))
    assert statuses.count(TaskStatus.DONE) == 1 and TaskStatus.IN_PROGRESS in statuses
    assert Task.objects.overdue().count() == 1
    assert Task.objects.filter(signal=EarlyWarningSignal.objects.get()).exists()
