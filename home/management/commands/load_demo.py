from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand

from home import demo

# Each app may add its demo content as a command named `<app>_demo`; they run in this order.
APP_DEMO_COMMANDS = [
    "counselling_demo",
    "openinfo_demo",
    "visits_demo",
    "reports_demo",
    "pilar_demo",
    "tasks_demo",
    "search_demo",
]


class Command(BaseCommand):
    help = "Load reference data and demo content (idempotent: a second run adds no duplicates)."

    def handle(self, *args, **options):
        call_command("load_regions", stdout=self.stdout)
        call_command("load_police_units", stdout=self.stdout)
        call_command("load_topics", stdout=self.stdout)
        demo.ensure_site()
        demo.ensure_settings()
        created = demo.ensure_officers()
        self.stdout.write(f"demo officers created: {created}")
        available = get_commands()
        for name in APP_DEMO_COMMANDS:
            if name in available:
                call_command(name, stdout=self.stdout)
        username, password = demo.ensure_admin()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo admin: http://127.0.0.1:8000/admin/  user '{username}'  password '{password}'"
            )
        )
