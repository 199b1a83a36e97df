"""/api/v1/: every endpoint of every app, mounted here by name (as bakerydemo's `api.py` does)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from core.routers import Router
from counselling.api.views import ArticleViewSet, LegalReferenceViewSet, TopicViewSet
from home.api import OfficerViewSet, PoliceUnitViewSet, RegionViewSet
from openinfo.ppid.api import RegisterItemViewSet
from openinfo.visits.field_api import FieldReportViewSet, FieldSignalViewSet, MeView
from openinfo.visits.public_api import PublicVisitViewSet, VisitStatsView
from partners.api import ChangesView, WebhookEndpointViewSet
from search.api import SearchView, SuggestView

router = Router()
# home: regions, police units, officers
router.register("regions", RegionViewSet, basename="region")
router.register("police-units", PoliceUnitViewSet, basename="police-unit")
router.register("officers", OfficerViewSet, basename="officer")
# counselling: legal guidance
router.register("articles", ArticleViewSet, basename="article")
router.register("topics", TopicViewSet, basename="topic")
router.register("legal-references", LegalReferenceViewSet, basename="legal-reference")
# openinfo.ppid: the public-information register
router.register("disclosures", RegisterItemViewSet, basename="disclosure")
# openinfo.visits: the officers' field API and the public visit summaries
router.register("field/reports", FieldReportViewSet, basename="field-report")
router.register("field/signals", FieldSignalViewSet, basename="field-signal")
router.register("field/me", MeView, basename="field-me")
router.register("visits", PublicVisitViewSet, basename="visit")
# partners: webhook endpoints
router.register("webhooks", WebhookEndpointViewSet, basename="webhook")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path("stats/visits/", VisitStatsView.as_view(), name="visit-stats"),
    path("search/", SearchView.as_view(), name="api-search"),
    path("search/suggest/", SuggestView.as_view(), name="api-search-suggest"),
    path("changes/", ChangesView.as_view(), name="changes"),
    path("", include(router.urls)),
]
