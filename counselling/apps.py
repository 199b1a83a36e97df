from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CounsellingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "counselling"
    verbose_name = _("Counselling")

    def ready(self):
        from counselling import (
            documents,  # noqa: F401  registers the search adapters
            questions_api,
        )
        from counselling.api.views import register_public_types

        register_public_types()
        questions_api.register_public_types()
