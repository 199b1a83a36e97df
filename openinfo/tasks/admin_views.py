"""Tasks in the Wagtail admin: the list ("Tugas") with its filters, one task with its timeline and
actions (comment, start, complete with a report, cancel), and the form that assigns one (opened
pre-filled from an early-warning signal or a resident's message). Every view asks permissions.py;
a task the user may not see answers 404."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.errors import TransitionError
from openinfo.models import EarlyWarningSignal, VisitReport
from openinfo.reports import permissions as report_perms
from openinfo.reports.models import ResidentMessage
from openinfo.tasks import permissions as perms
from openinfo.tasks.forms import CommentForm, TaskForm, initial_from_signal
from openinfo.tasks.models import OPEN_STATUSES, Task, TaskStatus
from openinfo.visits.permissions import officer_of

SCOPES = {
    "mine": gettext_lazy("Mine"),
    "unit": gettext_lazy("My unit"),
    "assigned": gettext_lazy("Assigned by me"),
    "all": gettext_lazy("All I may see"),
}
STATUSES = {
    "open": gettext_lazy("Open"),
    "overdue": gettext_lazy("Overdue"),
    "done": gettext_lazy("Done"),
    "cancelled": gettext_lazy("Cancelled"),
    "any": gettext_lazy("Any status"),
}


def _scoped(user, queryset, scope):
    if scope == "mine":
        officer = officer_of(user)
        return queryset.assigned_to_officer(officer) if officer else queryset.none()
    if scope == "unit":
        membership = perms.membership_of(user)
        if membership is None:
            return queryset.none()
        return queryset.filter(
            Q(assignee_unit_id=membership.unit_id)
            | Q(assignee_officer__satbinmas_membership__unit_id=membership.unit_id)
        )
    if scope == "assigned":
        return queryset.filter(created_by=user)
    return queryset


def _by_status(queryset, chosen, today):
    if chosen == "open":
        return queryset.filter(status__in=OPEN_STATUSES)
    if chosen == "overdue":
        return queryset.overdue(today)
    if chosen == "done":
        return queryset.filter(status=TaskStatus.DONE)
    if chosen == "cancelled":
        return queryset.filter(status=TaskStatus.CANCELLED)
    return queryset


def task_list(request):
    user = request.user
    visible = perms.visible_tasks(user)
    default_scope = "mine" if officer_of(user) and not perms.can_assign(user) else "all"
    scope = request.GET.get("scope") if request.GET.get("scope") in SCOPES else default_scope
    chosen = request.GET.get("status") if request.GET.get("status") in STATUSES else "open"
    today = timezone.localdate()
    queryset = _by_status(_scoped(user, visible, scope), chosen, today).select_related(
        "kelurahan", "assignee_officer", "assignee_unit", "created_by"
    )
    page = Paginator(queryset.order_by("due_date", "pk"), 50).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "tasks/admin/list.html",
        {
            "page_obj": page,
            "tasks": page.object_list,
            "today": today,
            "scopes": list(SCOPES.items()),
            "statuses": list(STATUSES.items()),
            "scope": scope,
            "chosen": chosen,
            "can_assign": perms.can_assign(user),
            "page_title": _("Tasks"),
        },
    )


def _visible_task(request, pk):
    queryset = perms.visible_tasks(request.user).select_related(
        "kelurahan__kecamatan",
        "assignee_officer",
        "assignee_unit",
        "created_by",
        "fulfilled_by__kelurahan",
        "signal",
        "resident_message",
    )
    return get_object_or_404(queryset, pk=pk)


def detail(request, pk):
    task = _visible_task(request, pk)
    user = request.user
    can_work = task.is_open and perms.can_work_on(user, task)
    return TemplateResponse(
        request,
        "tasks/admin/detail.html",
        {
            "task": task,
            "events": task.events.select_related("user"),
            "overdue": task.is_overdue(),
            "can_work": can_work,
            "can_start": can_work and task.status == TaskStatus.OPEN,
            "can_cancel": task.is_open and perms.can_cancel(user, task),
            "candidate_reports": list(perms.candidate_reports(user, task)) if can_work else [],
            "comment_form": CommentForm(),
            "page_title": str(task),
        },
    )


@require_POST
def act(request, pk, action):
    task = _visible_task(request, pk)
    user = request.user
    try:
        if action == "comment":
            task.comment(user, request.POST.get("text", ""))
            messages.success(request, _("Your comment was added to the timeline."))
        elif action == "start" and perms.can_work_on(user, task):
            task.start(user)
            messages.success(request, _("The task is in progress."))
        elif action == "complete" and perms.can_work_on(user, task):
            report_id = request.POST.get("report", "")
            report = (
                VisitReport.objects.select_related("officer__satbinmas_membership")
                .filter(pk=int(report_id))
                .first()
                if report_id.isdigit()
                else None
            )
            task.complete(user, report, request.POST.get("note", ""))
            messages.success(request, _("The task is done."))
        elif action == "cancel" and perms.can_cancel(user, task):
            task.cancel(user, request.POST.get("reason", ""))
            messages.success(request, _("The task was cancelled."))
        else:
            raise PermissionDenied
    except TransitionError as error:
        messages.error(request, str(error.message))
    return redirect("tasks_detail", pk=task.pk)


def _linked(request, source):
    """The signal and resident's message a new task links to (from the query or the form), checked
    against what the assigner may open; Http404 for anything else."""
    signal = message = None
    signal_id = source.get("signal") or ""
    message_id = source.get("resident_message") or source.get("message") or ""
    if str(signal_id).isdigit():
        signal = get_object_or_404(
            EarlyWarningSignal.objects.select_related("kelurahan"), pk=signal_id
        )
        if not perms.may_link_signal(request.user, signal):
            raise Http404
        if not message_id:
            linked_message = getattr(signal, "resident_message", None)
            message_id = str(linked_message.pk) if linked_message else ""
    if str(message_id).isdigit():
        message = get_object_or_404(ResidentMessage, pk=message_id)
        if not (perms.is_leadership(request.user) or report_perms.can_view(request.user, message)):
            raise Http404
    return signal, message


def create(request):
    user = request.user
    if not perms.can_assign(user):
        raise PermissionDenied
    if request.method == "POST":
        form = TaskForm(request.POST, user=user)
        signal, message = _linked(request, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            officer, unit = data.get("assignee_officer"), data.get("assignee_unit")
            try:
                task, created = Task.assign(
                    created_by=user,
                    activity_type=data["activity_type"],
                    due_date=data["due_date"],
                    instructions=data["instructions"],
                    officer=officer,
                    unit=unit,
                    kelurahan=data.get("kelurahan"),
                    place=data.get("place", ""),
                    signal=signal,
                    resident_message=message,
                    key=data["key"],
                )
            except TransitionError as error:
                for field, errors in error.fields.items():
                    for text in errors:
                        form.add_error(field if field in form.fields else None, text)
            else:
                if created:
                    messages.success(
                        request, _("The task was assigned to %(who)s.") % {"who": task.assignee}
                    )
                return redirect("tasks_detail", pk=task.pk)
    else:
        signal, message = _linked(request, request.GET)
        initial = {}
        if signal is not None:
            initial = {**initial_from_signal(signal), "signal": signal.pk}
        if message is not None:
            initial.update(
                {
                    "kelurahan": message.kelurahan_id,
                    "resident_message": message.pk,
                }
            )
        form = TaskForm(initial=initial, user=user)
    return TemplateResponse(
        request,
        "tasks/admin/create.html",
        {
            "form": form,
            "signal": signal,
            "resident_message": message,
            "page_title": _("Assign a task"),
        },
    )
