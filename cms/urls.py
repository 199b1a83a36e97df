"""The root URLconf: every include named (as bakerydemo's `urls.py` does)."""

from django.urls import include, path
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from cms import api, views
from core.v2 import api_router as wagtail_api_v2
from openinfo.ppid import urls as ppid_urls
from openinfo.visits import urls as visits_urls
from search import urls as search_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("dokumen/", include(wagtaildocs_urls)),
    path("api/v1/", include(api)),
    path("api/v2/", wagtail_api_v2.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("healthz", views.healthz, name="healthz"),
    # Public non-page views: /kegiatan/ (visits), /informasi-publik/ (PPID), /cari/ (search).
    path("kegiatan/", include(visits_urls)),
    path("", include(ppid_urls)),
    path("", include(search_urls)),
    # Media in the embedded setup (dev and single machine); Wagtail documents are not served from
    # here but by /dokumen/, whose permission hooks keep exempt PPID documents private.
    path("media/<path:path>", views.serve_media),
    path("", include(wagtail_urls)),
]

handler404 = "cms.views.page_not_found"
handler500 = "cms.views.server_error"
