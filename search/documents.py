"""The contract between content apps and search: each indexable type registers an adapter that
turns one public item into a SearchDocument built from public fields only (cfgov's documents.py style).

Content apps declare their adapters in `<app>/documents.py` and register them in AppConfig.ready().
"""

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class SearchDocument:
    key: str  # "<type>:<pk>", unique across types
    type: str  # "article", "legal_reference", "disclosure", "visit"
    id: int
    title: str
    body: str  # plain public text; never internal fields or personal data
    url: str  # path of the public page
    date: date | datetime | None = None
    summary: str = ""  # weighted above body
    keywords: str = ""  # e.g. a topic's everyday phrasings; weighted, not shown
    topics: tuple[str, ...] = ()  # topic slugs
    topic_names: tuple[str, ...] = ()
    kecamatan: tuple[str, ...] = ()  # Kemendagri kecamatan codes
    extra: dict = field(default_factory=dict)


class SearchAdapter:
    """One per indexable type. Subclasses set `type` and `model` and implement the three methods."""

    type: str = ""
    model = None

    def public_queryset(self):
        """Every item that is public right now (live, not exempt, approved ...)."""
        raise NotImplementedError

    def is_public(self, obj) -> bool:
        return self.public_queryset().filter(pk=obj.pk).exists()

    def to_document(self, obj) -> SearchDocument:
        raise NotImplementedError


_registry: dict[str, SearchAdapter] = {}


def register(adapter: SearchAdapter) -> SearchAdapter:
    _registry[adapter.type] = adapter
    return adapter


def adapters() -> dict[str, SearchAdapter]:
    return dict(_registry)


def adapter_for_model(model) -> SearchAdapter | None:
    for adapter in _registry.values():
        if adapter.model is not None and issubclass(model, adapter.model):
            return adapter
    return None
