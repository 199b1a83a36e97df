from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    """The partner API. Its label stays "cms" (the app's first home), so tables, migrations,
    content types and permission codenames are unchanged."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "partners"
    label = "cms"
    verbose_name = _("Partner API")

    def ready(self):
        # The Api-Key scheme registers itself with drf-spectacular when its module is imported.
        from partners import auth, cors, signal_handlers  # noqa: F401

        signal_handlers.connect()
