"""Admin wiring of the action plan: plans (with stages), targets and situation periods as snippets
(edited only by leadership, superusers and the Urbin Opsnal head; read by unit heads), the progress
screens, exports and the monthly report."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, InlinePanel, ObjectList
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from openinfo.plans import admin_views
from openinfo.plans import permissions as perms
from openinfo.plans.forms import PlanForm, SituationPeriodForm
from openinfo.plans.models import Plan, SituationPeriod, Target


class PlanPermissionPolicy(ModelPermissionPolicy):
    """Not Django's model permissions: the planners' rule of permissions.py for every action."""

    def _allowed(self, user, action):
        if action == "view":
            return perms.can_view_plans(user)
        return perms.can_edit_plans(user)

    def user_has_permission(self, user, action):
        return self._allowed(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self._allowed(user, a) for a in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        if action == "view" and isinstance(instance, Target):
            return perms.visible_targets(user, Target.objects.filter(pk=instance.pk)).exists()
        return self._allowed(user, action)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        if self.model is Target:
            return perms.visible_targets(user, Target.objects.all())
        return self.model._default_manager.all()


class PlanViewSet(SnippetViewSet):
    model = Plan
    icon = "list-ol"
    menu_label = _("Action plans")
    list_display = ["name", "start", "end", "status"]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("description"),
            FieldPanel("start"),
            FieldPanel("end"),
            FieldPanel("status"),
            InlinePanel("stages", label=_("Stages"), min_num=1),
        ],
        base_form_class=PlanForm,
    )


class TargetViewSet(SnippetViewSet):
    model = Target
    icon = "success"
    menu_label = _("Targets")
    list_display = ["__str__", "stage", "unit"]
    list_filter = ["unit", "metric"]
    panels = [
        FieldPanel("stage"),
        FieldPanel("unit"),
        FieldPanel("kecamatan"),
        FieldPanel("kelurahan"),
        FieldPanel("metric"),
        FieldPanel("threshold"),
        FieldPanel("granularity"),
        FieldPanel("schools_only"),
        FieldPanel("order"),
    ]


class SituationPeriodViewSet(SnippetViewSet):
    model = SituationPeriod
    icon = "warning"
    menu_label = _("Situation periods")
    list_display = ["name", "start", "end", "status"]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("start"),
            FieldPanel("end"),
            FieldPanel("status"),
            FieldPanel("categories"),
        ],
        base_form_class=SituationPeriodForm,
    )


for _model in (Plan, Target, SituationPeriod):
    register_permission_policy(_model, PlanPermissionPolicy(_model))


class PlansViewSetGroup(SnippetViewSetGroup):
    items = (PlanViewSet, TargetViewSet, SituationPeriodViewSet)
    menu_icon = "list-ol"
    menu_label = _("Action plan")
    menu_name = "rencana-aksi"
    menu_order = 255


register_snippet(PlansViewSetGroup)


@hooks.register("register_admin_urls")
def register_plans_admin_urls():
    return [
        path(
            "rencana-aksi/",
            include(
                [
                    path("", admin_views.overview, name="plans_overview"),
                    path("target/<int:pk>/", admin_views.target_detail, name="plans_target"),
                    path("export.<str:fmt>", admin_views.export, name="plans_export"),
                    path(
                        "laporan-bulanan/", admin_views.monthly_report, name="plans_monthly_report"
                    ),
                ]
            ),
        )
    ]


class ProgressMenuItem(MenuItem):
    def is_shown(self, request):
        return perms.can_view_plans(request.user)


@hooks.register("register_admin_menu_item")
def register_progress_menu_item():
    return ProgressMenuItem(
        _("Action plan progress"),
        reverse("plans_overview"),
        icon_name="success",
        order=256,
        name="plan-progress",
    )
