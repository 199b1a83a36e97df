"""Public non-page views of openinfo, mounted at the site root by cms/views.py."""

from django.urls import include, path

from openinfo import ppid_urls
from openinfo.visits.urls import urlpatterns as visit_urlpatterns

urlpatterns = [
    *visit_urlpatterns,
    path("", include((ppid_urls.urlpatterns, "openinfo"))),
]
