from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from openinfo.ppid.access import PPID_GROUP, ensure_exempt_collection


class Command(BaseCommand):
    help = (
        "PPID production set-up (idempotent): the PPID group and the restricted collection for "
        "exempt documents. The holiday calendar and the visit groups come with the migrations."
    )

    def handle(self, *args, **options):
        collection = ensure_exempt_collection()
        self.stdout.write(
            f"openinfo: group '{PPID_GROUP}' and collection '{collection.name}' ready; "
            f"groups: {', '.join(Group.objects.order_by('name').values_list('name', flat=True))}"
        )
