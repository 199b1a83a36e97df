"""Admin views: the review screen (submit / approve / return, photo upload, signal follow-up) and the
leadership dashboard with exports."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.exports import tabular_response
from core.redaction import find_personal_data, findings_message
from home.models import Kecamatan
from openinfo.models import SignalCategory, SignalStatus, TransitionError, VisitReport
from openinfo.visits import dashboard as dash
from openinfo.visits import permissions as perms
from openinfo.visits.forms import SignalStatusForm, VisitPhotoUploadForm
from openinfo.visits.images import PhotoRejected
from openinfo.visits.images import store as store_photo
from openinfo.visits.models.details import input_fields
from openinfo.visits.svg import bar_chart, hbar_chart, line_chart


def _visible_report(request, pk):
    report = get_object_or_404(
        VisitReport.objects.select_related(
            "officer", "kelurahan__kecamatan", "reviewed_by"
        ).prefetch_related(
            "participants",
            "signals__history__changed_by",
            "photos",
            "topics",
            "articles",
            "transitions__user",
        ),
        pk=pk,
    )
    if not perms.can_view(request.user, report):
        raise PermissionDenied
    return report


def review(request, pk):
    report = _visible_report(request, pk)
    can_submit = perms.can_submit(request.user, report) and report.is_editable
    can_review = perms.can_review(request.user, report) and report.status == "submitted"
    if request.method == "POST":
        action = request.POST.get("action")
        comment = request.POST.get("comment", "")
        try:
            if action == "submit" and can_submit:
                report.submit(request.user)
                messages.success(request, _("The report was submitted for approval."))
            elif action == "approve" and can_review:
                report.approve(request.user, comment)
                messages.success(
                    request, _("The report was approved; its public summary is now published.")
                )
            elif action == "return" and can_review:
                report.return_with_comment(request.user, comment)
                messages.success(request, _("The report was returned to the officer."))
            else:
                raise PermissionDenied
        except TransitionError as error:
            messages.error(request, str(error.message))
        return redirect("visit_review", pk=report.pk)
    findings = find_personal_data(report.public_summary, report.participant_name_list())
    return TemplateResponse(
        request,
        "openinfo/visits/admin/review.html",
        {
            "report": report,
            "can_submit": can_submit,
            "can_review": can_review,
            "can_edit": perms.can_edit(request.user, report),
            "can_add_photos": perms.can_add_photos(request.user, report),
            "photo_form": VisitPhotoUploadForm(),
            "can_follow_up_signals": perms.can_follow_up_signal(request.user, report),
            "signal_status_choices": SignalStatus.choices,
            "findings_message": findings_message(findings) if findings else "",
            "detail_rows": detail_rows(report),
            "page_title": str(report),
        },
    )


def detail_rows(report):
    """The activity type's own fields for the review screen: (label, value, public?)."""
    detail = report.detail()
    if detail is None:
        return []
    model = type(detail)
    public = model.PUBLIC_FIELDS if report.is_public_type else ()
    rows = []
    for name in input_fields(model):
        field = model._meta.get_field(name)
        value = getattr(detail, name)
        if field.choices:
            value = getattr(detail, f"get_{name}_display")()
        elif isinstance(value, bool):
            value = _("yes") if value else _("no")
        rows.append((field.verbose_name, "—" if value in (None, "") else value, name in public))
    return rows


@require_POST
def add_photo(request, pk):
    """Photo upload from the review screen: the field API's intake (images.store), so the same
    content check, limits and EXIF removal; nothing is stored when it refuses the file."""
    report = _visible_report(request, pk)
    if not perms.can_add_photos(request.user, report):
        raise PermissionDenied
    form = VisitPhotoUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a photo file to upload."))
        return redirect("visit_review", pk=report.pk)
    try:
        store_photo(report, form.cleaned_data["file"], form.cleaned_data["caption"])
    except PhotoRejected as rejected:
        messages.error(
            request, _("The photo was not added: %(reason)s") % {"reason": rejected.message}
        )
    else:
        messages.success(
            request, _("The photo was added without its location and camera data (EXIF).")
        )
    return redirect("visit_review", pk=report.pk)


@require_POST
def change_signal_status(request, pk, signal_pk):
    """A supervisor's follow-up of an early-warning signal: EarlyWarningSignal.change_status, as in the API."""
    report = _visible_report(request, pk)
    if not perms.can_follow_up_signal(request.user, report):
        raise PermissionDenied
    signal = get_object_or_404(report.signals.all(), pk=signal_pk)
    form = SignalStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid status for the signal."))
        return redirect("visit_review", pk=report.pk)
    try:
        changed = signal.change_status(
            form.cleaned_data["status"], request.user, form.cleaned_data["note"]
        )
    except TransitionError as error:
        messages.error(request, str(error.message))
    else:
        if changed:
            messages.success(request, _("The signal's status was recorded in its history."))
        else:
            messages.info(request, _("The signal already has that status; nothing was recorded."))
    return redirect("visit_review", pk=report.pk)


def _require_dashboard(user):
    if not (user.is_superuser or user.has_perm(perms.DASHBOARD_PERM)):
        raise PermissionDenied


def dashboard(request):
    _require_dashboard(request.user)
    filters = dash.Filters.for_user(request.user, request.GET)
    tables = dash.build(filters)
    trend = tables["signal_trend"]
    partial_note = _("month not over yet: partial figures")
    charts = {
        "visits": bar_chart(
            tables["visits_per_month"].extra["series"],
            label=_("Visits per month"),
            partial_last=tables["visits_per_month"].extra["partial_last"],
            partial_note=partial_note,
        ),
        "signals": line_chart(
            trend.extra["months"],
            [(row[0], row[1:-1]) for row in trend.rows if row[-1]],
            label=_("New signals per month"),
        ),
        "topics": hbar_chart(
            [(row[0], row[1]) for row in tables["top_topics"].rows], label=_("Top topics")
        ),
    }
    return TemplateResponse(
        request,
        "openinfo/visits/admin/dashboard.html",
        {
            "filters": filters,
            "tables": tables,
            "charts": charts,
            "kecamatan_list": Kecamatan.objects.order_by("name")
            if filters.scope is None
            else Kecamatan.objects.filter(pk__in=filters.scope).order_by("name"),
            "coverage_percent": round(tables["coverage"].extra["share"] * 100, 1),
            "page_title": _("Sambang dashboard"),
            "partial_month": tables["visits_per_month"].extra["partial_last"],
            "categories": SignalCategory.choices,
        },
    )


def dashboard_export(request, table, fmt):
    _require_dashboard(request.user)
    if table not in dash.WIDGETS or fmt not in ("csv", "xlsx"):
        raise Http404
    data = dash.WIDGETS[table](dash.Filters.for_user(request.user, request.GET))
    return tabular_response([data.headers, *data.rows], f"sambang-{table}", fmt, sheet_title=table)
