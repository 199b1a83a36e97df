"""The editorial workflow of the counselling section: groups, their permissions, the approval workflow.

Editors of Satbinmas create, edit and submit articles; supervisors approve and publish them through
the Wagtail workflow "Persetujuan Kasat Binmas". Everything here is idempotent.
"""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowContentType,
    WorkflowPage,
    WorkflowTask,
)

from counselling.models import QuestionAnswer

EDITOR_GROUP = "Editor Satbinmas"
SUPERVISOR_GROUP = "Supervisor Satbinmas"
WORKFLOW_NAME = "Persetujuan Kasat Binmas"
TASK_NAME = "Persetujuan Kasat Binmas"

PAGE_PERMISSIONS = {
    EDITOR_GROUP: ["add_page", "change_page"],
    SUPERVISOR_GROUP: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}
SNIPPET_PERMISSIONS = {
    EDITOR_GROUP: [
        "add_topic",
        "change_topic",
        "add_legalreference",
        "change_legalreference",
        "add_audience",
        "change_audience",
        "add_questionanswer",
        "change_questionanswer",
    ],
    SUPERVISOR_GROUP: [
        "add_topic",
        "change_topic",
        "add_legalreference",
        "change_legalreference",
        "add_audience",
        "change_audience",
        "delete_legalreference",
        "add_questionanswer",
        "change_questionanswer",
        "publish_questionanswer",
    ],
}
COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "choose_document"),
]


def _permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


@transaction.atomic
def setup_editorial_workflow(index_page):
    """Groups, their permissions on `index_page` and the approval workflow assigned to it."""
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in PAGE_PERMISSIONS}
    access_admin = _permission("wagtailadmin", "access_admin")
    root_collection = Collection.get_first_root_node()
    for name, group in groups.items():
        group.permissions.add(access_admin)
        for codename in SNIPPET_PERMISSIONS[name]:
            group.permissions.add(_permission("counselling", codename))
        for codename in PAGE_PERMISSIONS[name]:
            GroupPagePermission.objects.get_or_create(
                group=group, page=index_page, permission=_permission("wagtailcore", codename)
            )
        for app_label, codename in COLLECTION_PERMISSIONS:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=_permission(app_label, codename)
            )

    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
    task.groups.add(groups[SUPERVISOR_GROUP])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=index_page, defaults={"workflow": workflow})
    # Tanya Jawab entries (a snippet) go through the same approval before they are public.
    WorkflowContentType.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(QuestionAnswer),
        defaults={"workflow": workflow},
    )
    return workflow
