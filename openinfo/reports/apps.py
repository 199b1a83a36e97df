from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Lapor & Tanya: residents' information, questions and complaints to their officer."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "openinfo.reports"
    label = "reports"
    verbose_name = _("Lapor & Tanya")
