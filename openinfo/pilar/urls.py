from django.urls import path

from openinfo.pilar import views

app_name = "pilar"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("masuk/", views.PartnerLoginView.as_view(), name="login"),
    path("keluar/", views.PartnerLogoutView.as_view(), name="logout"),
    path("kelurahan/<str:code>/", views.kelurahan_detail, name="kelurahan"),
    path("undangan/<str:token>/", views.accept_invitation, name="accept"),
]
