"""Who may assign, see and act on which task: one rule for the admin and the field API.

- leadership (group Pimpinan or permission `openinfo.view_visit_dashboard`) and superusers: assign
  to any unit or officer; see every task;
- the head of a Satbinmas unit (UnitMembership role head): assigns to their own unit or its members;
  sees the tasks of their unit and its members;
- the assignee (the officer, or any member of the assigned unit): sees the task, comments, starts
  and completes it;
- whoever assigned a task keeps seeing it, comments and may cancel it;
- everyone else: nothing (the views answer 404, as if the task did not exist).
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from home.models import Officer
from openinfo.models import SatbinmasUnit, UnitMembership, VisitReport
from openinfo.reports import permissions as report_perms
from openinfo.tasks.models import Task
from openinfo.visits import permissions as visit_perms


def _active(user):
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def membership_of(user):
    officer = visit_perms.officer_of(user)
    if officer is None:
        return None
    try:
        return officer.satbinmas_membership
    except UnitMembership.DoesNotExist:
        return None


def headed_unit_id(user):
    membership = membership_of(user)
    if membership is not None and membership.role == UnitMembership.Role.HEAD:
        return membership.unit_id
    return None


def is_leadership(user):
    return _active(user) and (
        user.is_superuser
        or user.has_perm(visit_perms.DASHBOARD_PERM)
        or user.groups.filter(name=visit_perms.LEADERSHIP_GROUP).exists()
    )


def can_assign(user):
    return _active(user) and (is_leadership(user) or headed_unit_id(user) is not None)


def assignable_units(user):
    if is_leadership(user):
        return SatbinmasUnit.objects.all()
    head_of = headed_unit_id(user)
    return SatbinmasUnit.objects.filter(pk=head_of) if head_of else SatbinmasUnit.objects.none()


def assignable_officers(user):
    officers = Officer.objects.filter(active=True).select_related("satbinmas_membership__unit")
    if is_leadership(user):
        return officers
    head_of = headed_unit_id(user)
    if head_of is None:
        return officers.none()
    return officers.filter(satbinmas_membership__unit_id=head_of)


def may_assign_to(user, *, officer=None, unit=None):
    if unit is not None:
        return assignable_units(user).filter(pk=unit.pk).exists()
    if officer is not None:
        return assignable_officers(user).filter(pk=officer.pk).exists()
    return False


def visible_tasks(user, queryset=None):
    queryset = Task.objects.all() if queryset is None else queryset
    if not _active(user):
        return queryset.none()
    if is_leadership(user):
        return queryset
    condition = Q(created_by=user)
    officer = visit_perms.officer_of(user)
    if officer is not None:
        condition |= Q(assignee_officer=officer)
        membership = membership_of(user)
        if membership is not None:
            condition |= Q(assignee_unit_id=membership.unit_id)
            if membership.role == UnitMembership.Role.HEAD:
                condition |= Q(assignee_officer__satbinmas_membership__unit_id=membership.unit_id)
    return queryset.filter(condition)


def can_view(user, task):
    return visible_tasks(user, Task.objects.filter(pk=task.pk)).exists()


def is_assignee(user, task):
    """The officer the task is assigned to, or a member of the assigned unit."""
    officer = visit_perms.officer_of(user)
    if officer is None or not _active(user):
        return False
    if task.assignee_officer_id:
        return task.assignee_officer_id == officer.pk
    membership = membership_of(user)
    return membership is not None and membership.unit_id == task.assignee_unit_id


def can_comment(user, task):
    return can_view(user, task)


def can_work_on(user, task):
    """Start and complete: the assignee (and superusers)."""
    return _active(user) and (user.is_superuser or is_assignee(user, task))


def can_cancel(user, task):
    if not _active(user):
        return False
    if user.is_superuser or is_leadership(user) or task.created_by_id == user.pk:
        return True
    head_of = headed_unit_id(user)
    return head_of is not None and task.unit_id == head_of


def may_link_signal(user, signal):
    """An assigner links a signal they may open (leadership: any; a resident's message's signal:
    whoever may open the message)."""
    if is_leadership(user) or visit_perms.can_view_signal(user, signal):
        return True
    message = getattr(signal, "resident_message", None)
    return message is not None and report_perms.can_view(user, message)


def candidate_reports(user, task):
    """The reports that could complete the task, for the assignee to choose from."""
    reports = VisitReport.objects.filter(
        activity_type=task.activity_type,
        status__in=("submitted", "approved"),
        created_at__gte=task.created_at,
    )
    if task.kelurahan_id:
        reports = reports.filter(kelurahan_id=task.kelurahan_id)
    if task.assignee_officer_id:
        reports = reports.filter(officer_id=task.assignee_officer_id)
    else:
        reports = reports.filter(officer__satbinmas_membership__unit_id=task.assignee_unit_id)
    return reports.select_related("kelurahan", "officer").order_by("-started_at")


class TaskPermission(permissions.BasePermission):
    """Field API: signed in with an active account; each task by the rules above (the queryset
    already hides the tasks a user may not see, so they answer 404)."""

    message = _("You cannot act on this task.")

    WORK_ACTIONS = frozenset({"start", "complete"})

    def has_permission(self, request, view):
        return _active(request.user)

    def has_object_permission(self, request, view, obj):
        action = getattr(view, "action", None)
        if action in self.WORK_ACTIONS:
            return can_work_on(request.user, obj)
        if action == "cancel":
            return can_cancel(request.user, obj)
        return can_view(request.user, obj)
