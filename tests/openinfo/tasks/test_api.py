"""The field API for tasks: scope (404 outside it), assigning as a head or leadership only to whom
they may, idempotent creation, comment and completion, bad input 400 in Indonesian with nothing
changed, and a constant number of queries for the list."""

from datetime import timedelta

import pytest
from django.utils import timezone

from openinfo.tasks.models import Task, TaskEvent, TaskStatus
from tests.openinfo.tasks.conftest import build_report, make_task, token_client

pytestmark = pytest.mark.django_db

URL = "/api/v1/field/tasks/"


def client_for(user):
    client = token_client(user)
    client.credentials(
        HTTP_AUTHORIZATION=client._credentials["HTTP_AUTHORIZATION"], HTTP_ACCEPT_LANGUAGE="id"
    )
    return client


def body(crew, **extra):
    return {
        "activity_type": "siskamling_check",
        "assignee_officer": crew["member"].pk,
        "kelurahan": crew["k1"].code,
        "due_date": (timezone.localdate() + timedelta(days=2)).isoformat(),
        "instructions": "Periksa pos kamling RW 03.",
        **extra,
    }


def test_a_binkamsa_member_cannot_see_a_binpolmas_task(crew):
    task = make_task(crew["supervisor"], officer=crew["polmas"], activity_type="fkpm_meeting")
    task.created_by = crew["leader"]
    task.save()
    member = client_for(crew["member_user"])
    assert member.get(URL).json()["results"] == []
    response = member.get(f"{URL}{task.pk}/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert (
        member.post(f"{URL}{task.pk}/comment/", {"text": "hai"}, format="json").status_code == 404
    )
    assert not task.events.filter(kind="comment").exists()
    polmas = client_for(crew["polmas_user"])
    assert [t["id"] for t in polmas.get(URL).json()["results"]] == [task.pk]


def test_a_unit_task_is_seen_by_every_member_and_not_by_other_units(crew):
    task = make_task(crew["head_user"], unit_code="binkamsa")
    for user in (crew["member_user"], crew["head_user"]):
        assert [t["id"] for t in client_for(user).get(URL).json()["results"]] == [task.pk]
    for user in (crew["polmas_user"], crew["user_a"]):
        assert client_for(user).get(f"{URL}{task.pk}/").status_code == 404


def test_a_head_assigns_to_their_unit_only_and_a_member_not_at_all(crew):
    head = client_for(crew["head_user"])
    response = head.post(URL, body(crew), format="json", HTTP_IDEMPOTENCY_KEY="a1")
    assert response.status_code == 201, response.json()
    assert response.json()["assignee"]["name"].endswith("Mira Anggota")
    refused = head.post(URL, body(crew, assignee_officer=crew["polmas"].pk), format="json")
    assert refused.status_code == 400
    assert "unit Anda sendiri" in refused.json()["error"]["fields"]["assignee"][0]
    member = client_for(crew["member_user"])
    denied = member.post(URL, body(crew), format="json")
    assert denied.status_code == 403
    assert Task.objects.count() == 1


def test_leadership_assigns_to_any_unit(crew):
    leader = client_for(crew["leader"])
    response = leader.post(
        URL,
        body(crew, assignee_officer=None, assignee_unit="binpolmas", activity_type="fkpm_meeting"),
        format="json",
    )
    assert response.status_code == 201
    assert (
        response.json()["assignee"]
        == {
            "kind": "unit",
            "id": Task.objects.get().assignee_unit_id,
            "code": "binpolmas",
            "name": "BinPolmas",
        }
        or response.json()["assignee"]["code"] == "binpolmas"
    )


def test_a_retried_create_with_the_same_key_never_duplicates(crew):
    head = client_for(crew["head_user"])
    first = head.post(URL, body(crew), format="json", HTTP_IDEMPOTENCY_KEY="same-key")
    again = head.post(URL, body(crew), format="json", HTTP_IDEMPOTENCY_KEY="same-key")
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert first.json()["id"] == again.json()["id"]
    assert Task.objects.count() == 1 and TaskEvent.objects.count() == 2


