"""Admin wiring for visit reports: scoped snippet views, the review screen, the dashboard, API tokens."""

from django.core.exceptions import PermissionDenied
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from rest_framework.authtoken.models import Token
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, HelpPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.widgets import ListingButton
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet

from openinfo.models import VisitReport
from openinfo.visits import admin_views
from openinfo.visits import permissions as perms
from openinfo.visits.forms import VisitReportAdminForm, detail_form_name
from openinfo.visits.models.details import DETAILS, input_fields

policy = perms.VisitReportPermissionPolicy(VisitReport)
register_permission_policy(VisitReport, policy)


class ScopedObjectMixin:
    """Object views answer 403 for reports outside the user's scope (Wagtail checks only model perms)."""

    object_action = "view"

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if not policy.user_has_permission_for_instance(self.request.user, self.object_action, obj):
            raise PermissionDenied
        return obj


def scoped(view_class, action="view"):
    return type(
        f"Scoped{view_class.__name__}", (ScopedObjectMixin, view_class), {"object_action": action}
    )


class ToReviewScreenMixin:
    """After saving, the officer lands on the report's review screen (check it, add photos, submit)
    instead of the listing, where a new draft was not even on top."""

    def get_success_url(self):
        return reverse("visit_review", args=[self.object.pk])

    def get_success_message(self, instance=None):
        return _("Report saved. Check it below and submit it for approval when it is complete.")

    def get_success_buttons(self):
        return []


class ReportCreateView(ToReviewScreenMixin, snippet_views.CreateView):
    pass


class ReportEditView(ToReviewScreenMixin, scoped(snippet_views.EditView, "change")):
    pass


class VisitReportViewSet(SnippetViewSet):
    model = VisitReport
    icon = "clipboard-list"
    menu_label = _("Visit reports")
    menu_name = "visit-reports"
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["__str__", "officer", "satbinmas_unit", "status", "updated_at"]
    list_filter = ["status", "activity_type", "satbinmas_unit", "kecamatan"]
    ordering = ["-started_at"]
    inspect_view_enabled = True
    copy_view_enabled = False
    add_view_class = ReportCreateView
    edit_view_class = ReportEditView
    delete_view_class = scoped(snippet_views.DeleteView, "delete")
    history_view_class = scoped(snippet_views.HistoryView)
    inspect_view_class = scoped(snippet_views.InspectView)
    usage_view_class = scoped(snippet_views.UsageView)
    revisions_view_class = scoped(snippet_views.PreviewRevisionView, "change")
    revisions_compare_view_class = scoped(snippet_views.RevisionsCompareView)
    inspect_view_fields_exclude = []

    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("officer"),
                    FieldPanel("kelurahan"),
                    FieldPanel("rw"),
                    FieldPanel("rt"),
                ],
                heading=_("Where"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("activity_type"),
                    FieldPanel("started_at"),
                    FieldPanel("duration_minutes"),
                ],
                heading=_("What and when"),
            ),
            # The activity type's own fields, one section per type that has them (the admin
            # script shows the chosen type's section only; the form refuses the others' values).
            *[
                MultiFieldPanel(
                    [FieldPanel(detail_form_name(kind, name)) for name in input_fields(model)],
                    heading=model._meta.verbose_name,
                    attrs={"data-activity-details": kind},
                )
                for kind, (model, _related) in DETAILS.items()
            ],
            InlinePanel("participants", heading=_("Participants by role"), label=_("participants")),
            FieldPanel("participant_names"),
            MultiFieldPanel(
                [FieldPanel("topics"), FieldPanel("articles")], heading=_("Counselling delivered")
            ),
            FieldPanel("public_summary"),
            FieldPanel("internal_notes"),
            FieldPanel("follow_up_actions"),
            # Photos go through images.store (EXIF removal, limits) on the review screen, never a raw inline.
            HelpPanel(
                content=_(
                    "Photos: save the report, then add them from its Review screen "
                    "(Visit reports → Review). Location data is removed before storage."
                ),
                heading=_("Photos"),
            ),
            InlinePanel(
                "signals",
                heading=_("Early-warning signals (internal)"),
                label=_("signal"),
                panels=[
                    FieldPanel("category"),
                    FieldPanel("severity"),
                    FieldPanel("description"),
                    FieldPanel("status"),
                ],
            ),
        ],
        base_form_class=VisitReportAdminForm,
    )

    def get_queryset(self, request):
        return perms.visible_reports(request.user).select_related("kelurahan", "officer")


class TokenViewSet(SnippetViewSet):
    """Field-app tokens: issue one per officer account, delete it to revoke (superusers only)."""

    model = Token
    icon = "key"
    menu_label = _("Field app tokens")
    menu_name = "field-tokens"
    add_to_settings_menu = True
    list_display = ["user", "created"]
    panels = [FieldPanel("user")]
    inspect_view_enabled = True
    copy_view_enabled = False
    edit_view_enabled = False


register_snippet(VisitReportViewSet)
register_snippet(TokenViewSet)


@hooks.register("register_snippet_listing_buttons")
def review_button(snippet, user, next_url=None):
    if isinstance(snippet, VisitReport) and perms.can_view(user, snippet):
        yield ListingButton(
            _("Review"),
            reverse("visit_review", args=[snippet.pk]),
            priority=5,
            icon_name="clipboard-list",
        )


@hooks.register("register_admin_urls")
def register_visit_admin_urls():
    return [
        path(
            "kunjungan/",
            include(
                [
                    path("review/<int:pk>/", admin_views.review, name="visit_review"),
                    path("review/<int:pk>/photos/", admin_views.add_photo, name="visit_add_photo"),
                    path(
                        "review/<int:pk>/signals/<int:signal_pk>/",
                        admin_views.change_signal_status,
                        name="visit_signal_status",
                    ),
                    path("dashboard/", admin_views.dashboard, name="visit_dashboard"),
                    path(
                        "dashboard/export/<slug:table>.<str:fmt>",
                        admin_views.dashboard_export,
                        name="visit_dashboard_export",
                    ),
                ]
            ),
        ),
    ]


# Shows the chosen activity type's details section only (the form stays usable without it).
DETAILS_TOGGLE_JS = """<script>
document.addEventListener("DOMContentLoaded", function () {
  var select = document.querySelector("select[name=activity_type]");
  var sections = document.querySelectorAll("[data-activity-details]");
  if (!select || !sections.length) return;
  function show() {
    sections.forEach(function (section) {
      var wrapper = section.closest("section") || section;
      var chosen = section.getAttribute("data-activity-details") === select.value;
      wrapper.hidden = !chosen && !section.querySelector("[class*=error]");
    });
  }
  select.addEventListener("change", show);
  show();
});
</script>"""


@hooks.register("insert_global_admin_js")
def activity_details_toggle():
    return DETAILS_TOGGLE_JS


class DashboardMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser or request.user.has_perm(perms.DASHBOARD_PERM)


@hooks.register("register_admin_menu_item")
def register_dashboard_menu_item():
    return DashboardMenuItem(
        _("Sambang dashboard"),
        reverse("visit_dashboard"),
        icon_name="table",
        order=240,
        name="visit-dashboard",
    )
