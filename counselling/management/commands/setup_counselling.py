from django.core.management.base import BaseCommand

from counselling import demo
from counselling.editorial import WORKFLOW_NAME, setup_editorial_workflow
from counselling.taxonomy import load_audiences, load_topics


class Command(BaseCommand):
    help = (
        "Topics and audiences, the 'Panduan Hukum' index (created when missing, linked from the "
        "home page), the Satbinmas editor/supervisor groups' permissions on it and the approval "
        "workflow (idempotent; no articles)."
    )

    def handle(self, *args, **options):
        load_topics()
        load_audiences()
        index, created = demo.ensure_index_page()
        demo.link_from_home(index)
        setup_editorial_workflow(index)
        self.stdout.write(
            f"counselling: index '{index.title}' {'created' if created else 'kept'}; "
            f"workflow '{WORKFLOW_NAME}' assigned"
        )
