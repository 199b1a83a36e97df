from django.urls import include, path

from openinfo.visits import views

patterns = [
    path("", views.index, name="index"),
    path("<slug:kecamatan_slug>/", views.kecamatan_detail, name="kecamatan"),
    path("<slug:kecamatan_slug>/<slug:kelurahan_slug>/", views.kelurahan_detail, name="kelurahan"),
]

urlpatterns = [path("kegiatan/", include((patterns, "visits")))]
