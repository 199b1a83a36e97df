"""Admin wiring of tasks: the list, a task's page and actions, the assign form, the menu entry with
the user's open count, and the "My tasks" panel on the admin home."""

from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from openinfo.tasks import admin_views
from openinfo.tasks import permissions as perms
from openinfo.tasks.models import Task
from openinfo.visits.permissions import officer_of

PANEL_LIMIT = 10


@hooks.register("register_admin_urls")
def register_tasks_admin_urls():
    return [
        path(
            "tugas/",
            include(
                [
                    path("", admin_views.task_list, name="tasks_list"),
                    path("baru/", admin_views.create, name="tasks_create"),
                    path("<int:pk>/", admin_views.detail, name="tasks_detail"),
                    path("<int:pk>/aksi/<slug:action>/", admin_views.act, name="tasks_act"),
                ]
            ),
        ),
    ]


def my_open_tasks(user):
    officer = officer_of(user)
    if officer is None:
        return Task.objects.none()
    return Task.objects.open().assigned_to_officer(officer)


class TasksMenuItem(MenuItem):
    def is_shown(self, request):
        user = request.user
        return perms.can_assign(user) or officer_of(user) is not None

    def render_component(self, request):
        component = super().render_component(request)
        count = my_open_tasks(request.user).count()
        if count:
            component.label = f"{self.label} ({count})"
        return component


@hooks.register("register_admin_menu_item")
def register_tasks_menu_item():
    return TasksMenuItem(
        _("Tasks"), reverse("tasks_list"), icon_name="tasks", order=242, name="tasks"
    )


class MyTasksPanel(Component):
    """The user's open tasks, overdue first, and for assigners the overdue ones they gave out."""

    name = "my_tasks"
    order = 3
    template_name = "tasks/admin/home_panel.html"

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        user = self.request.user
        today = timezone.localdate()
        mine = my_open_tasks(user).select_related("kelurahan", "assignee_unit")
        given = (
            perms.visible_tasks(user, Task.objects.overdue(today).filter(created_by=user))
            .select_related("kelurahan", "assignee_officer", "assignee_unit")
            .order_by("due_date", "pk")
        )
        return {
            "tasks": list(mine.order_by("due_date", "pk")[:PANEL_LIMIT]),
            "open_count": mine.count(),
            "overdue_count": mine.filter(due_date__lt=today).count(),
            "given_overdue": list(given[:PANEL_LIMIT]),
            "today": today,
            "list_url": reverse("tasks_list"),
            "can_assign": perms.can_assign(user),
        }


@hooks.register("construct_homepage_panels")
def add_my_tasks_panel(request, panels):
    user = request.user
    if officer_of(user) is not None or perms.can_assign(user):
        panels.append(MyTasksPanel(request))
