"""Public pages of the visit summaries, mounted at /kegiatan/ by the root URLconf."""

from django.urls import path

from openinfo.visits import views

app_name = "visits"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:kecamatan_slug>/", views.kecamatan_detail, name="kecamatan"),
    path("<slug:kecamatan_slug>/<slug:kelurahan_slug>/", views.kelurahan_detail, name="kelurahan"),
]
