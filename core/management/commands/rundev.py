"""runserver plus Wagtail's `publish_scheduled` every minute, so scheduled pages go live in the demo."""

import os
import threading
import time

from django.core.management import call_command
from django.core.management.commands.runserver import Command as RunserverCommand

INTERVAL_SECONDS = 60


def _publish_scheduled_forever():
    while True:
        time.sleep(INTERVAL_SECONDS)
        try:
            call_command("publish_scheduled", verbosity=0)
        except Exception as exc:  # keep serving; report and try again next minute
            print(f"publish_scheduled failed: {exc}")


class Command(RunserverCommand):
    help = "Development server that also publishes scheduled pages every minute."

    def inner_run(self, *args, **options):
        # With the autoreloader, inner_run runs in the child only: one scheduler per server.
        if os.environ.get("RUN_MAIN") or not options.get("use_reloader"):
            threading.Thread(target=_publish_scheduled_forever, daemon=True).start()
        return super().inner_run(*args, **options)
