"""Rebuild the search index from every public item, streamed in batches, with a progress bar."""

import time

from django.core.management.base import BaseCommand, CommandError

from search.engines import ENGINES, get_engine
from search.engines.base import SearchUnavailable
from search.service import SearchService

BAR_WIDTH = 30


class Command(BaseCommand):
    help = "Rebuild the search index (Elasticsearch: into a new index, then an atomic alias swap)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--engine",
            choices=sorted(ENGINES),
            default=None,
            help="engine to rebuild (default: settings.SEARCH_ENGINE)",
        )
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, engine=None, batch_size=500, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        service = SearchService(get_engine(engine))
        started = time.monotonic()
        self._last = None

        def progress(type_name, done, total):
            filled = int(BAR_WIDTH * done / total) if total else BAR_WIDTH
            line = (
                f"\r{type_name:<16} [{'#' * filled}{'.' * (BAR_WIDTH - filled)}] "
                f"{done}/{total} {time.monotonic() - started:6.1f}s"
            )
            if self._last and self._last != type_name:
                self.stdout.write("")
            self.stdout.write(line, ending="")
            self.stdout.flush()
            self._last = type_name

        try:
            report = service.reindex(batch_size=batch_size, progress=progress)
        except SearchUnavailable as exc:
            raise CommandError(f"search engine unavailable: {exc}") from exc
        self.stdout.write("")
        counts = ", ".join(f"{name}: {n}" for name, n in report["counts"].items()) or "nothing"
        total = sum(report["counts"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Indexed {total} documents ({counts}) with the {service.engine.name} engine "
                f"in {report['seconds']:.2f}s"
            )
        )
