from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FieldAppConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "openinfo.visits.fieldapp"
    label = "fieldapp"
    verbose_name = _("Field app")

    def ready(self):
        from django.db.models.signals import post_save

        from openinfo.models import VisitTransition
        from openinfo.visits.fieldapp import alerts

        post_save.connect(
            alerts.on_transition, sender=VisitTransition, dispatch_uid="fieldapp-signal-alerts"
        )
