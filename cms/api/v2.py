"""Wagtail's own API v2 at /api/v2/ (pages, images, documents) for headless page consumers.

It is kept as Wagtail ships it (no fields= validation, ETags or tombstones); partners who mirror
content use /api/v1/. bench/api_throughput.py compares the two on the same data.
"""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)
api_router.register_endpoint("images", ImagesAPIViewSet)
api_router.register_endpoint("documents", DocumentsAPIViewSet)
