"""Who may see, edit and review which visit report: one rule used by the admin and the API (the
field API through the DRF permission classes at the end, the admin through the same functions).

- officer (has an Officer profile): own reports; creates/edits only where their Satbinmas unit
  files (Bhabinkamtibmas: assigned kelurahan; the other units: any kelurahan of the city,
  openinfo/satbinmas/roles.py) and only while the report is a draft or returned;
- supervisor (permission `review_visitreport`): Bhabinkamtibmas reports of their unit (their
  Officer.unit) and of units under it; may approve or return submitted ones; never edits another
  officer's text;
- head of a Satbinmas unit other than Bhabinkamtibmas (UnitMembership role head): that unit's
  reports and its members' signals; approves or returns its members' submitted reports (not their
  own: a superuser does). Members of one unit never see another unit's work;
- leadership (`view_visit_dashboard`, group Pimpinan): the dashboard for the whole city only;
  supervisors see the dashboard for the kecamatan of their units;
- superuser: everything.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, permissions
from wagtail.permission_policies import ModelPermissionPolicy

from core.errors import TransitionError
from home.models import Kecamatan, PoliceUnit
from openinfo.models import EarlyWarningSignal, VisitReport
from openinfo.satbinmas import roles
from openinfo.satbinmas.units import BHABINKAMTIBMAS, unit_for_activity

REVIEW_PERM = "openinfo.review_visitreport"
DASHBOARD_PERM = "openinfo.view_visit_dashboard"

OFFICER_GROUP = "Bhabinkamtibmas"
SUPERVISOR_GROUPS = ("Supervisor Satbinmas", "Kanit Binmas")
LEADERSHIP_GROUP = "Pimpinan"


def officer_of(user):
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.officer
    except Exception:  # noqa: BLE001 - RelatedObjectDoesNotExist
        return None


def supervised_unit_ids(user):
    """The units a supervisor reviews: their own unit and its child units."""
    if not user.has_perm(REVIEW_PERM):
        return []
    officer = officer_of(user)
    if officer is None:
        return []
    return [
        officer.unit_id,
        *PoliceUnit.objects.filter(parent_id=officer.unit_id).values_list("pk", flat=True),
    ]


def _satbinmas_unit_path(model):
    """Where a row's Satbinmas unit is: a report's own field; a signal filed on its own through
    its officer's membership."""
    return "satbinmas_unit" if model is VisitReport else "officer__satbinmas_membership__unit"


def _supervised(user, model):
    """What the user supervises besides their own: Bhabinkamtibmas work of the Polsek units they
    review (`supervised_unit_ids`), and the work of the Satbinmas unit they head."""
    path = _satbinmas_unit_path(model)
    condition = Q(pk__in=[])
    units = supervised_unit_ids(user)
    if units:
        condition |= Q(unit_id__in=units) & (
            Q(**{f"{path}__code": BHABINKAMTIBMAS}) | Q(**{f"{path}__isnull": True})
        )
    head_of = roles.headed_unit_id(officer_of(user))
    if head_of is not None:
        condition |= Q(**{path: head_of})
    return condition


def _own_or_supervised(user, queryset):
    """The one rule for reports and signals filed on their own: the officer's own, those the user
    supervises (`_supervised`); superusers all; nobody else."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return queryset.none()
    if user.is_superuser:
        return queryset
    condition = _supervised(user, queryset.model)
    officer = officer_of(user)
    if officer is not None:
        condition |= Q(officer=officer)
    return queryset.filter(condition)


def _is_own_or_supervised(user, obj):
    """`_own_or_supervised` for one saved report or signal."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    officer = officer_of(user)
    if officer is not None and obj.officer_id == officer.pk:
        return True
    return _own_or_supervised(user, type(obj).objects.filter(pk=obj.pk)).exists()


def visible_reports(user, queryset=None):
    queryset = VisitReport.objects.all() if queryset is None else queryset
    return _own_or_supervised(user, queryset)


def can_view(user, report):
    return _is_own_or_supervised(user, report)


def can_edit(user, report):
    """Content edits: the report's own officer (or a superuser), only while draft or returned."""
    if not report.is_editable or not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    officer = officer_of(user)
    return (
        officer is not None
        and report.officer_id == officer.pk
        and roles.may_file_in(officer, report.kelurahan)
    )


def is_owner(user, report):
    """The report's own officer (or a superuser)."""
    if not getattr(user, "is_authenticated", False):
        return False
    officer = officer_of(user)
    return user.is_superuser or (officer is not None and report.officer_id == officer.pk)


def can_submit(user, report):
    """Submitting is the owner's act; whether the status allows it is the lifecycle's rule."""
    return is_owner(user, report)


