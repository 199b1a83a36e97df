"""/api/v1/: every endpoint of every app, mounted here by name (as bakerydemo's `api.py` does)."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from core.routers import Router
from counselling.api.views import ArticleViewSet, LegalReferenceViewSet, TopicViewSet
from counselling.questions_api import QuestionAnswerViewSet
from home.api import OfficerViewSet, PoliceUnitViewSet, RegionViewSet
from openinfo.ppid.api import RegisterItemViewSet
from openinfo.reports.api import FieldMessageViewSet, ReportFiguresView, ReportSubmitView
from openinfo.tasks.api import FieldTaskViewSet
from openinfo.visits.field_api import FieldReportViewSet, FieldSignalViewSet, MeView
from openinfo.visits.fieldapp import api as fieldapp_api
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
router.register("tanya-jawab", QuestionAnswerViewSet, basename="qa")
# openinfo.ppid: the public-information register
router.register("disclosures", RegisterItemViewSet, basename="disclosure")
# openinfo.visits: the officers' field API and the public visit summaries
router.register("field/reports", FieldReportViewSet, basename="field-report")
router.register("field/signals", FieldSignalViewSet, basename="field-signal")
router.register("field/me", MeView, basename="field-me")
router.register("visits", PublicVisitViewSet, basename="visit")
# openinfo.reports: Lapor & Tanya (officers' triage; partner submission and figures below)
router.register("field/messages", FieldMessageViewSet, basename="field-message")
# openinfo.tasks: tasks between personnel (assign, comment, complete with an activity report)
router.register("field/tasks", FieldTaskViewSet, basename="field-task")
# partners: webhook endpoints
router.register("webhooks", WebhookEndpointViewSet, basename="webhook")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path("stats/visits/", VisitStatsView.as_view(), name="visit-stats"),
    path("stats/reports/", ReportFiguresView.as_view(), name="reports-stats"),
    path("reports/", ReportSubmitView.as_view(), name="reports-submit"),
    path("search/", SearchView.as_view(), name="api-search"),
    path("search/suggest/", SuggestView.as_view(), name="api-search-suggest"),
    path("changes/", ChangesView.as_view(), name="changes"),
    # openinfo.visits.fieldapp: what the officers' app needs beyond the field API
    path("field/auth/token/", fieldapp_api.TokenView.as_view(), name="field-token"),
    path("field/options/", fieldapp_api.OptionsView.as_view(), name="field-options"),
    path("field/statuses/", fieldapp_api.StatusesView.as_view(), name="field-statuses"),
    # Any id reaches the view (404 in the error shape), as the router's own field/reports/{id}/ do.
    re_path(
        r"^field/reports/(?P<pk>[^/.]+)/location/$",
        fieldapp_api.LocationView.as_view(),
        name="field-report-location",
    ),
    path("", include(router.urls)),
]