@pytest.mark.parametrize(
    "change,field",
    [
        ({"due_date": "2020-01-01"}, "due_date"),
        ({"instructions": ""}, "instructions"),
        ({"activity_type": "bukan"}, "activity_type"),
        ({"assignee_unit": "binkamsa"}, "assignee"),
    ],
)
def test_bad_input_answers_400_in_indonesian_and_changes_nothing(crew, change, field):
    head = client_for(crew["head_user"])
    response = head.post(
        URL, body(crew, **change), format="json", HTTP_IDEMPOTENCY_KEY=f"b-{field}"
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] in ("validation_error", "blank", "invalid_choice")
    assert error["fields"][field][0]
    assert Task.objects.count() == 0


def test_bad_input_in_english_when_asked(crew):
    english = token_client(crew["head_user"])
    response = english.post(
        URL, body(crew, due_date="2020-01-01"), format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.json()["error"]["fields"]["due_date"] == ["The due date cannot be in the past."]
    response = client_for(crew["head_user"]).post(
        URL, body(crew, due_date="2020-01-01"), format="json"
    )
    assert response.json()["error"]["fields"]["due_date"] == [
        "Batas waktu tidak boleh di masa lalu."
    ]


def test_the_assignee_comments_and_completes_with_their_report(crew):
    task = make_task(crew["head_user"], officer=crew["member"], kelurahan=crew["k1"])
    member = client_for(crew["member_user"])
    response = member.post(f"{URL}{task.pk}/comment/", {"text": "Siap, besok."}, format="json")
    assert response.status_code == 200
    assert response.json()["events"][-1]["text"] == "Siap, besok."
    wrong = build_report(  # the member's unit, another type
        crew["member"], crew["k1"], activity_type="satpam_supervision", status="submitted"
    )
    refused = member.post(f"{URL}{task.pk}/complete/", {"report": wrong.pk}, format="json")
    assert refused.status_code == 400
    assert refused.json()["error"]["fields"]["report"]
    assert Task.objects.get(pk=task.pk).status == TaskStatus.OPEN
    report = build_report(
        crew["member"], crew["k1"], activity_type="siskamling_check", status="submitted"
    )
    listed = member.get(f"{URL}{task.pk}/").json()
    assert [r["id"] for r in listed["candidate_reports"]] == [report.pk]
    done = member.post(
        f"{URL}{task.pk}/complete/", {"report": report.pk}, format="json", HTTP_IDEMPOTENCY_KEY="c1"
    )
    assert done.status_code == 200
    assert done.json()["status"] == "done" and done.json()["fulfilled_by"] == report.pk
    again = member.post(
        f"{URL}{task.pk}/complete/", {"report": report.pk}, format="json", HTTP_IDEMPOTENCY_KEY="c1"
    )
    assert again.status_code == 200 and again["Idempotent-Replayed"] == "true"
    assert TaskEvent.objects.filter(task=task, kind="completed").count() == 1


def test_the_assigner_sees_but_does_not_complete(crew):
    task = make_task(crew["head_user"], officer=crew["member"])
    report = build_report(
        crew["member"], crew["k1"], activity_type="siskamling_check", status="submitted"
    )
    head = client_for(crew["head_user"])
    assert head.get(f"{URL}{task.pk}/").status_code == 200
    response = head.post(f"{URL}{task.pk}/complete/", {"report": report.pk}, format="json")
    assert response.status_code == 403
    assert Task.objects.get(pk=task.pk).status == TaskStatus.OPEN


def test_the_list_takes_a_constant_number_of_queries(crew, django_assert_max_num_queries):
    for _i in range(3):
        make_task(crew["head_user"], unit_code="binkamsa")
    member = client_for(crew["member_user"])
    member.get(URL)  # warm the token and session paths
    with django_assert_max_num_queries(12):
        first = member.get(URL)
    for _i in range(5):
        task = make_task(crew["head_user"], officer=crew["member"])
        task.comment(crew["head_user"], "Tambahan.")
    with django_assert_max_num_queries(12):
        second = member.get(URL)
    assert len(second.json()["results"]) == len(first.json()["results"]) + 5
