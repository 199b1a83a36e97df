"""Wagtail hooks of the security rules (connected from CmsConfig.ready()): documents are served only
as the content that uses them allows; admin choosers and the admin API list only what the user may
see (cms/document_access.py)."""

from django.urls import include, path
from wagtail import hooks

from cms import document_access, twofactor


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return [path("", include(twofactor.urlpatterns))]


@hooks.register("before_serve_document", order=-10)
def keep_unpublished_documents_private(document, request):
    return document_access.keep_unpublished_documents_private(document, request)
