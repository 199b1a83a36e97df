"""Flag open tasks past their due date and e-mail the assignee(s) and the assigner, once per task.

Cron (every morning): `10 7 * * *  cd /srv/sambang && .venv/bin/python manage.py tasks_overdue`
"""

import datetime

from django.core.management.base import BaseCommand

from openinfo.tasks.notify import notify_all_overdue


class Command(BaseCommand):
    help = "Notify the assignees and assigners of overdue tasks (once per task)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Count as if today were this date (YYYY-MM-DD).")

    def handle(self, *args, **options):
        today = datetime.date.fromisoformat(options["date"]) if options.get("date") else None
        flagged, recipients = notify_all_overdue(today)
        self.stdout.write(f"overdue tasks notified: {flagged}, e-mails queued for: {recipients}")
