from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "home"
    verbose_name = _("Site and regions")

    def ready(self):
        from home import documents  # noqa: F401  registers the kecamatan facet's names
        from home.api import register_public_types

        register_public_types()
