"""Background tasks keeping the index in step with published content (immediate in dev/tests)."""

import logging

from django_tasks import task

from search.service import get_service

logger = logging.getLogger(__name__)


@task()
def sync_search_document(type_name: str, pk: int) -> bool:
    """Index the item if it is public, remove it otherwise (publish, unpublish, edit, delete)."""
    return get_service().sync(type_name, pk)
