from django.apps import AppConfig


class OpeninfoConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "openinfo"
