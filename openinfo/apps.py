from django.apps import AppConfig


class OpeninfoConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "openinfo"

    def ready(self):
        from openinfo import documents  # noqa: F401  registers the search adapters
        from openinfo.disclosures_api import register_public_types as register_disclosures
        from openinfo.visits.public_api import register_public_types as register_visits

        register_disclosures()
        register_visits()
