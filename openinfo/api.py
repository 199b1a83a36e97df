"""API of this app; mounted on the shared /api/v1/ router."""

from django.urls import path

from openinfo import disclosures_api
from openinfo.visits import field_api, public_api


def register(router):
    """Mount this app's viewsets on the shared router."""
    disclosures_api.register(router)
    field_api.register(router)
    public_api.register(router)


urlpatterns = [
    path("stats/visits/", public_api.VisitStatsView.as_view(), name="visit-stats"),
]
