"""Boot Django for a benchmark on its own throw-away database (never the project's db.sqlite3)."""

import atexit
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup(database_url: str, migrate: bool = True):
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.test"
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    import logging

    logging.getLogger("wagtail").setLevel(logging.WARNING)
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)


def fresh_sqlite_url(name: str) -> str:
    """A new SQLite file in /tmp, deleted when this process exits (the latency one is ~280 MB)."""
    path = Path("/tmp") / f"sambang-bench-{name}-{os.getpid()}.sqlite3"
    path.unlink(missing_ok=True)
    atexit.register(path.unlink, missing_ok=True)
    return f"sqlite:///{path}"


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]
