"""Public search page (mounted at the site root by cms/views.py)."""

from django.urls import path

from search.views import search_page

urlpatterns = [path("cari/", search_page, name="search")]
