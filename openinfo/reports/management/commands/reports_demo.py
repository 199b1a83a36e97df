from django.core.management.base import BaseCommand

from openinfo.reports.demo import ensure_messages


class Command(BaseCommand):
    help = "Demo Lapor & Tanya messages (idempotent)."

    def handle(self, *args, **options):
        first = ensure_messages()
        if first is None:
            self.stdout.write("Lapor & Tanya demo: nothing new")
            return
        message, secret = first
        self.stdout.write(
            self.style.SUCCESS(
                f"Lapor & Tanya demo: track /lapor/lacak/ with code {message.tracking_code} secret {secret}"
            )
        )
