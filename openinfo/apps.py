from django.apps import AppConfig


class OpeninfoConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "openinfo"

    def ready(self):
        from openinfo import documents  # noqa: F401  registers the search adapters
