from django.apps import AppConfig


class CmsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cms"
    verbose_name = "Sambang Digital"

    def ready(self):
        # Registers the Api-Key scheme with drf-spectacular.
        from cms.api import auth  # noqa: F401
