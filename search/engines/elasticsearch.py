"""The Elasticsearch engine (elasticsearch-dsl via `elasticsearch.dsl`), used when ELASTICSEARCH_URL
is set. Indices are versioned (`<alias>-<timestamp>`) behind an alias; a rebuild fills a new index
and swaps the alias atomically, so search never goes empty mid-rebuild."""

import logging
from datetime import UTC, datetime

from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import mark_safe
from elasticsearch import ApiError, Elasticsearch, NotFoundError, TransportError
from elasticsearch.dsl import (
    SF,
    A,
    Date,
    Document,
    Index,
    Integer,
    Keyword,
    Object,
    Q,
    Search,
    Text,
    analyzer,
    token_filter,
)
from elasticsearch.helpers import BulkIndexError, bulk

from search import analysis, intent, relevance
from search.breaker import BreakerOpen, breaker_for
from search.engines.base import (
    DEFAULT_PAGE_SIZE,
    FACETS,
    MAX_PAGE_SIZE,
    Engine,
    FacetValue,
    Hit,
    SearchResults,
    SearchUnavailable,
    document_year,
)

logger = logging.getLogger(__name__)

DEFAULT_ALIAS = "sambang-search"
FACET_FIELDS = {"type": "type", "topic": "topics", "year": "year", "kecamatan": "kecamatan"}
SEARCH_FIELDS = ["title^4", "summary^2", "keywords^2", "topic_names^2", "body", "minor^0.3"]
# The blend (search/intent.py): each kind's score is multiplied by TIER_BASE ** (its rank from the
# end of the query's order), so a kind ranked earlier always outscores a later one (a relevance
# score would need to be TIER_BASE times larger to cross a tier) and relevance orders within a kind.
TIER_BASE = 1000.0
# Coverage (search/relevance.py) scaled to 0..COVERAGE_SCALE, added to relevance inside a tier.
COVERAGE_SCALE = 100.0
# The share of the query's information a document must match: the same measure as the database
# engine; to be re-calibrated with bench/search_relevance.py on a real cluster (docs/search.md).
RELEVANCE_FLOOR = 0.5

indonesian_stop = token_filter("sambang_id_stop", "stop", stopwords="_indonesian_")
indonesian_stemmer = token_filter("sambang_id_stemmer", "stemmer", language="indonesian")
edge_ngram = token_filter("sambang_edge_ngram", "edge_ngram", min_gram=2, max_gram=20)

# Index time: no synonyms (they are applied at query time, so editors' changes need no reindex of
# the text, and multi-word synonyms work with synonym_graph).
indonesian = analyzer(
    "sambang_id",
    tokenizer="standard",
    filter=["lowercase", "asciifolding", indonesian_stop, indonesian_stemmer],
)
autocomplete = analyzer(
    "sambang_autocomplete", tokenizer="standard", filter=["lowercase", "asciifolding", edge_ngram]
)
autocomplete_search = analyzer(
    "sambang_autocomplete_search", tokenizer="standard", filter=["lowercase", "asciifolding"]
)


def synonym_lines() -> list[str]:
    """Shipped groups plus editors' groups, folded the way the analyzer folds text."""
    groups = analysis.shipped_synonym_groups()
    try:
        groups += analysis.editor_synonym_groups()
    except Exception:  # no database (e.g. building settings offline): the shipped file alone
        logger.warning("editor synonym groups unavailable; using the shipped file only")
    lines = []
    for terms in groups:
        cleaned = [" ".join(analysis.tokenize(term)) for term in terms]
        cleaned = list(dict.fromkeys(term for term in cleaned if term))
        if len(cleaned) > 1:
            lines.append(", ".join(cleaned))
    return lines


def search_analyzer(lines):
    synonyms = token_filter("sambang_id_synonyms", "synonym_graph", synonyms=lines, lenient=True)
    return analyzer(
        "sambang_id_search",
        tokenizer="standard",
        filter=["lowercase", "asciifolding", synonyms, indonesian_stop, indonesian_stemmer],
    )


