"""Admin home panels that fit each role: what an officer, a supervisor, PPID staff and leadership
come to the admin for, first on the page (registered in openinfo/wagtail_hooks.py)."""

from datetime import timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component

from openinfo.models import (
    EarlyWarningSignal,
    InformationRequest,
    Severity,
    VisitReport,
    VisitStatus,
)
from openinfo.ppid.access import is_ppid_staff
from openinfo.satbinmas import roles
from openinfo.satbinmas.models import SatbinmasUnit
from openinfo.satbinmas.units import BHABINKAMTIBMAS
from openinfo.visits import permissions as perms
from openinfo.visits.dashboard import COVERAGE_DAYS, OPEN_STATUSES, Filters, coverage

DUE_SOON_WORKING_DAYS = 3
LIST_LIMIT = 10


class RolePanel(Component):
    template_name = "openinfo/admin_home/panel.html"

    def __init__(self, request):
        self.request = request


class OfficerPanel(RolePanel):
    """An officer's own drafts and returned reports, newest first, and the new-report button."""

    name = "officer_reports"
    order = 10
    template_name = "openinfo/admin_home/officer.html"

    def get_context_data(self, parent_context=None):
        officer = perms.officer_of(self.request.user)
        mine = VisitReport.objects.filter(officer=officer).select_related("kelurahan")
        return {
            "returned": list(
                mine.filter(status=VisitStatus.RETURNED).order_by("-updated_at")[:LIST_LIMIT]
            ),
            "drafts": list(
                mine.filter(status=VisitStatus.DRAFT).order_by("-updated_at")[:LIST_LIMIT]
            ),
            "submitted_count": mine.filter(status=VisitStatus.SUBMITTED).count(),
            "add_url": reverse("wagtailsnippets_openinfo_visitreport:add"),
            "list_url": reverse("wagtailsnippets_openinfo_visitreport:list"),
        }


class SupervisorPanel(RolePanel):
    """Reports of the supervisor's units waiting for approval (with counts per officer) and the
    open early-warning signals of those units by severity."""

    name = "supervisor_queue"
    order = 5
    template_name = "openinfo/admin_home/supervisor.html"

    def get_context_data(self, parent_context=None):
        units = perms.supervised_unit_ids(self.request.user)
        # Bhabinkamtibmas work only: the other units' reports go to their unit's head.
        waiting = perms.awaiting_review(self.request.user).filter(
            satbinmas_unit__code=BHABINKAMTIBMAS
        )
        signals = EarlyWarningSignal.objects.filter(
            Q(report__satbinmas_unit__code=BHABINKAMTIBMAS)
            | Q(report__isnull=True, officer__satbinmas_membership__isnull=True)
            | Q(report__isnull=True, officer__satbinmas_membership__unit__code=BHABINKAMTIBMAS),
            unit_id__in=units,
            reported=True,
            status__in=OPEN_STATUSES,
        )
        by_severity = dict(signals.values_list("severity").annotate(n=Count("pk")).order_by())
        return {
            "waiting_count": waiting.count(),
            "waiting": list(
                waiting.select_related("officer", "kelurahan").order_by("submitted_at")[:LIST_LIMIT]
            ),
            "per_officer": list(
                waiting.values("officer__rank", "officer__name")
                .annotate(n=Count("pk"))
                .order_by("-n", "officer__name")[:LIST_LIMIT]
            ),
            "signal_count": sum(by_severity.values()),
            "signals_by_severity": [
                (label, by_severity.get(value, 0)) for value, label in Severity.choices
            ],
            "signals": list(
                signals.select_related("kelurahan").order_by("-severity", "-observed_on")[:5]
            ),
            "list_url": reverse("wagtailsnippets_openinfo_visitreport:list") + "?status=submitted",
        }


class PPIDPanel(RolePanel):
    """Open information requests that are overdue or due within three working days."""

    name = "ppid_deadlines"
    order = 15
    template_name = "openinfo/admin_home/ppid.html"

    def get_context_data(self, parent_context=None):
        today = timezone.localdate()
        open_requests = list(InformationRequest.objects.open().order_by("due_date")[:500])
        rows = []
        for req in open_requests:
            left = req.days_left(today)
            if left is not None and left <= DUE_SOON_WORKING_DAYS:
                rows.append(
                    {
                        "req": req,
                        "left": left,
                        "overdue": left < 0,
                        "late_by": -left,
                        "url": reverse("openinfo_ppid_handle", args=[req.pk]),
                    }
                )
        rows.sort(key=lambda row: row["left"])
        return {
            "rows": rows[: LIST_LIMIT * 2],
            "overdue_count": sum(row["overdue"] for row in rows),
            "due_soon_count": sum(not row["overdue"] for row in rows),
            "open_count": len(open_requests),
            "due_soon_days": DUE_SOON_WORKING_DAYS,
        }


