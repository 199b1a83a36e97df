"""Deliver due webhook deliveries (first tries that waited and retries whose backoff has passed)."""

import time

from django.core.management.base import BaseCommand

from partners.webhooks import deliver_due


class Command(BaseCommand):
    help = "Deliver due webhook deliveries; with --loop keep doing so every --interval seconds."

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop", action="store_true", help="Keep running (for a worker process)."
        )
        parser.add_argument("--interval", type=float, default=5.0, help="Seconds between passes.")

    def handle(self, *args, loop=False, interval=5.0, **options):
        while True:
            delivered = deliver_due()
            if options["verbosity"] > 1 or (delivered and not loop):
                self.stdout.write(f"delivered {delivered}")
            if not loop:
                return
            time.sleep(interval)
