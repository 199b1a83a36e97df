"""Public URLs of the PPID service, under /informasi-publik/ (namespace `openinfo`, kept from the
days when it was the only public part of the app)."""

from django.urls import path

from openinfo.ppid import register_views
from openinfo.ppid import report as ppid_report
from openinfo.ppid import views as ppid_views

app_name = "openinfo"

urlpatterns = [
    path("informasi-publik/", ppid_views.index, name="index"),
    path("informasi-publik/daftar/", register_views.register, name="register"),
    path("informasi-publik/daftar/unduh.csv", register_views.register_csv, name="register-csv"),
    path("informasi-publik/daftar/unduh.xlsx", register_views.register_xlsx, name="register-xlsx"),
    path(
        "informasi-publik/daftar/<slug:slug>/",
        register_views.register_detail,
        name="register-detail",
    ),
    path("informasi-publik/permohonan/", ppid_views.request_form, name="request"),
    path(
        "informasi-publik/permohonan/tanda-terima/<str:code>/", ppid_views.receipt, name="receipt"
    ),
    path("informasi-publik/lacak/", ppid_views.track, name="track"),
    path("informasi-publik/lacak/<str:code>/", ppid_views.track_detail, name="track-detail"),
    path("informasi-publik/lacak/<str:code>/keberatan/", ppid_views.objection, name="objection"),
    path(
        "informasi-publik/lacak/<str:code>/dokumen/<int:pk>/",
        ppid_views.response_document,
        name="response-document",
    ),
    path("informasi-publik/laporan/", ppid_report.report_page, name="report"),
    path("informasi-publik/laporan/<int:year>.csv", ppid_report.report_csv, name="report-csv"),
]
