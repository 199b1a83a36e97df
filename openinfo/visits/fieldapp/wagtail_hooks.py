"""Admin wiring of the field app: the approval queue and the alert list, with counts in the menu."""

from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from openinfo.models import SignalStatus
from openinfo.visits import permissions as perms
from openinfo.visits.fieldapp import admin_views
from openinfo.visits.fieldapp.alerts import unread_count


@hooks.register("register_admin_urls")
def register_fieldapp_admin_urls():
    return [
        path("lapangan/antrian/", admin_views.queue, name="fieldapp_queue"),
        path("lapangan/peringatan/", admin_views.alerts, name="fieldapp_alerts"),
        path("lapangan/peringatan/dibaca/", admin_views.mark_read, name="fieldapp_alerts_read"),
        path("lapangan/sinyal/", admin_views.signals, name="fieldapp_signals"),
        path("lapangan/sinyal/<int:pk>/", admin_views.signal, name="fieldapp_signal"),
    ]


class CountedMenuItem(MenuItem):
    """A menu entry whose label carries a live count (e.g. "Menunggu persetujuan (3)")."""

    def __init__(self, label, url, count, shown, **kwargs):
        super().__init__(label, url, **kwargs)
        self._count, self._shown = count, shown

    def is_shown(self, request):
        return self._shown(request.user)

    def render_component(self, request):
        component = super().render_component(request)
        count = self._count(request.user)
        if count:
            component.label = f"{self.label} ({count})"
        return component


def _is_reviewer(user):
    return user.is_superuser or user.has_perm(perms.REVIEW_PERM)


@hooks.register("register_admin_menu_item")
def register_queue_menu_item():
    return CountedMenuItem(
        gettext_lazy("Waiting for approval"),
        reverse("fieldapp_queue"),
        lambda user: admin_views.waiting_reports(user).count(),
        _is_reviewer,
        icon_name="tasks",
        order=245,
        name="fieldapp-queue",
    )


@hooks.register("register_admin_menu_item")
def register_alerts_menu_item():
    return CountedMenuItem(
        gettext_lazy("Early-warning alerts"),
        reverse("fieldapp_alerts"),
        unread_count,
        lambda user: _is_reviewer(user) or perms.is_leadership(user) or user.signal_alerts.exists(),
        icon_name="warning",
        order=246,
        name="fieldapp-alerts",
    )


@hooks.register("register_admin_menu_item")
def register_signals_menu_item():
    # Officers see their own on the phone; supervisors and leadership here, with the open ones counted.
    return CountedMenuItem(
        gettext_lazy("Field signals"),
        reverse("fieldapp_signals"),
        lambda user: admin_views.standalone_signals(user).filter(status=SignalStatus.OPEN).count(),
        lambda user: _is_reviewer(user) or perms.is_leadership(user),
        icon_name="warning",
        order=247,
        name="fieldapp-signals",
    )


@hooks.register("construct_homepage_panels")
def add_queue_summary(request, panels):
    from wagtail.admin.ui.components import Component

    user = request.user
    if not (_is_reviewer(user) or perms.is_leadership(user)):
        return
    waiting = admin_views.waiting_reports(user).count() if _is_reviewer(user) else None
    unread = unread_count(user)

    class FieldSummaryPanel(Component):
        name = "fieldapp_summary"
        order = 50
        template_name = "fieldapp/admin/home_panel.html"

        def get_context_data(self, parent_context=None):
            return {
                "waiting": waiting,
                "unread": unread,
                "queue_url": reverse("fieldapp_queue"),
                "alerts_url": reverse("fieldapp_alerts"),
                "title": _("Field reports"),
            }

    panels.append(FieldSummaryPanel())
