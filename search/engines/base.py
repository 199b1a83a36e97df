"""The Engine interface every search engine implements, and the result types it returns."""

from dataclasses import dataclass, field
from datetime import date, datetime

from search.documents import SearchDocument

FACETS = ("type", "topic", "year", "kecamatan")
DEFAULT_PAGE_SIZE = 10
MAX_PAGE_SIZE = 50


class SearchUnavailable(Exception):
    """The engine cannot answer right now (e.g. Elasticsearch is down); callers show a 503 with
    `Retry-After: retry_after` seconds."""

    def __init__(self, message="", retry_after=30):
        super().__init__(message)
        self.retry_after = max(1, int(retry_after or 30))


@dataclass
class Hit:
    key: str
    type: str
    id: int
    title: str
    url: str
    snippet: str  # safe HTML: escaped text with <mark> around matched words
    date: date | datetime | None = None
    topics: list[dict] = field(default_factory=list)  # [{"slug", "name"}]
    score: float = 0.0
    extra: dict = field(default_factory=dict)  # SearchDocument.extra


@dataclass
class FacetValue:
    value: str
    count: int
    label: str = ""
    selected: bool = False


@dataclass
class SearchResults:
    query: str
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    suggestion: str | None = None  # "did you mean"
    intent: str = "guidance"  # what the query is about (search/intent.py)
    kind_order: tuple[str, ...] = ()  # result kinds in the order they are ranked and shown

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.page_size))

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def document_year(document: SearchDocument) -> int | None:
    return document.date.year if document.date else None


def document_facets(document: SearchDocument) -> list[tuple[str, str]]:
    values = [("type", document.type)]
    values += [("topic", slug) for slug in document.topics]
    values += [("kecamatan", code) for code in document.kecamatan]
    year = document_year(document)
    if year:
        values.append(("year", str(year)))
    return list(dict.fromkeys(values))


class Engine:
    """index / remove / bulk_index / rebuild / query / suggest over SearchDocuments.

    `filters` maps a facet name (FACETS) to a list of accepted values (OR within a facet, AND
    across facets); callers validate values. Engines never raise on odd query text.
    """

    name = ""

    def index(self, document: SearchDocument) -> None:
        self.bulk_index([document])

    def bulk_index(self, documents: list[SearchDocument]) -> int:
        raise NotImplementedError

    def remove(self, key: str) -> None:
        raise NotImplementedError

    def clear(self) -> None:
        raise NotImplementedError

    def rebuild(self, batches) -> int:
        """Replace the whole index with the documents of `batches` (an iterable of lists)."""
        self.clear()
        return sum(self.bulk_index(batch) for batch in batches)

    def count(self) -> int:
        raise NotImplementedError

    def query(
        self,
        text: str,
        filters: dict[str, list[str]] | None = None,
        facets: bool = True,
        highlight: bool = True,
        page: int = 1,
        page_size: int = DEFAULT_PAGE_SIZE,
    ) -> SearchResults:
        raise NotImplementedError

    def suggest(self, prefix: str, limit: int = 8) -> list[dict]:
        """Titles completing what is being typed: [{"title", "url", "type"}]."""
        raise NotImplementedError
