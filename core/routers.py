"""The `/api/v1/` router class: DRF's default router with its browsable root listing."""

from rest_framework.routers import DefaultRouter


class Router(DefaultRouter):
    include_root_view = True
