from django.apps import AppConfig


class ShellConfig(AppConfig):
    """The project shell as an app without models (label "shell"; the "cms" label belongs to the
    partner API): its templates (lockout, two-factor screens) and its admin wiring."""

    name = "cms"
    label = "shell"
    verbose_name = "Sambang Digital"

    def ready(self):
        # Document and image access rules and the two-factor screens as Wagtail hooks.
        from cms import security_hooks  # noqa: F401
