from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    """Rencana Aksi (action plans with staged, computed targets) and situation mode for elections."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "openinfo.plans"
    label = "plans"
    verbose_name = _("Action plan (Rencana Aksi)")
