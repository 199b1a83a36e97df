"""Wagtail's own API v2 at /api/v2/ (pages and images) for headless page consumers.

It is kept as Wagtail ships it (no fields= validation, ETags or tombstones); partners who mirror
content use /api/v1/. bench/api_throughput.py compares the two on the same data.

The documents endpoint is not mounted: it lists every document in a public collection, including
those attached to draft register items, so documents reach the public only through /api/v1/.
"""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPIViewSet)
api_router.register_endpoint("images", ImagesAPIViewSet)
