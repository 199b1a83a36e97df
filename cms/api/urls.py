"""/api/v1/: one router that each app's `api.register(router)` mounts its viewsets on."""

from importlib import import_module

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

API_MODULES = ["home.api", "counselling.api", "openinfo.api", "search.api", "cms.api.partner"]


class Router(DefaultRouter):
    include_root_view = True


router = Router()
extra_urls = []
for module_name in API_MODULES:
    module = import_module(module_name)
    module.register(router)
    extra_urls += getattr(module, "urlpatterns", [])

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    *extra_urls,
    path("", include(router.urls)),
]
