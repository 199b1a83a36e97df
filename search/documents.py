"""The contract between content apps and search: each indexable type registers an adapter that
turns one public item into a SearchDocument built from public fields only (cfgov's documents.py style).

Content apps declare their adapters (and the vocabularies of the facets they own) in
`<app>/documents.py`, imported by their AppConfig.ready(); search imports no content app.
"""

from collections.abc import Callable
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
    # "high": topic names weigh like the summary (articles, whose topics are what they answer);
    # "low": like the body (visit summaries and legal references, which only mention a topic).
    topic_weight: str = "high"
    # JSON-safe details the results page uses, e.g. {"articles": [ids]} of a legal reference.
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


@dataclass(frozen=True)
class FacetVocabulary:
    """What a content app tells search about one facet (e.g. "topic", "kecamatan"): `labels`
    maps the given values to their display names (unknown values are absent, so they are
    refused as filters); `popular` lists links offered when nothing was found."""

    labels: Callable[[set[str]], dict[str, str]]
    popular: Callable[[], list] | None = None


_vocabularies: dict[str, FacetVocabulary] = {}


def register_vocabulary(facet: str, labels, popular=None) -> FacetVocabulary:
    _vocabularies[facet] = FacetVocabulary(labels, popular)
    return _vocabularies[facet]


def facet_labels(facet: str, values) -> dict[str, str]:
    vocabulary = _vocabularies.get(facet)
    values = set(values)
    if vocabulary is None or not values:
        return {}
    return vocabulary.labels(values)


def popular(facet: str) -> list:
    vocabulary = _vocabularies.get(facet)
    return list(vocabulary.popular()) if vocabulary and vocabulary.popular else []


def adapter_for_model(model) -> SearchAdapter | None:
    for adapter in _registry.values():
        if adapter.model is not None and issubclass(model, adapter.model):
            return adapter
    return None
