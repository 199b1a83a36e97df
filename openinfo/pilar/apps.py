from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PilarConfig(AppConfig):
    """3 Pilar and partners: read-only accounts for Babinsa, Lurah and academics, scoped to their
    kelurahan (counts and public summaries only), invited by admins, every access logged."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "openinfo.pilar"
    label = "pilar"
    verbose_name = _("3 Pilar partners")