class LeadershipPanel(RolePanel):
    """Key figures and the way to the dashboard."""

    name = "leadership_figures"
    order = 20
    template_name = "openinfo/admin_home/leadership.html"

    def get_context_data(self, parent_context=None):
        filters = Filters.for_user(self.request.user, {})
        today = timezone.localdate()
        month_start = today.replace(day=1)
        visits = VisitReport.objects.filter(
            filters.area(),
            status=VisitStatus.APPROVED,
            visit_date__gte=month_start,
            visit_date__lte=today,
        ).count()
        cover = coverage(filters).extra
        signals = EarlyWarningSignal.objects.filter(
            filters.area(), reported=True, status__in=OPEN_STATUSES
        )
        return {
            "dashboard_url": reverse("visit_dashboard"),
            "visits_this_month": visits,
            "month_start": month_start,
            "coverage_percent": round(cover["share"] * 100),
            "coverage_days": COVERAGE_DAYS,
            "open_signals": signals.count(),
            "high_signals": signals.filter(severity__in=HIGH_SEVERITIES).count(),
            "open_requests": InformationRequest.objects.open().count(),
            "since": today - timedelta(days=COVERAGE_DAYS - 1),
        }


HIGH_SEVERITIES = [Severity.TINGGI]


class UnitPanel(RolePanel):
    """A Satbinmas unit's work for its people: the head sees the unit's reports waiting for their
    approval (with counts per member); every member their own recent reports of the unit."""

    name = "satbinmas_unit"
    order = 6
    template_name = "openinfo/admin_home/unit.html"

    def get_context_data(self, parent_context=None):
        officer = perms.officer_of(self.request.user)
        membership = roles.membership_of(officer)
        waiting = perms.awaiting_review(self.request.user).filter(
            satbinmas_unit_id=membership.unit_id
        )
        is_head = roles.headed_unit_id(officer) is not None
        return {
            "unit": membership.unit,
            "is_head": is_head,
            "waiting_count": waiting.count() if is_head else 0,
            "waiting": list(
                waiting.select_related("officer", "kelurahan").order_by("submitted_at")[:LIST_LIMIT]
            )
            if is_head
            else [],
            "per_member": list(
                waiting.values("officer__rank", "officer__name")
                .annotate(n=Count("pk"))
                .order_by("-n", "officer__name")[:LIST_LIMIT]
            )
            if is_head
            else [],
            "recent": list(
                VisitReport.objects.filter(officer=officer)
                .select_related("kelurahan")
                .order_by("-updated_at")[:LIST_LIMIT]
            ),
            "members": membership.unit.memberships.count(),
            "add_url": reverse("wagtailsnippets_openinfo_visitreport:add"),
            "list_url": reverse("wagtailsnippets_openinfo_visitreport:list"),
        }


class UnitCountsPanel(RolePanel):
    """Leadership: each Satbinmas unit's work this month (approved, waiting, returned) and its
    people, in the units' order."""

    name = "satbinmas_units"
    order = 21
    template_name = "openinfo/admin_home/unit_counts.html"

    def get_context_data(self, parent_context=None):
        today = timezone.localdate()
        month_start = today.replace(day=1)
        counts = {
            (row["satbinmas_unit"], row["status"]): row["n"]
            for row in VisitReport.objects.filter(
                visit_date__gte=month_start, visit_date__lte=today
            )
            .values("satbinmas_unit", "status")
            .annotate(n=Count("pk"))
            .order_by()
        }
        units = SatbinmasUnit.objects.annotate(people=Count("memberships")).prefetch_related(
            "memberships__officer"
        )
        return {
            "month_start": month_start,
            "rows": [
                {
                    "unit": unit,
                    "head": unit.head,
                    "people": unit.people,
                    "approved": counts.get((unit.pk, VisitStatus.APPROVED), 0),
                    "waiting": counts.get((unit.pk, VisitStatus.SUBMITTED), 0),
                    "returned": counts.get((unit.pk, VisitStatus.RETURNED), 0),
                }
                for unit in units
            ],
        }


def panels_for(request):
    """The role panels this user gets, most urgent first (a user may hold several roles)."""
    user = request.user
    panels = []
    if user.is_superuser or user.has_perm(perms.DASHBOARD_PERM):
        panels.append(LeadershipPanel(request))
    if perms.officer_of(user) is not None and user.has_perm("openinfo.add_visitreport"):
        panels.append(OfficerPanel(request))
    if perms.supervised_unit_ids(user):
        panels.append(SupervisorPanel(request))
    if roles.works_citywide(perms.officer_of(user)) and perms.officer_of(user) is not None:
        panels.append(UnitPanel(request))
    if user.is_superuser or user.has_perm(perms.DASHBOARD_PERM):
        panels.append(UnitCountsPanel(request))
    if is_ppid_staff(user):
        panels.append(PPIDPanel(request))
    return panels
