from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand

from home import demo

# Each app may add its production set-up as a command; they run in this order.
APP_SETUP_COMMANDS = ["setup_counselling", "setup_openinfo"]


class Command(BaseCommand):
    help = (
        "Production bootstrap (idempotent): reference data (regions, police units, topics), the "
        "page tree (home, officer finder, 'Panduan Hukum'), site settings, groups, the editorial "
        "workflow, the PPID collection, and an empty search index. No demo content."
    )

    def handle(self, *args, **options):
        call_command("load_regions", stdout=self.stdout)
        call_command("load_police_units", stdout=self.stdout)
        call_command("load_topics", stdout=self.stdout)
        demo.ensure_wagtail_root()
        home = demo.ensure_site()
        demo.ensure_settings()
        self.stdout.write(f"site: '{home.title}' at the root of the default site")
        available = get_commands()
        for name in APP_SETUP_COMMANDS:
            if name in available:
                call_command(name, stdout=self.stdout)
        call_command("search_reindex", stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS(
                "Site ready. Next: `manage.py createsuperuser`, then add staff to the groups in the admin."
            )
        )
