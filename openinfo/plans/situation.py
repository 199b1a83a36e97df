"""Situation mode: while a period (e.g. Pilkada) is open, a daily summary per kecamatan of the
early-warning signals in its categories — counts and categories only, never a description, a name
or a place below the kecamatan — shown on the dashboard and e-mailed to leadership once a day.

Per kecamatan: signals observed today, in the 7 days before, the trend (today against the daily
average of those 7 days) and the open (open or monitored) high-severity signals observed since the
period started, by category. Signals of drafts are not counted (`reported`), as on the dashboard.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.links import absolute_url
from core.mail import queue_mail
from home.models import Kecamatan
from openinfo.models import EarlyWarningSignal, Severity, SignalCategory, SignalStatus
from openinfo.plans.models import SituationDigest, SituationPeriod
from openinfo.visits.permissions import LEADERSHIP_GROUP

PREVIOUS_DAYS = 7
OPEN_STATUSES = (SignalStatus.OPEN, SignalStatus.MONITORED)

TREND_LABELS = {"up": _("rising"), "down": _("falling"), "steady": _("steady")}


def running_periods(day):
    return list(
        SituationPeriod.objects.filter(
            status=SituationPeriod.Status.OPEN, start__lte=day, end__gte=day
        ).order_by("start", "pk")
    )


def trend(today, previous):
    average = previous / PREVIOUS_DAYS
    if today > average:
        return "up"
    if today < average:
        return "down"
    return "steady"


def summary(period, day, scope=None):
    """Rows per kecamatan (in `scope`, a list of kecamatan ids, or all): two aggregate queries."""
    signals = EarlyWarningSignal.objects.filter(
        reported=True, category__in=period.categories, kecamatan__isnull=False
    )
    if scope is not None:
        signals = signals.filter(kecamatan_id__in=scope)
    since = day - datetime.timedelta(days=PREVIOUS_DAYS)
    counts = {
        row["kecamatan_id"]: row
        for row in signals.filter(observed_on__gte=since, observed_on__lte=day)
        .values("kecamatan_id")
        .annotate(
            today=Count("pk", filter=Q(observed_on=day)),
            previous=Count("pk", filter=Q(observed_on__lt=day)),
        )
        .order_by()
    }
    high = {}
    for row in (
        signals.filter(
            severity=Severity.TINGGI,
            status__in=OPEN_STATUSES,
            observed_on__gte=period.start,
            observed_on__lte=day,
        )
        .values("kecamatan_id", "category")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        high.setdefault(row["kecamatan_id"], {})[row["category"]] = row["n"]
    labels = dict(SignalCategory.choices)
    kecamatan = Kecamatan.objects.order_by("name")
    if scope is not None:
        kecamatan = kecamatan.filter(pk__in=scope)
    rows = []
    for kec in kecamatan:
        c = counts.get(kec.pk, {})
        today, previous = c.get("today", 0), c.get("previous", 0)
        open_high = high.get(kec.pk, {})
        rows.append(
            {
                "kecamatan": kec.name,
                "today": today,
                "previous": previous,
                "trend": trend(today, previous),
                "trend_label": str(TREND_LABELS[trend(today, previous)]),
                "open_high": sum(open_high.values()),
                "open_high_categories": [
                    (str(labels[cat]), n) for cat, n in sorted(open_high.items())
                ],
            }
        )
    totals = {
        "today": sum(r["today"] for r in rows),
        "previous": sum(r["previous"] for r in rows),
        "open_high": sum(r["open_high"] for r in rows),
    }
    return {"period": period, "day": day, "rows": rows, "totals": totals}


def recipients():
    """Active users of the leadership group with an e-mail address."""
    return sorted(
        get_user_model()
        .objects.filter(groups__name=LEADERSHIP_GROUP, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )


def mail_text(data):
    period, day = data["period"], data["day"]
    lines = [
        gettext("Daily situation summary: %(name)s, %(day)s")
        % {"name": period.name, "day": date_format(day, "j F Y")},
        gettext("Signal categories: %(categories)s")
        % {"categories": ", ".join(period.category_labels())},
        "",
    ]
    for row in data["rows"]:
        line = gettext(
            "%(kecamatan)s: today %(today)d, previous 7 days %(previous)d (%(trend)s), "
            "open high-severity %(open_high)d"
        ) % {**row, "trend": row["trend_label"]}
        if row["open_high_categories"]:
            line += (
                " (" + ", ".join(f"{label} {n}" for label, n in row["open_high_categories"]) + ")"
            )
        lines.append("- " + line)
    totals = data["totals"]
    lines += [
        "",
        gettext(
            "Total: today %(today)d, previous 7 days %(previous)d, open high-severity %(open_high)d"
        )
        % totals,
        "",
        gettext("Counts only; details in the dashboard: %(url)s")
        % {"url": absolute_url(reverse("visit_dashboard"))},
    ]
    return "\n".join(lines)


def send_daily(day):
    """Queue each running period's summary for `day` to leadership, once: the digest row (unique per
    period and day) is written in the same transaction, the mail goes after the commit. A second run
    on the same day sends nothing. Returns [(period, recipients queued)]."""
    sent = []
    to = recipients()
    if not to:
        return sent
    for period in running_periods(day):
        try:
            with transaction.atomic():
                digest, created = SituationDigest.objects.get_or_create(period=period, day=day)
                if not created:
                    continue
                with translation.override("id"):
                    data = summary(period, day)
                    subject = gettext("[Situation] %(name)s: %(day)s") % {
                        "name": period.name,
                        "day": date_format(day, "j F Y"),
                    }
                    body = mail_text(data)
                digest.recipients = queue_mail(subject, body, to)
                digest.save(update_fields=["recipients"])
        except IntegrityError:  # a concurrent run wrote the day's digest first
            continue
        sent.append((period, digest.recipients))
    return sent
