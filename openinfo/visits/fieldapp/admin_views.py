"""Supervisors' side of the field app in the admin: the "waiting for approval" queue of their units
and the list of early-warning alerts addressed to them."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from openinfo.models import Severity, VisitStatus
from openinfo.visits import permissions as perms
from openinfo.visits.fieldapp.models import SignalAlert


def waiting_reports(user):
    """Submitted reports this user may approve or return (their units; superusers: all)."""
    if not (user.is_superuser or user.has_perm(perms.REVIEW_PERM)):
        return perms.visible_reports(user).none()
    queryset = perms.visible_reports(user).filter(status=VisitStatus.SUBMITTED)
    if not user.is_superuser:
        queryset = queryset.filter(unit_id__in=perms.supervised_unit_ids(user))
    return queryset


def queue(request):
    if not (request.user.is_superuser or request.user.has_perm(perms.REVIEW_PERM)):
        raise PermissionDenied
    reports = (
        waiting_reports(request.user)
        .select_related("officer", "kelurahan__kecamatan")
        .prefetch_related("signals", "photos")
        .order_by("submitted_at", "pk")
    )
    rows = [
        {
            "report": r,
            "high": any(s.severity == Severity.TINGGI for s in r.signals.all()),
            "signals": len(r.signals.all()),
            "photos": len(r.photos.all()),
        }
        for r in reports
    ]
    return TemplateResponse(
        request,
        "fieldapp/admin/queue.html",
        {
            "rows": rows,
            "page_title": _("Waiting for approval"),
        },
    )


def alerts(request):
    items = SignalAlert.objects.filter(recipient=request.user).select_related(
        "signal__report__kelurahan__kecamatan", "signal__report__officer"
    )[:200]
    return TemplateResponse(
        request,
        "fieldapp/admin/alerts.html",
        {
            "alerts": items,
            "page_title": _("Early-warning alerts"),
            "unread": SignalAlert.objects.filter(
                recipient=request.user, read_at__isnull=True
            ).count(),
        },
    )


@require_POST
def mark_read(request):
    SignalAlert.objects.filter(recipient=request.user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    return redirect("fieldapp_alerts")
