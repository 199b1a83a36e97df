"""/readyz: is this instance ready to serve? Each dependency with its state, as JSON (issue 18).

`/healthz` stays the cheap liveness check; this one talks to the database, the cache, the search
engine, the task queue and the disk, so a load balancer or an operator can see what is missing.
The answer is 503 when the database (without which nothing works) is down, 200 otherwise, with
`degraded` naming what else is not right.
"""

import shutil
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from core import failopen
from core.outage import retry_after

# A queue whose oldest due task waited longer than this is reported as "backlog".
TASK_BACKLOG_SECONDS = 600
DISK_MIN_FREE_FRACTION = 0.05


def _timed(check):
    started = time.monotonic()
    try:
        result = {"state": "ok", **(check() or {})}
    except Exception as exc:  # every failure is a state to report, not an error page
        result = {"state": "down", "error": f"{type(exc).__name__}: {exc}"[:300]}
    result["ms"] = round((time.monotonic() - started) * 1000, 1)
    return result


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"vendor": connection.vendor}


def check_cache():
    """Write and read back through the default cache (Redis in production), plus this process's
    fail-open counters (core/failopen.py): "down" when the probe fails, "degraded" when it passes
    but requests were served without the cache in the last CACHE_LOG_BURST_SECONDS."""
    counters = failopen.snapshot()
    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    target = caches["default"]
    try:
        if isinstance(target, failopen.FailOpenRedisCache):
            target.probe()
        else:
            key, value = "readyz:probe", str(time.time())
            target.set(key, value, 10)
            if target.get(key) != value:
                raise RuntimeError("the value written was not read back")
    except Exception as exc:
        return {
            "state": "down",
            "backend": backend,
            "error": f"{type(exc).__name__}: {exc}"[:300],
            "fail_open": counters,
        }
    recent = counters["last_failure_seconds_ago"]
    state = "degraded" if recent is not None and recent < failopen.burst_seconds() else "ok"
    return {"state": state, "backend": backend, "fail_open": counters}


def check_search():
    from search.engines import get_engine

    engine = get_engine()
    result = {"engine": settings.SEARCH_ENGINE}
    breaker = getattr(engine, "breaker", None)
    if breaker is not None:
        result.update(breaker.snapshot())
    result["documents"] = engine.count()
    return result


def check_tasks():
    from django_tasks import task_backends
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    backend = task_backends["default"]
    if not isinstance(backend, DatabaseBackend):
        return {"backend": type(backend).__name__, "note": "tasks run in the request"}
    ready = DBTaskResult.objects.ready()
    oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    waited = (timezone.now() - oldest).total_seconds() if oldest else 0
    failed = DBTaskResult.objects.filter(status="FAILED").count()
    return {
        "state": "backlog" if waited > TASK_BACKLOG_SECONDS else "ok",
        "backend": "database",
        "ready": ready.count(),
        "oldest_ready_seconds": round(waited),
        "failed": failed,
    }


def check_disk():
    result = {}
    state = "ok"
    from openinfo.ppid.storage import private_root

    for name, path in (("media", Path(settings.MEDIA_ROOT)), ("private", private_root())):
        while not path.exists() and path != path.parent:
            path = path.parent  # not created yet: the disk it will be on
        usage = shutil.disk_usage(path)
        free = usage.free / usage.total
        result[name] = {"free_bytes": usage.free, "free_fraction": round(free, 3)}
        if free < DISK_MIN_FREE_FRACTION:
            state = "low"
    return {"state": state, **result}


CHECKS = {
    "database": check_database,
    "cache": check_cache,
    "search": check_search,
    "tasks": check_tasks,
    "disk": check_disk,
}


@never_cache
def readyz(request):
    checks = {name: _timed(check) for name, check in CHECKS.items()}
    if checks["database"]["state"] != "ok":
        checks["search"] = checks["tasks"] = {"state": "unknown", "reason": "database down"}
    degraded = sorted(name for name, result in checks.items() if result["state"] != "ok")
    ready = checks["database"]["state"] == "ok"
    response = JsonResponse(
        {
            "status": "ok" if not degraded else ("degraded" if ready else "down"),
            "degraded": degraded,
            "checks": checks,
        },
        status=200 if ready else 503,
    )
    if not ready:
        response["Retry-After"] = str(retry_after())
    return response
