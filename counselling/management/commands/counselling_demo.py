from django.core.management.base import BaseCommand

from counselling import demo
from counselling.editorial import setup_editorial_workflow
from counselling.taxonomy import load_audiences, load_topics


class Command(BaseCommand):
    help = (
        "Counselling demo: 'Panduan Hukum' index, editorial workflow, demo articles (idempotent)."
    )

    def handle(self, *args, **options):
        load_topics()
        load_audiences()
        index, created = demo.ensure_index_page()
        setup_editorial_workflow(index)
        demo.link_from_home(index)
        summary = demo.load_demo_articles(index)
        accounts = demo.ensure_editorial_accounts()
        for number, message in summary.errors:
            self.stderr.write(self.style.ERROR(f"demo_articles.jsonl line {number}: {message}"))
        self.stdout.write(
            f"counselling: index {'created' if created else 'kept'}; articles created {summary.created}, "
            f"updated {summary.updated}, unchanged {summary.unchanged}; editorial accounts "
            f"{', '.join(accounts)} (password {demo.DEMO_PASSWORD})"
        )
