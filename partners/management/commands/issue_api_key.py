"""Issue a partner API key from the command line (the admin does the same); prints the key once."""

from django.core.management.base import BaseCommand, CommandError

from partners.models import ApiKey, Scope


class Command(BaseCommand):
    help = "Issue an API key: issue_api_key 'Organisation' contact@example.id --scope content:read"

    def add_arguments(self, parser):
        parser.add_argument("organisation")
        parser.add_argument("contact_email")
        parser.add_argument("--scope", action="append", choices=Scope.values, dest="scopes")
        parser.add_argument("--rate", default="600/min")

    def handle(self, organisation, contact_email, scopes=None, rate="600/min", **options):
        key = ApiKey(
            organisation=organisation,
            contact_email=contact_email,
            scopes=scopes or [Scope.CONTENT_READ],
            rate=rate,
        )
        raw = key.issue()
        try:
            key.full_clean()
        except Exception as exc:
            raise CommandError(str(exc)) from exc
        key.save()
        self.stdout.write(raw)
