import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import GroupPagePermission, Workflow, WorkflowPage

from counselling.editorial import (
    EDITOR_GROUP,
    SUPERVISOR_GROUP,
    WORKFLOW_NAME,
    setup_editorial_workflow,
)
from tests.counselling.factories import counselling_index, make_article


@pytest.fixture
def index(db):
    index = counselling_index()
    setup_editorial_workflow(index)
    return index


def member_of(group_name, username):
    user = get_user_model().objects.create_user(username, password="rahasia-123")
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor(index):
    return member_of(EDITOR_GROUP, "editor")


@pytest.fixture
def supervisor(index):
    return member_of(SUPERVISOR_GROUP, "kasat")


def submit(page, user):
    assert page.permissions_for_user(user).can_submit_for_moderation()
    page.get_workflow().start(page, user)
    page.refresh_from_db()
    return page.current_workflow_task_state


def act(client, user, page, action, task_state):
    client.force_login(user)
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])
    return client.post(url, {"comment": "Catatan Kasat"})


def test_groups_exist_from_the_migration(db):
    assert set(
        Group.objects.filter(name__in=[EDITOR_GROUP, SUPERVISOR_GROUP]).values_list(
            "name", flat=True
        )
    ) == {EDITOR_GROUP, SUPERVISOR_GROUP}


def test_setup_is_idempotent_and_assigns_the_workflow_to_the_section(index):
    counts = (
        GroupPagePermission.objects.count(),
        Workflow.objects.count(),
        WorkflowPage.objects.count(),
    )
    setup_editorial_workflow(index)
    assert counts == (
        GroupPagePermission.objects.count(),
        Workflow.objects.count(),
        WorkflowPage.objects.count(),
    )
    assert WorkflowPage.objects.get(page=index).workflow.name == WORKFLOW_NAME


def test_editor_cannot_publish_but_supervisor_can(index, editor, supervisor):
    draft = make_article(index, publish=False)
    assert draft.permissions_for_user(editor).can_edit()
    assert not draft.permissions_for_user(editor).can_publish()
    assert draft.permissions_for_user(supervisor).can_publish()
    assert index.permissions_for_user(editor).can_add_subpage()


def test_editor_submits_supervisor_approves_and_the_article_goes_live(
    client, index, editor, supervisor
):
    draft = make_article(index, title="Panduan baru", publish=False)
    assert client.get(f"{index.url}{draft.slug}/").status_code == 404
    task_state = submit(draft, editor)
    assert task_state.task.name == WORKFLOW_NAME
    # The editor is not among the approvers.
    act(client, editor, draft, "approve", task_state)
    draft.refresh_from_db()
    assert not draft.live
    response = act(client, supervisor, draft, "approve", task_state)
    assert response.status_code in (200, 302)
    draft.refresh_from_db()
    assert draft.live
    client.logout()
    assert "Panduan baru" in client.get(draft.url).content.decode()


def test_rejection_keeps_the_article_off_the_site(client, api_client, index, editor, supervisor):
    draft = make_article(index, title="Panduan ditolak", publish=False)
    task_state = submit(draft, editor)
    act(client, supervisor, draft, "reject", task_state)
    draft.refresh_from_db()
    task_state.refresh_from_db()
    assert task_state.status == "rejected" and not draft.live
    client.logout()
    assert client.get(f"{index.url}{draft.slug}/").status_code == 404
    assert "Panduan ditolak" not in client.get(index.url).content.decode()
    assert api_client.get("/api/v1/articles/").json()["results"] == []


def test_an_edit_to_a_live_article_waits_for_approval(client, index, editor, supervisor):
    article = make_article(index, title="Versi tayang")
    article.title = "Versi perubahan"
    article.save_revision(user=editor)
    task_state = submit(article, editor)
    assert "Versi tayang" in client.get(article.url).content.decode()
    act(client, supervisor, article, "approve", task_state)
    client.logout()
    assert "Versi perubahan" in client.get(article.url).content.decode()
