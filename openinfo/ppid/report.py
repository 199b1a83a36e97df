"""Laporan Layanan Informasi Publik: the yearly service figures, computed from the requests."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exports import csv_response
from openinfo.models import InformationRequest, Objection, Status


def yearly_report(year):
    requests = list(
        InformationRequest.objects.filter(year=year).only(
            "status", "received_at", "responded_at", "extended_due_date", "due_date"
        )
    )
    by_status = {status: 0 for status in Status.values}
    response_days, late = [], 0
    # The figures come from each request's own rules (working days, effective due date).
    for req in requests:
        by_status[req.status] += 1
        if req.responded_at:
            response_days.append(req.response_working_days)
            late += req.answered_late
    objections = Objection.objects.filter(request__year=year)
    return {
        "year": year,
        "total": len(requests),
        "by_status": [(Status(status).label, count) for status, count in by_status.items()],
        "fulfilled": by_status[Status.FULFILLED],
        "partially_fulfilled": by_status[Status.PARTIALLY_FULFILLED],
        "rejected": by_status[Status.REJECTED],
        "open": sum(by_status[s] for s in (Status.RECEIVED, Status.IN_PROCESS, Status.EXTENDED)),
        "answered": len(response_days),
        "average_response_days": round(sum(response_days) / len(response_days), 1)
        if response_days
        else None,
        "longest_response_days": max(response_days) if response_days else None,
        "answered_late": late,
        "extended": sum(1 for req in requests if req.extended_due_date),
        "objections": objections.count(),
        "objections_answered": objections.filter(status=Objection.Status.ANSWERED).count(),
    }


def report_rows(report):
    rows = [
        (_("Year"), report["year"]),
        (_("Requests received"), report["total"]),
    ]
    rows += [
        (_("Status: %(status)s") % {"status": label}, count) for label, count in report["by_status"]
    ]
    rows += [
        (_("Answered"), report["answered"]),
        (_("Fulfilled"), report["fulfilled"]),
        (_("Partially fulfilled"), report["partially_fulfilled"]),
        (_("Rejected"), report["rejected"]),
        (_("Still open"), report["open"]),
        (
            _("Average response time (working days)"),
            report["average_response_days"] if report["average_response_days"] is not None else "",
        ),
        (
            _("Longest response time (working days)"),
            report["longest_response_days"] if report["longest_response_days"] is not None else "",
        ),
        (_("Answered after the deadline"), report["answered_late"]),
        (_("Deadline extended"), report["extended"]),
        (_("Objections"), report["objections"]),
        (_("Objections answered"), report["objections_answered"]),
    ]
    return rows


def _year(value):
    try:
        year = int(value)
    except (TypeError, ValueError):
        return None
    return year if 2000 <= year <= 2100 else None


def report_page(request):
    this_year = timezone.localdate().year
    year = _year(request.GET.get("tahun")) or this_year
    years = sorted(
        set(InformationRequest.objects.values_list("year", flat=True)) | {this_year}, reverse=True
    )
    report = yearly_report(year)
    return render(
        request,
        "openinfo/report.html",
        {
            "report": report,
            "rows": report_rows(report),
            "years": years,
        },
    )


def report_csv(request, year):
    if _year(year) is None:
        raise Http404
    report = yearly_report(year)
    rows = [[_("Figure"), _("Value")], *report_rows(report)]
    return csv_response(rows, f"laporan-layanan-informasi-{year}")
