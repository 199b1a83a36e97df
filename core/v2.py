"""Wagtail's own API v2 at /api/v2/ (pages and images) for headless page consumers.

It is kept as Wagtail ships it (no fields= validation, ETags or tombstones); partners who mirror
content use /api/v1/. bench/api_throughput.py compares the two on the same data.

The documents endpoint is not mounted: it lists every document in a public collection, including
those attached to draft register items, so documents reach the public only through /api/v1/.
The images endpoint lists only images that live, public pages use (Wagtail's reference index):
an image uploaded for a draft, or used nowhere public, is not listed and its detail is a 404.
"""

from django.contrib.contenttypes.models import ContentType
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.images import get_image_model
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Page, ReferenceIndex

# Wagtail passes these to the database and the search backend unchecked: a 20-digit offset
# overflowed SQLite's integers and an unknown search_operator raised deep in the backend (500s).
MAX_OFFSET = 10**9
SEARCH_OPERATORS = ("and", "or")


class CheckedParametersMixin:
    def check_query_parameters(self, queryset):
        super().check_query_parameters(queryset)
        params = self.request.GET
        for name in ("offset", "limit"):
            raw = params.get(name)
            if raw is None:
                continue
            if not raw.isdigit() or int(raw) > MAX_OFFSET:
                raise BadRequestError(f"{name} must be a whole number from 0 to {MAX_OFFSET}")
        operator = params.get("search_operator")
        if operator is not None and operator not in SEARCH_OPERATORS:
            raise BadRequestError("search_operator must be 'and' or 'or'")
        if operator is not None and "search" not in params:
            raise BadRequestError("search_operator needs search")


class CheckedPagesAPIViewSet(CheckedParametersMixin, PagesAPIViewSet):
    pass


class PublicImagesAPIViewSet(CheckedParametersMixin, ImagesAPIViewSet):
    def get_queryset(self):
        used = ReferenceIndex.objects.filter(
            base_content_type=ContentType.objects.get_for_model(Page),
            to_content_type=ContentType.objects.get_for_model(get_image_model()),
            object_id__in=[
                str(pk) for pk in Page.objects.live().public().values_list("pk", flat=True)
            ],
        ).values_list("to_object_id", flat=True)
        return super().get_queryset().filter(pk__in=[int(pk) for pk in used if pk.isdigit()])


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", CheckedPagesAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)
