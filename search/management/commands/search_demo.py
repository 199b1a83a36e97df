"""Demo for search: editors' synonym groups, then a full reindex (load_demo runs this last)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from search.demo import ensure_synonym_groups


class Command(BaseCommand):
    help = "Add demo synonym groups and rebuild the search index (idempotent)."

    def handle(self, *args, **options):
        created = ensure_synonym_groups()
        self.stdout.write(f"demo synonym groups created: {created}")
        call_command("search_reindex", stdout=self.stdout)
