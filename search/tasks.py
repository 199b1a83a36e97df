"""Background tasks keeping the index in step with published content (immediate in dev/tests).

An update the engine cannot take (Elasticsearch down, hanging, or its circuit breaker open) is
queued again with backoff (30 s, 2 min, 8 min ... at most 6 h) up to SEARCH_SYNC_MAX_ATTEMPTS, so
an item approved while the engine was down is indexed once it is back (issue 18). The task reads
the item's state when it runs, so a late retry never indexes something unpublished since.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from search.engines.base import SearchUnavailable
from search.service import get_service

logger = logging.getLogger(__name__)


def backoff(attempt, at_least=0):
    """Wait before attempt `attempt + 1`: 30 s, 2, 8, 32 minutes ... at most 6 hours."""
    return timedelta(seconds=max(at_least, min(30 * 4 ** (attempt - 1), 6 * 3600)))


def max_attempts():
    return int(getattr(settings, "SEARCH_SYNC_MAX_ATTEMPTS", 8))


@task()
def sync_search_document(type_name: str, pk: int, attempt: int = 1) -> dict:
    """Index the item if it is public, remove it otherwise (publish, unpublish, edit, delete)."""
    try:
        indexed = get_service().sync(type_name, pk)
    except SearchUnavailable as exc:
        backend = sync_search_document.get_backend()
        if attempt < max_attempts() and backend.supports_defer:
            retry_at = timezone.now() + backoff(attempt, exc.retry_after)
            sync_search_document.using(run_after=retry_at).enqueue(
                type_name, pk, attempt=attempt + 1
            )
            logger.warning(
                "search update of %s:%s failed (attempt %d, %s); retry at %s",
                type_name,
                pk,
                attempt,
                exc,
                retry_at.isoformat(),
            )
            return {"indexed": None, "retry_at": retry_at.isoformat(), "error": str(exc)}
        logger.error(
            "search update of %s:%s failed for good after %d attempt(s)", type_name, pk, attempt
        )
        raise
    return {"indexed": indexed}
