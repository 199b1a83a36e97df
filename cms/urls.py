"""The root URLconf: every include named (as bakerydemo's `urls.py` does)."""

from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents.views.serve import authenticate_with_password

from cms import api, health, views
from cms.protected_media import serve_protected
from core.contentcache import public_page
from core.v2 import api_router as wagtail_api_v2
from counselling import urls as counselling_urls
from home import urls as home_urls
from openinfo.pilar import urls as pilar_urls
from openinfo.ppid import urls as ppid_urls
from openinfo.reports import urls as reports_urls
from openinfo.visits import urls as visits_urls
from openinfo.visits.fieldapp import urls as fieldapp_urls
from search import urls as search_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's document URLs, its serve view wrapped so that every document is an attachment.
    re_path(r"^dokumen/(\d+)/(.*)$", views.serve_document, name="wagtaildocs_serve"),
    path(
        "dokumen/authenticate_with_password/<int:restriction_id>/",
        authenticate_with_password,
        name="wagtaildocs_authenticate_with_password",
    ),
    # Private files (visit photos, original images) after their rule agreed (cms/protected_media.py).
    path("berkas/<path:name>", serve_protected, name="protected_media"),
    path("api/v1/", include(api)),
    path("api/v2/", wagtail_api_v2.urls),
    # No CSRF token: the switcher is on every page, and a token would make every page personal
    # (uncacheable). The worst a forged POST can do is switch a visitor's language.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("sitemap.xml", public_page(sitemap), name="sitemap"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    # The officers' field app (PWA): shell, service worker, manifest.
    path("lapangan/", include(fieldapp_urls)),
    # Public non-page views: /kegiatan/ (visits), /informasi-publik/ (PPID), /cari/ (search),
    # /lapor/ (Lapor & Tanya), /tanya-jawab/ (counselling's Tanya Jawab), favicon and web manifest.
    path("kegiatan/", include(visits_urls)),
    # The 3 Pilar partners' read-only pages (signed-in partners only).
    path("mitra/", include(pilar_urls)),
    path("", include(ppid_urls)),
    path("", include(reports_urls)),
    path("", include(home_urls)),
    path("", include(counselling_urls)),
    path("", include(search_urls)),
    # Media in the embedded setup (dev and single machine): public files only (renditions);
    # documents, visit photos and original images live outside MEDIA_ROOT (cms/protected_media.py).
    path("media/<path:path>", views.serve_media),
    path("", include(wagtail_urls)),
]

handler404 = "cms.views.page_not_found"
handler500 = "cms.views.server_error"
