"""runserver plus what production runs beside it, so `make run` needs no extra step: Wagtail's
`publish_scheduled` every minute, and the task worker (`db_worker`) that sends e-mail, delivers
webhooks and updates the search index when tasks are queued in the database."""

import atexit
import os
import subprocess
import sys
import threading
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.commands.runserver import Command as RunserverCommand

INTERVAL_SECONDS = 60
DATABASE_BACKEND = "django_tasks_db.DatabaseBackend"


def _publish_scheduled_forever():
    while True:
        time.sleep(INTERVAL_SECONDS)
        try:
            call_command("publish_scheduled", verbosity=0)
        except Exception as exc:  # keep serving; report and try again next minute
            print(f"publish_scheduled failed: {exc}")


def start_worker():
    """The task worker as a child process, stopped when this server process exits."""
    if settings.TASKS["default"]["BACKEND"] != DATABASE_BACKEND:
        return None
    worker = subprocess.Popen([sys.executable, sys.argv[0], "db_worker", "--interval", "1"])
    atexit.register(worker.terminate)
    print(f"Task worker started (pid {worker.pid}).")
    return worker


class Command(RunserverCommand):
    help = "Development server that also runs the task worker and publishes scheduled pages."

    def inner_run(self, *args, **options):
        # With the autoreloader, inner_run runs in the child only: one scheduler and one worker per
        # server; a reload ends the child, and with it its worker.
        if os.environ.get("RUN_MAIN") or not options.get("use_reloader"):
            threading.Thread(target=_publish_scheduled_forever, daemon=True).start()
            start_worker()
        return super().inner_run(*args, **options)
