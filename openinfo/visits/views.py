"""Public activity pages: what the Bhabinkamtibmas did in each kecamatan and kelurahan.

Only approved reports and their public fields; a constant number of queries per page.
"""

from datetime import date

from django.db.models import Sum
from django.db.models.functions import TruncMonth
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from core.contentcache import public_page
from home.models import Kecamatan, Kelurahan, Officer
from openinfo.models import ActivityType, VisitDailyStat
from openinfo.visits.public_api import public_visits

RECENT = 10
MONTHS = 6


def _month_start(months_back):
    today = timezone.localdate()
    year, month = today.year, today.month - months_back
    while month <= 0:
        month += 12
        year -= 1
    return date(year, month, 1)


def monthly_table(stats):
    """Counts by activity type per month for the last MONTHS months: header months and one row per type."""
    since = _month_start(MONTHS - 1)
    rows = (
        stats.filter(day__gte=since)
        .annotate(month=TruncMonth("day"))
        .values("month", "activity_type")
        .annotate(n=Sum("visits"))
    )
    months = [_month_start(i) for i in range(MONTHS - 1, -1, -1)]
    counts = {(r["month"], r["activity_type"]): r["n"] for r in rows}
    table = []
    for value, label in ActivityType.choices:
        cells = [counts.get((m, value), 0) for m in months]
        table.append({"label": label, "cells": cells, "total": sum(cells)})
    totals = [sum(row["cells"][i] for row in table) for i in range(len(months))]
    return {"months": months, "rows": table, "totals": totals, "grand_total": sum(totals)}


def _officers(**filters):
    return Officer.objects.for_public().filter(**filters).distinct()


@public_page
def index(request):
    kecamatan = Kecamatan.objects.prefetch_related("kelurahan").order_by("name")
    return render(
        request,
        "openinfo/visits/index.html",
        {
            "kecamatan_list": kecamatan,
            "recent": public_visits()[:RECENT],
        },
    )


@public_page
def kecamatan_detail(request, kecamatan_slug):
    kecamatan = get_object_or_404(Kecamatan, slug=kecamatan_slug)
    return render(
        request,
        "openinfo/visits/area.html",
        {
            "kecamatan": kecamatan,
            "kelurahan_list": kecamatan.kelurahan.order_by("name"),
            "recent": public_visits().filter(kecamatan=kecamatan)[:RECENT],
            "monthly": monthly_table(VisitDailyStat.objects.public().filter(kecamatan=kecamatan)),
            "officers": _officers(kelurahan__kecamatan=kecamatan),
            "hide_officer_photos": True,  # many officers: photos on their kelurahan pages
        },
    )


@public_page
def kelurahan_detail(request, kecamatan_slug, kelurahan_slug):
    kelurahan = get_object_or_404(
        Kelurahan.objects.select_related("kecamatan"),
        kecamatan__slug=kecamatan_slug,
        slug=kelurahan_slug,
    )
    return render(
        request,
        "openinfo/visits/area.html",
        {
            "kecamatan": kelurahan.kecamatan,
            "kelurahan": kelurahan,
            "recent": public_visits().filter(kelurahan=kelurahan)[:RECENT],
            "monthly": monthly_table(VisitDailyStat.objects.public().filter(kelurahan=kelurahan)),
            "officers": _officers(kelurahan=kelurahan),
        },
    )
