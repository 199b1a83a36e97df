from django.core.management.base import BaseCommand

from counselling.taxonomy import load_audiences, load_topics


class Command(BaseCommand):
    help = "Seed counselling topics (from legal_topics.csv) and audiences; idempotent."

    def handle(self, *args, **options):
        topics, audiences = load_topics(), load_audiences()
        self.stdout.write(f"topics created: {topics}, audiences created: {audiences}")