def document_class(lines):
    """The mapping, built with the current synonym groups in the search analyzer."""
    searching = search_analyzer(lines)

    def text(**extra):
        return Text(analyzer=indonesian, search_analyzer=searching, **extra)

    class SearchDoc(Document):
        type = Keyword()
        title = text(
            fields={
                "suggest": Text(analyzer=autocomplete, search_analyzer=autocomplete_search),
                "raw": Keyword(),
            }
        )
        summary = text()
        keywords = text()
        body = text()
        topic_names = text()
        minor = text()  # low-weight text: topic names of visit summaries and legal references
        vocabulary = Text(analyzer=indonesian)  # "did you mean" words: never visits' places
        display_topic_names = Keyword(index=False)
        extra = Object(enabled=False)
        topics = Keyword()
        kecamatan = Keyword()
        url = Keyword(index=False)
        date = Date()
        year = Integer()

    return SearchDoc


def index_definition(name: str, lines) -> Index:
    index = Index(name)
    index.settings(number_of_shards=1, number_of_replicas=0, max_ngram_diff=20)
    index.document(document_class(lines))
    return index


class ElasticsearchEngine(Engine):
    name = "elasticsearch"

    def __init__(
        self,
        url: str | None = None,
        alias: str | None = None,
        client=None,
        refresh: bool = False,
        relevance_floor: float | None = None,
    ):
        self.relevance_floor = RELEVANCE_FLOOR if relevance_floor is None else relevance_floor
        self.url = url or settings.ELASTICSEARCH_URL
        self.alias = alias or getattr(settings, "ELASTICSEARCH_INDEX", DEFAULT_ALIAS)
        self.refresh = refresh  # tests: make writes visible at once
        self._client = client

    @property
    def client(self) -> Elasticsearch:
        if self._client is None:
            if not self.url:
                raise SearchUnavailable("ELASTICSEARCH_URL is not set")
            # A short timeout and no retry: a hanging cluster holds a worker for
            # SEARCH_TIMEOUT_SECONDS at most, and the breaker stops even that after a few calls.
            self._client = Elasticsearch(
                self.url,
                request_timeout=float(getattr(settings, "SEARCH_TIMEOUT_SECONDS", 2)),
                max_retries=0,
                retry_on_timeout=False,
            )
        return self._client

    @property
    def breaker(self):
        return breaker_for(self.url or "unset")

    @staticmethod
    def is_outage(exc) -> bool:
        """A failure of the cluster (counted by the breaker), not an answer it gave."""
        if isinstance(exc, ApiError):
            return exc.meta.status >= 500 or exc.meta.status == 429
        return isinstance(exc, TransportError)

    def _call(self, function, *args, **kwargs):
        breaker = self.breaker
        try:
            breaker.before_call()
        except BreakerOpen as exc:
            raise SearchUnavailable(str(exc), retry_after=exc.retry_after) from exc
        try:
            result = function(*args, **kwargs)
        except (TransportError, ApiError, BulkIndexError) as exc:
            if self.is_outage(exc):
                breaker.failure()
            else:
                breaker.success()  # the cluster answered (a missing index, a rejected document)
            if isinstance(exc, NotFoundError):
                raise
            logger.warning("Elasticsearch error: %s", exc)
            raise SearchUnavailable(str(exc), retry_after=breaker.retry_after() or 30) from exc
        except BaseException:
            breaker.success()  # not the cluster's failure; never leave a half-open trial hanging
            raise
        breaker.success()
        return result

    # --- indices --------------------------------------------------------------------------------

    def new_index_name(self) -> str:
        return f"{self.alias}-{datetime.now(UTC).strftime('%Y%m%d%H%M%S%f')}"

    def index_body(self, name: str) -> dict:
        return index_definition(name, synonym_lines()).to_dict()

    def create_index(self, name: str) -> None:
        body = self.index_body(name)
        self._call(
            self.client.indices.create,
            index=name,
            settings=body["settings"],
            mappings=body["mappings"],
        )

    def current_indices(self) -> list[str]:
        try:
            response = self._call(self.client.indices.get_alias, name=self.alias)
        except NotFoundError:
            return []
        return sorted(response.body)

    def ensure_index(self) -> None:
        if not self.current_indices():
            name = self.new_index_name()
            self.create_index(name)
            self._call(self.client.indices.put_alias, index=name, name=self.alias)

    def swap_alias(self, new_index: str, old_indices: list[str]) -> None:
        actions = [{"remove": {"index": old, "alias": self.alias}} for old in old_indices]
        actions.append({"add": {"index": new_index, "alias": self.alias}})
        self._call(self.client.indices.update_aliases, actions=actions)

    def delete_all_indices(self) -> None:
        for name in self.current_indices():
            self._call(self.client.indices.delete, index=name)

    # --- writing --------------------------------------------------------------------------------

    @staticmethod
    def source(document) -> dict:
        high = document.topic_weight == "high"
        return {
            "type": document.type,
            "title": document.title,
            "summary": document.summary,
            "keywords": document.keywords,
            "body": document.body,
            "topic_names": list(document.topic_names) if high else [],
            "minor": "" if high else " ".join(document.topic_names),
            "vocabulary": ""
            if document.type == "visit"
            else " ".join([document.title, document.summary, document.body]),
            "extra": dict(document.extra or {}),
            "display_topic_names": list(document.topic_names),
            "topics": list(document.topics),
            "kecamatan": list(document.kecamatan),
            "url": document.url,
            "date": document.date.isoformat() if document.date else None,
            "year": document_year(document),
            "object_id": document.id,
        }

    def actions(self, documents, index: str):
        for document in documents:
            yield {
                "_op_type": "index",
                "_index": index,
                "_id": document.key,
                "_source": self.source(document),
            }

    def bulk_index(self, documents, index: str | None = None) -> int:
        documents = list(documents)
        if not documents:
            return 0
        if index is None:
            self.ensure_index()
        success, _errors = self._call(
            bulk,
            self.client,
            self.actions(documents, index or self.alias),
            refresh="wait_for" if self.refresh else False,
        )
        return success

    def remove(self, key: str) -> None:
        try:
            self._call(
                self.client.delete,
                index=self.alias,
                id=key,
                refresh="wait_for" if self.refresh else None,
            )
        except NotFoundError:
            pass

    def clear(self) -> None:
        self.rebuild(iter(()))

    def rebuild(self, batches) -> int:
        old = self.current_indices()
        name = self.new_index_name()
        self.create_index(name)
        total = 0
        try:
            for batch in batches:
                total += self.bulk_index(batch, index=name)
            self._call(self.client.indices.refresh, index=name)
        except Exception:
            self._call(self.client.indices.delete, index=name)
            raise
        self.swap_alias(name, old)
        for index in old:
            self._call(self.client.indices.delete, index=index)
        return total

    def count(self) -> int:
        try:
            return self._call(self.client.count, index=self.alias)["count"]
        except NotFoundError:
            return 0

    # --- reading --------------------------------------------------------------------------------

    @staticmethod
    def concepts(text) -> list[tuple[str, bool]]:
        """The query's concepts as typed (a word, or a phrase of a synonym group), each with
        whether the synonym lexicon knows it; Elasticsearch's search analyzer applies the
        synonyms and stemming itself."""
        text = str(text or "")[:2000]
        analyzed = analysis.analyze_query(text)
        # As the database engine: in a question, a place only says where (not counted).
        context = intent.place_words(text) if intent.classify(text).kind == "guidance" else ()
        return [
            (" ".join(c.source), intent.is_topical(c))
            for c in analyzed.clauses
            if not set(c.source) <= set(context)
        ]

    @staticmethod
    def concept_query(concept: str, analyzer: str | None = None) -> Q:
        options = {"analyzer": analyzer} if analyzer else {}
        return Q("multi_match", query=concept, fields=SEARCH_FIELDS, operator="and", **options)

    def count_searches(self, concepts) -> list[dict]:
        """_msearch lines: the documents in the index, then those holding each concept as typed
        (index analyzer: no synonyms), for the concepts' idf weights."""
        lines = [{}, {"size": 0, "track_total_hits": True, "query": {"match_all": {}}}]
        for concept, _lexicon in concepts:
            lines += [
                {},
                {
                    "size": 0,
                    "track_total_hits": True,
                    "query": self.concept_query(concept, "sambang_id").to_dict(),
                },
            ]
        return lines

    def coverage(self, text) -> list[tuple[str, float]]:
        """[(concept, weight)] for queries of two concepts or more (one round trip)."""
        concepts = self.concepts(text)
        if len(concepts) < 2:
            return []
        response = self._call(
            self.client.msearch, index=self.alias, searches=self.count_searches(concepts)
        )
        data = response.body if hasattr(response, "body") else response
        totals = []
        for answer in data.get("responses", []):
            total = answer.get("hits", {}).get("total", 0)
            totals.append(total["value"] if isinstance(total, dict) else int(total or 0))
        if len(totals) != len(concepts) + 1:
            return []
        weights = relevance.concept_weights(
            totals[0], totals[1:], [lexicon for _concept, lexicon in concepts]
        )
        return [
            (concept, weight) for (concept, _lexicon), weight in zip(concepts, weights, strict=True)
        ]

    def build_search(
        self,
        text,
        filters=None,
        facets=True,
        highlight=True,
        page=1,
        page_size=DEFAULT_PAGE_SIZE,
        coverage=(),
        order=intent.GUIDANCE_ORDER,
    ) -> Search:
        text = " ".join(analysis.tokenize(str(text or "")[:2000])[: analysis.MAX_QUERY_TOKENS * 2])
        search = Search(index=self.alias)
        if text:
            matched = Q(
                "bool",
                should=[
                    # synonyms + stemming through the search analyzer
                    Q(
                        "multi_match",
                        query=text,
                        fields=SEARCH_FIELDS,
                        type="best_fields",
                        tie_breaker=0.3,
                    ),
                    Q("multi_match", query=text, fields=SEARCH_FIELDS, type="phrase", boost=2),
                    # typos: fuzzy on the index analyzer (fuzziness and synonym graphs do not mix)
                    Q(
                        "multi_match",
                        query=text,
                        fields=SEARCH_FIELDS,
                        fuzziness="AUTO",
                        prefix_length=1,
                        analyzer="sambang_id",
                        boost=0.5,
                    ),
                ],
                minimum_should_match=1,
            )
            if coverage:
                # The relevance floor: the weighted share of the query's concepts a document
                # matches (constant scores adding up to COVERAGE_SCALE), at least the floor.
                total = sum(weight for _concept, weight in coverage) or 1.0
                covered = Q(
                    "function_score",
                    query=Q(
                        "bool",
                        should=[
                            Q(
                                "constant_score",
                                filter=self.concept_query(concept),
                                boost=round(COVERAGE_SCALE * weight / total, 6),
                            )
                            for concept, weight in coverage
                        ],
                    ),
                    boost_mode="replace",
                    min_score=round(COVERAGE_SCALE * self.relevance_floor - 1e-6, 6),
                )
                matched = Q("bool", must=[covered], should=[matched])
            search = search.query(
                Q(
                    "function_score",
                    query=matched,
                    functions=[
                        SF(
                            {
                                "filter": {"term": {"type": name}},
                                "weight": TIER_BASE ** (len(order) - 1 - rank),
                            }
                        )
                        for rank, name in enumerate(order)
                    ],
                    score_mode="first",
                    boost_mode="multiply",
                )
            )
        else:
            search = search.query(Q("match_all")).sort("-date", "_id")
        for name in FACETS:
            values = [str(v) for v in (filters or {}).get(name) or []]
            if values:
                search = search.filter(Q("terms", **{FACET_FIELDS[name]: values}))
        if facets:
            for name in FACETS:
                search.aggs.bucket(name, A("terms", field=FACET_FIELDS[name], size=50))
        if highlight and text:
            search = search.highlight_options(
                pre_tags=["<mark>"],
                post_tags=["</mark>"],
                encoder="html",
                fragment_size=240,
                number_of_fragments=1,
                no_match_size=240,
            ).highlight("summary", "body")
        if text:
            # "Did you mean" from content words only (`vocabulary` leaves out visits' places),
            # and only a correction that finds documents (collate); shown when the query as typed
            # found nothing (parse_response).
            search = search.suggest(
                "did_you_mean",
                text,
                phrase={
                    "field": "vocabulary",
                    "size": 1,
                    "max_errors": 2,
                    "direct_generator": [{"field": "vocabulary", "suggest_mode": "missing"}],
                    "collate": {
                        "query": {
                            "source": {
                                "match": {
                                    "vocabulary": {"query": "{{suggestion}}", "operator": "and"}
                                }
                            }
                        },
                        "prune": False,
                    },
                },
            )
        start = (max(1, int(page)) - 1) * page_size
        search = search.extra(track_total_hits=True)
        return search[start : start + page_size]

    def query(
        self, text, filters=None, facets=True, highlight=True, page=1, page_size=DEFAULT_PAGE_SIZE
    ) -> SearchResults:
        page = max(1, int(page or 1))
        page_size = min(MAX_PAGE_SIZE, max(1, int(page_size or DEFAULT_PAGE_SIZE)))
        query_intent = intent.classify(str(text or ""))
        results = SearchResults(
            query=str(text or ""),
            page=page,
            page_size=page_size,
            intent=query_intent.kind,
            kind_order=query_intent.order,
        )
        has_text = bool(analysis.tokenize(str(text or "")[:2000]))
        if not has_text and not any((filters or {}).values()):
            return results
        try:
            coverage = self.coverage(text) if has_text else []
            body = self.build_search(
                text,
                filters,
                facets,
                highlight,
                page,
                page_size,
                coverage=coverage,
                order=query_intent.order,
            ).to_dict()
            response = self._call(self.client.search, index=self.alias, body=body)
        except NotFoundError:
            return results
        return self.parse_response(
            response.body if hasattr(response, "body") else response, results, filters
        )

    @staticmethod
    def parse_response(data: dict, results: SearchResults, filters=None) -> SearchResults:
        hits = data.get("hits", {})
        total = hits.get("total", 0)
        results.total = total["value"] if isinstance(total, dict) else int(total)
        for raw in hits.get("hits", []):
            source = raw.get("_source", {})
            fragments = [
                f for field in ("summary", "body") for f in raw.get("highlight", {}).get(field, [])
            ]
            if fragments:
                snippet = mark_safe(" … ".join(fragments[:2]))  # encoder=html escaped the text
            else:
                snippet = mark_safe(escape(source.get("summary") or source.get("body", "")[:240]))
            date_value = source.get("date")
            results.hits.append(
                Hit(
                    key=raw["_id"],
                    type=source.get("type", ""),
                    id=source.get("object_id", 0),
                    title=source.get("title", ""),
                    url=source.get("url", ""),
                    snippet=snippet,
                    date=datetime.fromisoformat(date_value) if date_value else None,
                    topics=[
                        {"slug": s, "name": n}
                        for s, n in zip(
                            source.get("topics", []),
                            source.get("display_topic_names", source.get("topic_names", [])),
                            strict=False,
                        )
                    ],
                    score=raw.get("_score") or 0.0,
                    extra=source.get("extra") or {},
                )
            )
        aggregations = data.get("aggregations", {})
        for name in FACETS:
            if name not in aggregations:
                continue
            selected = {str(v) for v in (filters or {}).get(name) or []}
            results.facets[name] = [
                FacetValue(
                    value=str(bucket["key"]),
                    count=bucket["doc_count"],
                    selected=str(bucket["key"]) in selected,
                )
                for bucket in aggregations[name].get("buckets", [])
            ]
        options = data.get("suggest", {}).get("did_you_mean", [{}])[0].get("options", [])
        options = [o for o in options if o.get("collate_match", True)]
        if (
            not results.total
            and options
            and options[0].get("text")
            and options[0]["text"] != results.query.lower()
        ):
            results.suggestion = options[0]["text"]
        return results

    def suggest_body(self, prefix: str, limit: int = 8) -> dict:
        search = (
            Search(index=self.alias)
            .query(Q("match", **{"title.suggest": {"query": prefix, "operator": "and"}}))
            .source(["title", "url", "type"])
        )
        return search[: max(1, min(limit, 20))].to_dict()

    def suggest(self, prefix: str, limit: int = 8) -> list[dict]:
        prefix = " ".join(analysis.tokenize(str(prefix or "")[:200])[:6])
        if not prefix:
            return []
        try:
            response = self._call(
                self.client.search, index=self.alias, body=self.suggest_body(prefix, limit)
            )
        except NotFoundError:
            return []
        data = response.body if hasattr(response, "body") else response
        return [
            {
                "title": h["_source"].get("title", ""),
                "url": h["_source"].get("url", ""),
                "type": h["_source"].get("type", ""),
            }
            for h in data["hits"]["hits"]
        ]
