"""SearchService: the one object views, the API, tasks and commands use to search and index."""

import logging
import time
from collections.abc import Callable

from django.utils.translation import gettext_lazy as _

from search.documents import adapter_for_model, adapters, facet_labels
from search.engines import get_engine
from search.engines.base import FACETS, SearchResults, SearchUnavailable

logger = logging.getLogger(__name__)

TYPE_LABELS = {
    "article": _("Counselling article"),
    "qa": _("Tanya Jawab (guidance)"),
    "legal_reference": _("Legal reference"),
    "disclosure": _("Public information"),
    "visit": _("Visit summary"),
}


# How the results page and the API's `sections` name each kind of result.
SECTION_LABELS = {
    "article": _("Guidance"),
    "qa": _("Tanya Jawab"),
    "legal_reference": _("Legal basis"),
    "disclosure": _("Public information"),
    "visit": _("Activity reports"),
}


def sections(results: SearchResults) -> list[dict]:
    """The kinds of result in the order the query ranks them (guidance first unless the query is
    about another kind), each with its count: [{"type", "label", "count"}]."""
    counts = {v.value: v.count for v in results.facets.get("type", [])}
    order = list(results.kind_order) or list(TYPE_LABELS)
    order += [name for name in counts if name not in order]
    return [
        {
            "type": name,
            "label": str(SECTION_LABELS.get(name, TYPE_LABELS.get(name, name))),
            "count": counts[name],
        }
        for name in order
        if counts.get(name)
    ]


class InvalidFilter(ValueError):
    def __init__(self, fields: dict[str, str]):
        super().__init__(fields)
        self.fields = fields


class SearchService:
    def __init__(self, engine=None):
        self._engine = engine

    @property
    def engine(self):
        if self._engine is None:
            self._engine = get_engine()
        return self._engine

    # --- reading ------------------------------------------------------------------------------

    def clean_filters(self, raw: dict) -> dict[str, list[str]]:
        """Checks facet values against what exists; unknown values raise InvalidFilter."""
        filters, errors = {}, {}
        for name in FACETS:
            values = [str(v).strip() for v in (raw.get(name) or []) if str(v).strip()]
            if not values:
                continue
            if name == "type":
                unknown = [v for v in values if v not in adapters()]
            elif name in ("topic", "kecamatan"):
                known = facet_labels(name, values)
                unknown = [v for v in values if v not in known]
            else:
                unknown = [v for v in values if not (v.isdigit() and 1900 <= int(v) <= 2100)]
            if unknown:
                errors[name] = str(_("Unknown value: %(values)s")) % {"values": ", ".join(unknown)}
            filters[name] = values
        if errors:
            raise InvalidFilter(errors)
        return filters

    def search(
        self, text: str, filters=None, page: int = 1, page_size: int = 10, highlight: bool = True
    ) -> SearchResults:
        results = self.engine.query(
            text,
            filters=filters or {},
            facets=True,
            highlight=highlight,
            page=page,
            page_size=page_size,
        )
        self._label_facets(results)
        return results

    def suggest(self, prefix: str, limit: int = 8) -> list[dict]:
        return self.engine.suggest(prefix, limit=limit)

    @staticmethod
    def _label_facets(results: SearchResults):
        labels = {
            "type": {key: str(label) for key, label in TYPE_LABELS.items()},
            **{
                name: facet_labels(name, {v.value for v in results.facets.get(name, [])})
                for name in ("topic", "kecamatan")
            },
        }
        for name, values in results.facets.items():
            for value in values:
                value.label = labels.get(name, {}).get(value.value, value.value)

    # --- indexing -----------------------------------------------------------------------------

    def sync(self, type_name: str, pk) -> bool:
        """Index the item if it is public now, remove it otherwise. Returns True if indexed."""
        adapter = adapters().get(type_name)
        if adapter is None:
            return False
        obj = adapter.public_queryset().filter(pk=pk).first()
        if obj is None:
            self.engine.remove(f"{type_name}:{pk}")
            return False
        self.engine.index(adapter.to_document(obj))
        return True

    def sync_object(self, obj) -> bool:
        adapter = adapter_for_model(type(obj))
        return self.sync(adapter.type, obj.pk) if adapter else False

    def documents(self, batch_size: int = 500, types=None):
        """(type, total, iterator of document batches) per adapter, streamed with iterator()."""
        for type_name, adapter in adapters().items():
            if types and type_name not in types:
                continue
            queryset = adapter.public_queryset()
            yield type_name, queryset.count(), self._batches(adapter, queryset, batch_size)

    @staticmethod
    def _batches(adapter, queryset, batch_size):
        batch = []
        for obj in queryset.iterator(chunk_size=batch_size):
            batch.append(adapter.to_document(obj))
            if len(batch) >= batch_size:
                yield batch
                batch = []
        if batch:
            yield batch

    def reindex(
        self, batch_size: int = 500, progress: Callable[[str, int, int], None] | None = None
    ) -> dict:
        """Rebuilds the whole index; returns {"counts": {type: n}, "seconds": s}."""
        started = time.monotonic()
        counts = {}
        sources = list(self.documents(batch_size))

        def batches():
            for type_name, total, type_batches in sources:
                done = 0
                if progress:
                    progress(type_name, done, total)
                for batch in type_batches:
                    done += len(batch)
                    yield batch
                    if progress:
                        progress(type_name, done, total)
                counts[type_name] = done

        self.engine.rebuild(batches())
        return {"counts": counts, "seconds": time.monotonic() - started}


def get_service() -> SearchService:
    return SearchService()


__all__ = ["SearchService", "SearchUnavailable", "InvalidFilter", "get_service"]
