"""`{% task_from_signal_button signal %}`: the one-action "make it a task" button on a signal's admin
page, shown only to users who may assign tasks and link that signal."""

from django import template
from django.urls import reverse

from openinfo.tasks import permissions as perms

register = template.Library()


@register.inclusion_tag("tasks/admin/signal_button.html", takes_context=True)
def task_from_signal_button(context, signal):
    request = context.get("request")
    user = getattr(request, "user", None)
    shown = bool(user and perms.can_assign(user) and perms.may_link_signal(user, signal))
    return {
        "shown": shown,
        "url": f"{reverse('tasks_create')}?signal={signal.pk}" if shown else "",
        "tasks": list(signal.tasks.all()) if shown else [],
    }
