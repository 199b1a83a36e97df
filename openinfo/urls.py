"""Public non-page views of this app (mounted at the site root by cms/views.py)."""

from openinfo.visits.urls import urlpatterns as visit_urlpatterns

urlpatterns = [*visit_urlpatterns]
