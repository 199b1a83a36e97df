from django.core.management.base import BaseCommand

from openinfo.visits import demo


class Command(BaseCommand):
    help = "Demo visit reports (~6 months, every kelurahan) and demo accounts for officers, a Kanit and leadership."

    def handle(self, *args, **options):
        accounts = demo.ensure_demo_accounts()
        demo.ensure_unit_members()
        created = demo.ensure_visits()
        self.stdout.write(f"demo visit reports created: {created}")
        self.stdout.write(f"demo accounts (password '{demo.DEMO_PASSWORD}'): {', '.join(accounts)}")
