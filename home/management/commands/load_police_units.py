from django.core.management.base import BaseCommand

from home.regions import load_police_units


class Command(BaseCommand):
    help = "Seed the Polres and its Polsek with the kecamatan they cover (existing units are kept as edited)."

    def handle(self, *args, **options):
        for line in load_police_units().lines():
            self.stdout.write(line)
