"""Supervisors' side of the field app in the admin: the "waiting for approval" queue of their units,
the list of early-warning alerts addressed to them, and the signals officers filed on their own
(list, and one page per signal with its follow-up)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import TransitionError
from openinfo.models import EarlyWarningSignal, Severity, SignalStatus
from openinfo.visits import permissions as perms
from openinfo.visits.fieldapp.models import SignalAlert
from openinfo.visits.forms import SignalStatusForm


def waiting_reports(user):
    """Submitted reports this user may approve or return (their units; superusers: all)."""
    if not (user.is_superuser or user.has_perm(perms.REVIEW_PERM)):
        return perms.visible_reports(user).none()
    return perms.awaiting_review(user)


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
        "signal__report__kelurahan__kecamatan",
        "signal__report__officer",
        "signal__kelurahan__kecamatan",
        "signal__officer",
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


def standalone_signals(user):
    """Signals filed on their own that this user may list: leadership the whole city, supervisors
    their units', officers their own."""
    if perms.is_leadership(user):
        return EarlyWarningSignal.objects.filter(report__isnull=True, officer__isnull=False)
    return perms.visible_standalone_signals(user)


def signals(request):
    """Signals officers filed on their own (no visit report) that this user may see, newest first."""
    user = request.user
    if not (user.is_superuser or user.has_perm(perms.REVIEW_PERM) or perms.is_leadership(user)):
        raise PermissionDenied
    items = (
        standalone_signals(user)
        .select_related("kelurahan__kecamatan", "officer", "unit")
        .order_by("-created_at", "-pk")[:200]
    )
    return TemplateResponse(
        request,
        "fieldapp/admin/signals.html",
        {"signals": items, "page_title": _("Early-warning signals from the field")},
    )


def signal(request, pk):
    """One early-warning signal, whatever its source: a report's signal opens the report's review
    screen, a resident's message its Lapor & Tanya page; one filed on its own is shown here with its
    history and, for its officer and the unit's supervisors, the follow-up form."""
    item = get_object_or_404(
        EarlyWarningSignal.objects.select_related("kelurahan__kecamatan", "officer", "unit"), pk=pk
    )
    if item.report_id is not None:
        return redirect("visit_review", pk=item.report_id)
    if item.officer_id is None:
        message = getattr(item, "resident_message", None)
        if message is None:
            raise Http404
        return redirect("reports_detail", pk=message.pk)
    if not perms.can_view_signal(request.user, item):
        raise PermissionDenied
    can_follow_up = perms.can_follow_up_standalone(request.user, item)
    if request.method == "POST":
        if not can_follow_up:
            raise PermissionDenied
        form = SignalStatusForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose a valid status for the signal."))
        else:
            try:
                changed = item.change_status(
                    form.cleaned_data["status"], request.user, form.cleaned_data["note"]
                )
            except TransitionError as error:
                messages.error(request, str(error.message))
            else:
                if changed:
                    messages.success(request, _("The signal's status was recorded in its history."))
                else:
                    messages.info(
                        request, _("The signal already has that status; nothing was recorded.")
                    )
        return redirect("fieldapp_signal", pk=item.pk)
    SignalAlert.objects.filter(signal=item, recipient=request.user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    return TemplateResponse(
        request,
        "fieldapp/admin/signal.html",
        {
            "signal": item,
            "history": item.history.select_related("changed_by"),
            "can_follow_up": can_follow_up,
            "signal_status_choices": SignalStatus.choices,
            "page_title": str(item),
        },
    )
