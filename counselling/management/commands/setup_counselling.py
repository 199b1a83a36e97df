from django.core.management.base import BaseCommand, CommandError

from counselling.editorial import WORKFLOW_NAME, setup_editorial_workflow
from counselling.models import CounsellingIndexPage


class Command(BaseCommand):
    help = (
        "Give the Satbinmas editor/supervisor groups their permissions on the counselling index "
        "and assign the approval workflow to it (idempotent)."
    )

    def handle(self, *args, **options):
        index = CounsellingIndexPage.objects.first()
        if index is None:
            raise CommandError(
                "No counselling index page yet: run counselling_demo or create it first."
            )
        setup_editorial_workflow(index)
        self.stdout.write(f"workflow '{WORKFLOW_NAME}' assigned to '{index.title}'")
