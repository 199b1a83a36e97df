from django.core.management.base import BaseCommand

from openinfo.tasks import demo


class Command(BaseCommand):
    help = "Demo tasks between personnel (after visits_demo: its accounts and reports)."

    def handle(self, *args, **options):
        self.stdout.write(f"demo tasks created: {demo.ensure_tasks()}")
