"""Admin → Settings → Background tasks: the task queue (e-mail, webhooks, index updates), read-only,
so staff see what failed for good and why (issue 18). Superusers only."""

from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy


class ReadOnlyForSuperusers(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        return action == "view" and user.is_active and user.is_superuser

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class TaskResultViewSet(ModelViewSet):
    model = DBTaskResult
    icon = "cogs"
    menu_label = _("Background tasks")
    add_to_settings_menu = True
    name = "tasks"
    list_display = [
        "task_path",
        "status",
        "enqueued_at",
        "run_after",
        "finished_at",
        "exception_class_path",
    ]
    list_filter = ["status"]
    form_fields = ["queue_name"]  # never shown: the policy allows no create or edit
    inspect_view_enabled = True
    inspect_view_fields = [
        "task_path",
        "status",
        "enqueued_at",
        "started_at",
        "finished_at",
        "run_after",
        "return_value",
        "exception_class_path",
        "traceback",
    ]
    ordering = ["-enqueued_at"]


register_permission_policy(DBTaskResult, ReadOnlyForSuperusers(DBTaskResult))


@hooks.register("register_admin_viewset")
def register_task_results():
    return TaskResultViewSet()
