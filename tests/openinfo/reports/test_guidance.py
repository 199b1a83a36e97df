"""From an answered question to a public Tanya Jawab entry: the redaction guard, no identity copied,
approval through the editorial workflow, then topic pages, search and the change feed."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.models import Workflow

from counselling.editorial import EDITOR_GROUP, SUPERVISOR_GROUP, setup_editorial_workflow
from counselling.models import QuestionAnswer, Topic
from partners.models import ChangeEvent
from search.service import SearchService
from tests.counselling.factories import counselling_index


@pytest.fixture
def editorial(db, home_page, django_user_model):
    index = counselling_index()
    setup_editorial_workflow(index)
    editor = django_user_model.objects.create_user("editor", password="pw-12345678")
    editor.groups.add(Group.objects.get(name=EDITOR_GROUP))
    approver = django_user_model.objects.create_user("kasat", password="pw-12345678")
    approver.groups.add(Group.objects.get(name=SUPERVISOR_GROUP))
    return {"index": index, "editor": editor, "approver": approver}


@pytest.fixture
def answered_question(file_message, people):
    message = file_message(
        people["k1"],
        kind="pertanyaan",
        contact_choice="telepon",
        contact_phone="081377788899",
        message="Saya Siti Rahmawati, NIK 3671011203850009, apakah pemilik kos boleh menahan KTP?",
    )
    message.reply(
        people["user_a"],
        "Tidak boleh. KTP adalah dokumen negara; pemilik kos cukup mencatat datanya.",
    )
    return message


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_redaction_guard_blocks_a_draft_that_still_contains_personal_data(
    editorial, answered_question
):
    client = logged_in(editorial["editor"])
    topic = Topic.objects.first()
    url = f"/admin/lapor/{answered_question.pk}/tanya-jawab/"
    form = client.get(url).content.decode()
    assert "081377788899" not in form  # the contact is never offered to the editor
    response = client.post(
        url,
        {
            "title": "Bolehkah pemilik kos menahan KTP?",
            "question": answered_question.message,
            "answer": "Tidak boleh. Hubungi 0812 3456 7890.",
            "topics": [topic.pk],
        },
    )
    assert response.status_code == 200 and QuestionAnswer.objects.count() == 0
    html = response.content.decode()
    assert "3671011203850009" in html and "NIK" in html  # the guard names what it found


def test_editor_draft_goes_through_the_workflow_before_it_is_public(editorial, answered_question):
    topic = Topic.objects.first()
    client = logged_in(editorial["editor"])
    response = client.post(
        f"/admin/lapor/{answered_question.pk}/tanya-jawab/",
        {
            "title": "Bolehkah pemilik kos menahan KTP penyewa?",
            "question": "Apakah pemilik kos boleh menahan KTP penyewa sebagai jaminan?",
            "answer": "Tidak boleh. KTP adalah dokumen negara; pemilik kos cukup mencatat datanya.",
            "topics": [topic.pk],
        },
    )
    assert response.status_code == 302
    entry = QuestionAnswer.objects.get()
    answered_question.refresh_from_db()
    assert answered_question.guidance == entry and not entry.live
    for secret in ("Siti Rahmawati", "3671011203850009", "081377788899"):
        assert secret not in f"{entry.title} {entry.question} {entry.answer}"
    assert Client().get(entry.get_url()).status_code == 404
    assert not ChangeEvent.objects.filter(type="qa").exists()

    workflow = Workflow.objects.get(name="Persetujuan Kasat Binmas")
    assert entry.get_workflow() == workflow
    state = workflow.start(entry, editorial["editor"])
    task_state = state.current_task_state
    # The editor cannot approve; the supervisor group's task approves, which publishes.
    task = task_state.task.specific
    assert task.get_actions(entry, editorial["editor"]) == []
    assert "approve" in [name for name, *_rest in task.get_actions(entry, editorial["approver"])]
    task.on_action(task_state, editorial["approver"], "approve")
    entry.refresh_from_db()
    assert entry.live

    public = Client().get(entry.get_url())
    assert public.status_code == 200 and "Bolehkah pemilik kos" in public.content.decode()
    topic_page = Client().get(f"{editorial['index'].url}topik/{topic.slug}/").content.decode()
    assert entry.title in topic_page
    results = SearchService().search("pemilik kos menahan ktp")
    assert any(hit.type == "qa" and hit.id == entry.pk for hit in results.hits)
    assert ChangeEvent.objects.filter(type="qa", object_id=str(entry.pk)).exists()
    feed = Client().get("/api/v1/changes/?types=qa").json()
    assert feed["results"][0]["data"]["title"] == entry.title
    api = Client().get("/api/v1/tanya-jawab/").json()
    assert [item["slug"] for item in api["results"]] == [entry.slug]