def can_review(user, report):
    """Bhabinkamtibmas reports: a supervisor of the report's Polsek unit. The other units'
    reports: the head of the report's Satbinmas unit, never for their own report."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    if unit_for_activity(report.activity_type) == BHABINKAMTIBMAS:
        return user.has_perm(REVIEW_PERM) and report.unit_id in supervised_unit_ids(user)
    officer = officer_of(user)
    head_of = roles.headed_unit_id(officer)
    return (
        head_of is not None
        and report.satbinmas_unit_id == head_of
        and report.officer_id != officer.pk
    )


def awaiting_review(user, queryset=None):
    """Submitted reports this user decides on (`can_review` as a queryset)."""
    queryset = VisitReport.objects.all() if queryset is None else queryset
    queryset = queryset.filter(status="submitted")
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return queryset.none()
    if user.is_superuser:
        return queryset
    officer = officer_of(user)
    queryset = queryset.filter(_supervised(user, VisitReport))
    return queryset.exclude(officer=officer) if officer is not None else queryset


def can_follow_up_signal(user, report):
    """Change an early-warning signal's status: the report's officer, or a supervisor of its unit."""
    return can_view(user, report)


def visible_standalone_signals(user, queryset=None):
    """Signals officers filed on their own (no report): the officer's own, and those of the units a
    supervisor reviews (the reports' rule); superusers all. Leadership sees them in the dashboard's
    counts and may open one (`can_view_signal`)."""
    queryset = EarlyWarningSignal.objects.all() if queryset is None else queryset
    queryset = queryset.filter(report__isnull=True, officer__isnull=False)
    return _own_or_supervised(user, queryset)


def can_follow_up_standalone(user, signal):
    """A signal filed on its own is followed up by its officer or a supervisor of its unit."""
    return _is_own_or_supervised(user, signal)


def can_view_signal(user, signal):
    """Open a signal's page: a report's signal by the report's rule; one filed on its own by its
    officer, its unit's supervisors and leadership."""
    if signal.report_id is not None:
        return can_view(user, signal.report)
    if signal.officer_id is None:
        return False  # a resident's message: openinfo.reports decides
    return can_follow_up_standalone(user, signal) or (
        getattr(user, "is_authenticated", False) and user.is_active and is_leadership(user)
    )


def can_add_photos(user, report):
    """Photos are report content: the same rule as editing (own report, draft or returned)."""
    return can_edit(user, report)


def is_leadership(user):
    return user.is_superuser or user.groups.filter(name=LEADERSHIP_GROUP).exists()


def dashboard_kecamatan_ids(user):
    """The dashboard's area: None (the whole city) for leadership; for anyone else the kecamatan of the
    units they supervise (the reports' rule): the units' coverage plus the kecamatan of the kelurahan
    their officers are assigned to (coverage data is partly unverified). Empty when they supervise none."""
    if is_leadership(user):
        return None
    units = supervised_unit_ids(user)
    if not units:
        return []
    return list(
        Kecamatan.objects.filter(Q(police_units__in=units) | Q(kelurahan__officers__unit__in=units))
        .distinct()
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def can_create_for(user, kelurahan):
    """File a report or signal for this kelurahan: an active officer where their unit files
    (openinfo/satbinmas/roles.py)."""
    officer = officer_of(user)
    return officer is not None and officer.active and roles.may_file_in(officer, kelurahan)


def is_unit_head(user):
    return roles.headed_unit_id(officer_of(user)) is not None


class VisitReportPermissionPolicy(ModelPermissionPolicy):
    """Wagtail's model permissions plus the object-level scope above."""

    def user_has_permission(self, user, action):
        if action == "add":
            return super().user_has_permission(user, action) and (
                user.is_superuser or officer_of(user) is not None
            )
        return super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        if not super().user_has_permission(user, action if action != "view" else "view") and not (
            action == "view" and super().user_has_permission(user, "change")
        ):
            return False
        if action == "change":
            return can_edit(user, instance)
        if action == "delete":
            return can_edit(user, instance) and instance.status == "draft"
        return can_view(user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        queryset = visible_reports(user)
        if not any(
            super(VisitReportPermissionPolicy, self).user_has_permission(user, a) for a in actions
        ):
            return queryset.none()
        return queryset


# -- the same rules as DRF permission classes (field API) --------------------------------------------
class ReportNotEditable(exceptions.APIException):
    """An edit of a report whose status no longer allows one: a lifecycle error (409), not a 403."""

    status_code = 409
    default_code = "invalid_transition"
    default_detail = _("Only drafts and returned reports can be changed.")

    def __init__(self):
        error = TransitionError(self.default_detail)
        super().__init__(detail=str(error.message), code=error.code)
        self.error_code = error.code


class IsOfficerOrReviewer(permissions.BasePermission):
    message = _("Only officers and their supervisors use the field API.")

    def has_permission(self, request, view):
        user = request.user
        return bool(
            user
            and user.is_authenticated
            and (officer_of(user) is not None or user.has_perm(REVIEW_PERM) or user.is_superuser)
        )


class VisitReportPermission(IsOfficerOrReviewer):
    """Object-level rule per action: reading needs `can_view` (the queryset already scopes it),
    content edits `can_edit`, submitting `can_submit`, approving or returning `can_review`."""

    EDIT_ACTIONS = frozenset({"update", "partial_update", "photos"})
    REVIEW_ACTIONS = frozenset({"approve", "return_report"})

    def has_object_permission(self, request, view, obj):
        user, action = request.user, getattr(view, "action", None)
        if action in self.EDIT_ACTIONS:
            if can_edit(user, obj):
                return True
            if obj.is_editable:
                return False
            raise ReportNotEditable()
        if action == "submit":
            if not can_submit(user, obj):
                raise exceptions.PermissionDenied(_("Only the report's officer submits it."))
            return True
        if action in self.REVIEW_ACTIONS:
            return can_review(user, obj)
        return can_view(user, obj)


class SignalFollowUpPermission(IsOfficerOrReviewer):
    """A signal's status is followed up by the report's (or the signal's own) officer or a supervisor
    of its unit; reading a signal filed on its own needs the same."""

    def has_object_permission(self, request, view, obj):
        if obj.report_id is None:
            return can_follow_up_standalone(request.user, obj)
        return can_follow_up_signal(request.user, obj.report)
