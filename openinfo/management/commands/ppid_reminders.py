"""Daily reminder to the PPID group: requests due within 2 working days, overdue ones, objections.

Cron (07:00, Monday to Friday): `0 7 * * 1-5  cd /srv/sambang && .venv/bin/python manage.py ppid_reminders`
"""

import datetime

from django.core.management.base import BaseCommand
from django.urls import reverse
from django.utils import translation

from core.links import absolute_url
from core.mail import queue_mail
from openinfo.models import InformationRequest, Objection, holidays, local_today
from openinfo.ppid import deadlines
from openinfo.ppid.access import ppid_staff_emails

DUE_SOON_DAYS = 2


class Command(BaseCommand):
    help = "E-mail the PPID group about requests due within 2 working days and overdue ones."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Count as if today were this date (YYYY-MM-DD).")

    def handle(self, *args, **options):
        today = (
            datetime.date.fromisoformat(options["date"]) if options.get("date") else local_today()
        )
        hol = holidays()
        overdue, due_soon = [], []
        for req in InformationRequest.objects.open().order_by("due_date"):
            left = deadlines.working_days_between(today, req.effective_due_date, hol)
            if left < 0:
                overdue.append((req, left))
            elif left <= DUE_SOON_DAYS:
                due_soon.append((req, left))
        objections = []
        for obj in Objection.objects.filter(status=Objection.Status.FILED).select_related(
            "request"
        ):
            left = deadlines.working_days_between(today, obj.due_date, hol)
            if left <= DUE_SOON_DAYS:
                objections.append((obj, left))
        recipients = ppid_staff_emails()
        self.stdout.write(
            f"overdue: {len(overdue)}, due within {DUE_SOON_DAYS} working days: "
            f"{len(due_soon)}, objections due: {len(objections)}"
        )
        if not (overdue or due_soon or objections):
            return
        if not recipients:
            self.stderr.write("No PPID staff with an e-mail address; nothing sent.")
            return
        lines = []
        with translation.override("id"):
            for title, rows in (
                ("Terlambat", overdue),
                (f"Jatuh tempo dalam {DUE_SOON_DAYS} hari kerja", due_soon),
            ):
                if rows:
                    lines.append(f"{title}:")
                    for req, left in rows:
                        url = absolute_url(reverse("openinfo_ppid_handle", args=[req.pk]))
                        lines.append(
                            f"- {req.registration_number}, batas {req.effective_due_date:%d-%m-%Y} "
                            f"({left:+d} hari kerja) {url}"
                        )
                    lines.append("")
            if objections:
                lines.append("Keberatan yang harus ditanggapi:")
                for obj, left in objections:
                    lines.append(
                        f"- {obj.request.registration_number}, batas {obj.due_date:%d-%m-%Y} "
                        f"({left:+d} hari kerja)"
                    )
        queue_mail(
            f"[PPID] Pengingat: {len(overdue)} terlambat, {len(due_soon)} segera jatuh tempo",
            "\n".join(lines),
            recipients,
        )
        self.stdout.write(self.style.SUCCESS(f"queued for {len(recipients)} PPID staff"))
