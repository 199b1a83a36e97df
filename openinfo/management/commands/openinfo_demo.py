from django.core.management.base import BaseCommand

from openinfo.ppid import demo as ppid_demo


class Command(BaseCommand):
    help = "Demo content of openinfo (idempotent): the PPID register and information requests."

    def handle(self, *args, **options):
        items = ppid_demo.ensure_register()
        requests = ppid_demo.ensure_requests()
        self.stdout.write(
            f"openinfo demo: register items created {items}, requests created {requests}"
        )
