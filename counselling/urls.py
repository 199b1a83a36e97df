"""Public non-page views of counselling: the published Tanya Jawab entries."""

from django.urls import include, path

from counselling import views

app_patterns = [
    path("tanya-jawab/", views.question_list, name="questions"),
    path("tanya-jawab/<slug:slug>/", views.question_detail, name="question"),
]

urlpatterns = [path("", include((app_patterns, "counselling")))]
