"""Daily reminder about residents' messages still without a first answer past their due date: each
officer of the kelurahan and each supervisor of the unit gets the list of their overdue messages.

Cron (every working morning): `5 7 * * 1-5  cd /srv/sambang && .venv/bin/python manage.py reports_reminders`
"""

import datetime
from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.urls import reverse
from django.utils import timezone

from home.models import Officer
from openinfo.models import holidays
from openinfo.ppid import deadlines
from openinfo.reports.models import MessageEvent, ResidentMessage
from openinfo.visits.permissions import REVIEW_PERM, supervised_unit_ids


def _recipients(messages):
    """{email: [messages]} for the officers of each message's kelurahan and the supervisors of its unit."""
    by_email = defaultdict(list)
    officers = (
        Officer.objects.filter(active=True, user__isnull=False)
        .select_related("user")
        .prefetch_related("kelurahan")
    )
    for officer in officers:
        email = officer.user.email
        if not email or not officer.user.is_active:
            continue
        kelurahan_ids = {k.pk for k in officer.kelurahan.all()}
        units = (
            set(supervised_unit_ids(officer.user)) if officer.user.has_perm(REVIEW_PERM) else set()
        )
        for message in messages:
            if message.kelurahan_id in kelurahan_ids or message.unit_id in units:
                by_email[email].append(message)
    return by_email


class Command(BaseCommand):
    help = "E-mail officers and supervisors about Lapor & Tanya messages past their first-answer due date."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Count as if today were this date (YYYY-MM-DD).")

    def handle(self, *args, **options):
        today = (
            datetime.date.fromisoformat(options["date"])
            if options.get("date")
            else timezone.localdate()
        )
        overdue = list(
            ResidentMessage.objects.overdue(today).select_related("kelurahan").order_by("due_date")
        )
        self.stdout.write(f"overdue messages: {len(overdue)}")
        if not overdue:
            return
        hol = holidays()
        base = settings.BASE_URL.rstrip("/")
        sent = 0
        for email, messages in _recipients(overdue).items():
            lines = ["Pesan Lapor & Tanya yang belum dijawab melewati batas 2 hari kerja:", ""]
            for message in messages:
                late = -deadlines.working_days_between(today, message.due_date, hol)
                lines.append(
                    f"- {message.tracking_code} ({message.get_kind_display()}), {message.kelurahan.name}, "
                    f"batas {message.due_date:%d-%m-%Y}, terlambat {late} hari kerja: "
                    f"{base}{reverse('reports_detail', args=[message.pk])}"
                )
            lines += ["", "Darurat tetap melalui 110."]
            send_mail(
                f"[Lapor & Tanya] {len(messages)} pesan terlambat", "\n".join(lines), None, [email]
            )
            sent += 1
        MessageEvent.objects.bulk_create(
            [MessageEvent(message=message, kind=MessageEvent.Kind.REMINDED) for message in overdue]
        )
        self.stdout.write(self.style.SUCCESS(f"reminders sent to {sent} officers and supervisors"))
