from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpeninfoConfig(AppConfig):
    """One app label for two sub-domains: `openinfo.ppid` (public information) and
    `openinfo.visits` (officers' visit reports). Their wiring is connected here, by name."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "openinfo"
    verbose_name = _("Public information and visits")

    def ready(self):
        from openinfo import documents  # noqa: F401  registers the search adapters
        from openinfo.ppid import api as ppid_api
        from openinfo.ppid import receivers as ppid_receivers
        from openinfo.ppid import wagtail_hooks as ppid_hooks  # noqa: F401
        from openinfo.satbinmas import wagtail_hooks as satbinmas_hooks  # noqa: F401
        from openinfo.visits import public_api as visits_api
        from openinfo.visits import receivers as visits_receivers
        from openinfo.visits import wagtail_hooks as visits_hooks  # noqa: F401

        ppid_receivers.connect()
        visits_receivers.connect()
        ppid_api.register_public_types()
        visits_api.register_public_types()
