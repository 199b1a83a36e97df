"""manage.py import_articles FILE.jsonl [--publish] [--dry-run] — see docs/importing-articles.md."""

import logging
import sys

from django.core.management.base import BaseCommand, CommandError

from counselling.importer import ArticleImporter
from counselling.models import CounsellingIndexPage

BAR_WIDTH = 30


class Command(BaseCommand):
    help = (
        "Create or update counselling articles from a JSON Lines file, idempotently by external_id."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="JSON Lines file, one article per line ('-' for stdin)")
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish (or schedule, when published_at is in the future) each article",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check every line and report, but save nothing"
        )

    def handle(self, *args, file, publish, dry_run, **options):
        index = CounsellingIndexPage.objects.first()
        if index is None:
            raise CommandError(
                "No counselling index page ('Panduan Hukum') exists; run counselling_demo "
                "or create it in the admin first."
            )
        try:
            handle = sys.stdin if file == "-" else open(file, encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc}") from exc
        with handle:
            lines = handle.read().splitlines()
        total = len(lines)
        show_bar = options.get("verbosity", 1) >= 1 and total

        def progress(number):
            if show_bar:
                done = int(BAR_WIDTH * number / total)
                self.stderr.write(
                    f"\r[{'#' * done}{'.' * (BAR_WIDTH - done)}] {number}/{total}", ending=""
                )

        # Wagtail logs every page action at INFO; the importer reports per line itself.
        logging.getLogger("wagtail").setLevel(logging.WARNING)

        def report(number, message):
            # At once, on its own line (the bar continues below), so an interrupt loses nothing.
            if show_bar:
                self.stderr.write("")
            self.stderr.write(self.style.ERROR(f"line {number}: {message}"))

        summary = ArticleImporter(index, publish=publish).run(
            lines, dry_run=dry_run, progress=progress, on_error=report
        )
        if show_bar:
            self.stderr.write("")
        if summary.errors:
            self.stderr.write(f"{len(summary.errors)} line(s) with errors:")
        for number, message in summary.errors:
            self.stderr.write(self.style.ERROR(f"line {number}: {message}"))
        prefix = "dry run, nothing saved: " if dry_run else ""
        self.stdout.write(
            f"{prefix}created {summary.created}, updated {summary.updated}, "
            f"skipped {summary.skipped} (unchanged {summary.unchanged}, errors {len(summary.errors)})"
        )
