from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Domain-free conventions every app uses; it imports no domain app."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = "Core"

    def ready(self):
        from core import contentcache

        contentcache.connect_page_signals()
