from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    """Tasking between Satbinmas personnel: a head or leadership assigns, the assignee completes the
    task by filing the activity report that fulfils it (issue 19, item 3)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "openinfo.tasks"
    label = "tasks"
    verbose_name = _("Tasks")
