from django.core.management.base import BaseCommand

from home.regions import REGIONS_FILE, load_regions


class Command(BaseCommand):
    help = (
        "Load the 13 kecamatan and 104 kelurahan of Kota Tangerang (idempotent; reports changes)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(REGIONS_FILE))

    def handle(self, *args, **options):
        report = load_regions(options["file"])
        for line in report.lines():
            self.stdout.write(line)
