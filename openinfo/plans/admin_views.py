"""Admin screens of the action plan: progress with drill-down, CSV/XLSX export and the printable
monthly report for the Kasat's briefing. Read access: permissions.py (leadership and planners
city-wide, unit heads their unit)."""

import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.exports import tabular_response
from home.models import Kelurahan
from openinfo.plans import metrics, progress
from openinfo.plans import permissions as perms
from openinfo.plans.models import Target


def _require_view(user):
    if not perms.can_view_plans(user):
        raise PermissionDenied


def overview(request):
    _require_view(request.user)
    today = timezone.localdate()
    as_of = progress.parse_day(request.GET.get("date"), today)
    items = progress.evaluate(progress.targets_on(as_of, request.user), as_of)
    return TemplateResponse(
        request,
        "plans/admin/overview.html",
        {
            "items": items,
            "as_of": as_of,
            "counts": progress.summary(items),
            "can_edit": perms.can_edit_plans(request.user),
            "city_wide": perms.visible_unit_ids(request.user) is None,
            "page_title": _("Action plan progress"),
        },
    )


def target_detail(request, pk):
    _require_view(request.user)
    target = get_object_or_404(
        perms.visible_targets(
            request.user,
            Target.objects.select_related("stage__plan", "unit", "kecamatan", "kelurahan"),
        ),
        pk=pk,
    )
    as_of = progress.parse_day(request.GET.get("date"), timezone.localdate())
    kelurahan = None
    if request.GET.get("kelurahan"):
        kelurahan = Kelurahan.objects.filter(
            metrics.kelurahan_q(target), code=request.GET["kelurahan"]
        ).first()
        if kelurahan is None:
            raise Http404
    return TemplateResponse(
        request,
        "plans/admin/target.html",
        {
            "target": target,
            "item": metrics.compute(target, as_of),
            "as_of": as_of,
            "kelurahan_rows": metrics.by_kelurahan(target, as_of) if kelurahan is None else [],
            "kelurahan": kelurahan,
            "officers": metrics.by_officer(target, as_of, kelurahan),
            "page_title": _("Target progress"),
        },
    )


def export(request, fmt):
    _require_view(request.user)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    as_of = progress.parse_day(request.GET.get("date"), timezone.localdate())
    items = progress.evaluate(progress.targets_on(as_of, request.user), as_of)
    return tabular_response(
        progress.export_rows(items),
        f"rencana-aksi-{as_of.isoformat()}",
        fmt,
        sheet_title="Rencana Aksi",
    )


def monthly_report(request):
    _require_view(request.user)
    today = timezone.localdate()
    month = progress.parse_month(request.GET.get("month"), today)
    data = progress.monthly_report(request.user, month, today)
    months = []
    current = today.replace(day=1)
    for _i in range(12):
        months.append(current)
        current = (current - datetime.timedelta(days=1)).replace(day=1)
    return TemplateResponse(
        request,
        "plans/admin/monthly_report.html",
        {**data, "months": months, "page_title": _("Monthly report for the Kasat's briefing")},
    )
