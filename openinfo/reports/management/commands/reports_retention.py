"""Retention of residents' personal data (UU 27/2022): messages closed more than
REPORTS_RETENTION_MONTHS (default 12) months ago lose their text, when/where, photo and contact; the
kind, area and dates stay for the public figures. Open and recently closed messages are untouched.

Cron (nightly): `30 2 * * *  cd /srv/sambang && .venv/bin/python manage.py reports_retention`
"""

import calendar
import datetime

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from openinfo.reports.models import ResidentMessage, Status


def months_before(moment, months):
    month_index = moment.month - 1 - months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def expired_messages(now=None, months=None):
    months = settings.REPORTS_RETENTION_MONTHS if months is None else months
    cutoff = months_before(now or timezone.now(), months)
    return ResidentMessage.objects.filter(
        status=Status.CLOSED, closed_at__lt=cutoff, anonymised_at__isnull=True
    )


class Command(BaseCommand):
    help = "Remove residents' personal data from Lapor & Tanya messages closed longer than the retention period."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Count as if today were this date (YYYY-MM-DD).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count what would be removed."
        )

    def handle(self, *args, **options):
        now = timezone.now()
        if options.get("date"):
            day = datetime.date.fromisoformat(options["date"])
            now = timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59)))
        expired = expired_messages(now)
        count = 0
        for message in expired.iterator(chunk_size=200):
            if not options["dry_run"]:
                message.anonymise()
            count += 1
        verb = "would be anonymised" if options["dry_run"] else "anonymised"
        self.stdout.write(
            self.style.SUCCESS(
                f"{count} messages {verb} "
                f"(closed over {settings.REPORTS_RETENTION_MONTHS} months ago)"
            )
        )
