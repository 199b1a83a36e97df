"""Public non-page views of the home app, mounted at the site root by cms/views.py."""

from django.urls import path

from home import views

urlpatterns = [
    path("favicon.ico", views.favicon, name="favicon"),
    path("manifest.webmanifest", views.web_manifest, name="web-manifest"),
    path("ikon-<int:size>.png", views.icon, name="app-icon"),
]
