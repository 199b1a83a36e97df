"""Public URLs of Lapor & Tanya (mounted at the site root by cms/views.py)."""

from django.urls import include, path

from openinfo.reports import views

app_patterns = [
    path("lapor/", views.message_form, name="form"),
    path("lapor/terkirim/<str:code>/", views.receipt, name="receipt"),
    path("lapor/lacak/", views.track, name="track"),
    path("lapor/lacak/<str:code>/", views.track_detail, name="track-detail"),
    path("lapor/angka/", views.figures_page, name="figures"),
]

urlpatterns = [path("", include((app_patterns, "reports")))]
