"""Bring the partners' change log in line with the public corpus (after an install with existing
content, or bulk updates that bypassed signals)."""

from django.core.management.base import BaseCommand

from partners import changes


class Command(BaseCommand):
    help = "Record creates/deletes so replaying /api/v1/changes/ yields exactly the public corpus."

    def add_arguments(self, parser):
        parser.add_argument("types", nargs="*", help="Only these public types (default: all).")

    def handle(self, *args, types=None, **options):
        recorded = changes.reconcile(types or None)
        self.stdout.write(f"recorded {recorded} change events")
