"""`{% plans_dashboard %}`: the plan-progress and situation widgets on the leadership dashboard,
scoped for the viewer (leadership and planners city-wide, unit heads their unit's targets)."""

from django import template
from django.utils import timezone

from openinfo.plans import permissions as perms
from openinfo.plans import progress, situation
from openinfo.visits import permissions as visit_perms

register = template.Library()


def widgets_for(user, today=None):
    today = today or timezone.localdate()
    context = {"show_plans": perms.can_view_plans(user), "as_of": today, "situations": []}
    if context["show_plans"]:
        items = progress.evaluate(progress.targets_on(today, user), today)
        context.update(items=items, counts=progress.summary(items))
    if perms.can_see_situation(user):
        scope = visit_perms.dashboard_kecamatan_ids(user)
        context["situations"] = [
            situation.summary(period, today, scope) for period in situation.running_periods(today)
        ]
    return context


@register.inclusion_tag("plans/_dashboard_widgets.html", takes_context=True)
def plans_dashboard(context):
    return widgets_for(context["request"].user)
