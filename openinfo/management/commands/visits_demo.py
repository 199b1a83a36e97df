from django.core.management.base import BaseCommand

from openinfo.visits import demo


class Command(BaseCommand):
    help = "Demo visit reports (~6 months, every kelurahan) and demo accounts for officers, a Kanit and leadership."

    def handle(self, *args, **options):
        accounts = demo.ensure_demo_accounts()
        demo.ensure_unit_members()
        accounts += demo.ensure_unit_people()
        demo.ensure_registers()
        created = demo.ensure_visits()
        unit_created = demo.ensure_unit_activities()
        self.stdout.write(f"demo visit reports created: {created}")
        self.stdout.write(f"demo activities of the other Satbinmas units created: {unit_created}")
        self.stdout.write(f"demo accounts (password '{demo.DEMO_PASSWORD}'): {', '.join(accounts)}")
