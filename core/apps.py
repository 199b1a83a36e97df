from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Domain-free conventions every app uses; it imports no domain app."""

    name = "core"
    verbose_name = "Core"
