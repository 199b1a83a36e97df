"""Daily situation summary of every open situation period (e.g. Pilkada) to leadership.

Cron (06:30 every day): `30 6 * * *  cd /srv/sambang && .venv/bin/python manage.py situation_summary`
Idempotent per day: a second run on the same day sends nothing.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from openinfo.plans import situation


class Command(BaseCommand):
    help = (
        "E-mail leadership the daily situation summary of the open situation periods (once a day)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Summarise this day (YYYY-MM-DD) instead of today.")

    def handle(self, *args, **options):
        try:
            day = (
                datetime.date.fromisoformat(options["date"])
                if options.get("date")
                else timezone.localdate()
            )
        except ValueError as exc:
            raise CommandError("Tanggal tidak valid (YYYY-MM-DD) / invalid date.") from exc
        periods = situation.running_periods(day)
        if not periods:
            self.stdout.write("no open situation period")
            return
        if not situation.recipients():
            self.stderr.write("No leadership user with an e-mail address; nothing sent.")
            return
        sent = situation.send_daily(day)
        for period, count in sent:
            self.stdout.write(self.style.SUCCESS(f"{period.name}: queued for {count} recipient(s)"))
        if not sent:
            self.stdout.write(f"already sent for {day.isoformat()}; nothing sent")
