"""Admin wiring of Lapor & Tanya: the triage queue, a message's screen and actions, the editors' list."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from openinfo.reports import admin_views
from openinfo.reports import permissions as perms


@hooks.register("register_admin_urls")
def register_reports_admin_urls():
    return [
        path(
            "lapor/",
            include(
                [
                    path("", admin_views.queue, name="reports_queue"),
                    path("<int:pk>/", admin_views.detail, name="reports_detail"),
                    path("<int:pk>/foto/", admin_views.photo, name="reports_photo"),
                    path("<int:pk>/aksi/<slug:action>/", admin_views.act, name="reports_act"),
                    path("tanya-jawab/", admin_views.guidance_list, name="reports_guidance_list"),
                    path(
                        "<int:pk>/tanya-jawab/",
                        admin_views.make_guidance,
                        name="reports_make_guidance",
                    ),
                ]
            ),
        ),
    ]


class QueueMenuItem(MenuItem):
    def is_shown(self, request):
        return perms.has_triage_access(request.user)


class GuidanceMenuItem(MenuItem):
    def is_shown(self, request):
        return perms.can_make_guidance(request.user)


@hooks.register("register_admin_menu_item")
def register_queue_menu_item():
    return QueueMenuItem(
        _("Lapor & Tanya"),
        reverse("reports_queue"),
        icon_name="mail",
        order=245,
        name="lapor-tanya",
    )


@hooks.register("register_admin_menu_item")
def register_guidance_menu_item():
    return GuidanceMenuItem(
        _("Questions for Tanya Jawab"),
        reverse("reports_guidance_list"),
        icon_name="help",
        order=246,
        name="lapor-tanya-jawab",
    )
