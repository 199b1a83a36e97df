"""Index lifecycle: publishing, unpublishing, saving or deleting anything with an adapter enqueues
`sync_search_document`, which indexes the item if it is public and removes it otherwise; so does
a privacy setting added to or removed from a page (for the page and its descendants)."""

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django_tasks import task_backends
from django_tasks.backends.immediate import ImmediateBackend
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from search.analysis import invalidate_synonyms
from search.documents import adapter_for_model
from search.models import SynonymGroup
from search.tasks import sync_search_document

logger = logging.getLogger(__name__)


def enqueue_sync(type_name: str, pk) -> None:
    def send():
        try:
            sync_search_document.enqueue(type_name, pk)
        except Exception:  # a failing queue or engine must never break publishing
            logger.exception("Could not enqueue search sync for %s:%s", type_name, pk)

    if isinstance(task_backends[sync_search_document.backend], ImmediateBackend):
        send()  # immediate: the change is visible in search before the request ends
    else:
        transaction.on_commit(send)


def _sync(model, instance):
    adapter = adapter_for_model(model)
    if adapter is not None and instance.pk is not None:
        enqueue_sync(adapter.type, instance.pk)


def page_changed(sender, instance, **kwargs):
    _sync(sender, instance)


def object_saved(sender, instance, raw=False, **kwargs):
    # Pages are indexed on publish/unpublish only: saving a draft revision must not reach search.
    if raw or issubclass(sender, Page):
        return
    _sync(sender, instance)


def object_deleted(sender, instance, **kwargs):
    _sync(sender, instance)


def restriction_changed(sender, instance, raw=False, **kwargs):
    """A privacy setting (password, login, groups) added to or removed from a page changes what is
    public for the page and everything under it: resync each that has an adapter."""
    if raw or instance.page_id is None:
        return
    root = Page.objects.filter(pk=instance.page_id).first()
    if root is None:
        return
    for page in Page.objects.descendant_of(root, inclusive=True).specific(defer=True).iterator():
        _sync(type(page), page)


def synonyms_changed(sender, **kwargs):
    invalidate_synonyms()


def connect():
    page_published.connect(page_changed, dispatch_uid="search_page_published")
    page_unpublished.connect(page_changed, dispatch_uid="search_page_unpublished")
    post_save.connect(object_saved, dispatch_uid="search_object_saved")
    post_delete.connect(object_deleted, dispatch_uid="search_object_deleted")
    post_save.connect(
        restriction_changed, sender=PageViewRestriction, dispatch_uid="search_restriction_saved"
    )
    post_delete.connect(
        restriction_changed, sender=PageViewRestriction, dispatch_uid="search_restriction_deleted"
    )
    post_save.connect(synonyms_changed, sender=SynonymGroup, dispatch_uid="search_synonyms_saved")
    post_delete.connect(
        synonyms_changed, sender=SynonymGroup, dispatch_uid="search_synonyms_deleted"
    )
