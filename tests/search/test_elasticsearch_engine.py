"""ElasticsearchEngine without a cluster: the exact index settings, mappings and query bodies it
sends (`to_dict()`), and its handling of responses and errors, through the official client talking
to a fake node at the HTTP boundary. The same engine runs the shared contract suite against a real
cluster when ELASTICSEARCH_URL is set (see docs/search.md)."""

import json

import pytest
from elastic_transport import ApiResponseMeta, BaseNode, HttpHeaders
from elastic_transport import ConnectionError as TransportConnectionError
from elastic_transport._node import NodeApiResponse
from elasticsearch import Elasticsearch

from search.engines.base import SearchUnavailable
from search.engines.elasticsearch import ElasticsearchEngine, index_definition, synonym_lines
from tests.search.conftest import CORPUS


class FakeNode(BaseNode):
    """Records each request and answers from `FakeNode.routes` ((method, path-prefix) -> reply)."""

    requests: list = []
    routes: dict = {}

    def perform_request(self, method, target, body=None, headers=None, request_timeout=None):
        path = target.split("?")[0]
        if body and path.endswith(("/_bulk", "/_msearch")):
            parsed = [json.loads(line) for line in body.decode().splitlines() if line.strip()]
        else:
            parsed = json.loads(body) if body else None
        FakeNode.requests.append((method, target, parsed))
        reply = (200, {})
        for (route_method, prefix), answer in FakeNode.routes.items():
            if route_method == method and path.startswith(prefix):
                reply = answer
                break
        if isinstance(reply, Exception):
            raise reply
        status, data = reply
        meta = ApiResponseMeta(
            status=status,
            http_version="1.1",
            duration=0.0,
            node=self.config,
            headers=HttpHeaders(
                {"content-type": "application/json", "x-elastic-product": "Elasticsearch"}
            ),
        )
        return NodeApiResponse(meta, json.dumps(data).encode())


@pytest.fixture
def fake(db):
    FakeNode.requests = []
    FakeNode.routes = {}
    client = Elasticsearch("http://es.invalid:9200", node_class=FakeNode, max_retries=0)
    return ElasticsearchEngine(url="http://es.invalid:9200", alias="sambang-search", client=client)


SEARCH_RESPONSE = {
    "hits": {
        "total": {"value": 3, "relation": "eq"},
        "hits": [
            {
                "_id": "article:1",
                "_score": 7.5,
                "_source": {
                    "type": "article",
                    "title": "Motor hilang dicuri",
                    "object_id": 1,
                    "url": "/penyuluhan/motor-hilang/",
                    "date": "2025-03-01",
                    "topics": ["pencurian-kendaraan-bermotor-curanmor"],
                    "topic_names": ["Pencurian kendaraan bermotor (curanmor)"],
                    "summary": "Langkah pertama",
                    "body": "...",
                },
                "highlight": {"body": ["Segera lapor &lt;b&gt; bila <mark>motor</mark> hilang"]},
            }
        ],
    },
    "aggregations": {
        "type": {
            "buckets": [
                {"key": "article", "doc_count": 2},
                {"key": "legal_reference", "doc_count": 1},
            ]
        },
        "topic": {"buckets": [{"key": "pencurian-kendaraan-bermotor-curanmor", "doc_count": 3}]},
        "year": {"buckets": [{"key": 2025, "doc_count": 2}]},
        "kecamatan": {"buckets": []},
    },
    "suggest": {"did_you_mean": [{"text": "motr ilang", "options": [{"text": "motor hilang"}]}]},
}


def test_index_settings_define_the_indonesian_analyzers():
    body = index_definition(
        "sambang-search-1", ["curanmor, pencurian kendaraan bermotor"]
    ).to_dict()
    analysis = body["settings"]["analysis"]
    assert analysis["analyzer"]["sambang_id"] == {
        "type": "custom",
        "tokenizer": "standard",
        "filter": ["lowercase", "asciifolding", "sambang_id_stop", "sambang_id_stemmer"],
    }
    assert analysis["analyzer"]["sambang_id_search"]["filter"] == [
        "lowercase",
        "asciifolding",
        "sambang_id_synonyms",
        "sambang_id_stop",
        "sambang_id_stemmer",
    ]
    assert analysis["filter"]["sambang_id_synonyms"] == {
        "type": "synonym_graph",
        "synonyms": ["curanmor, pencurian kendaraan bermotor"],
        "lenient": True,
    }
    assert analysis["filter"]["sambang_id_stop"] == {"type": "stop", "stopwords": "_indonesian_"}
    assert analysis["filter"]["sambang_id_stemmer"] == {"type": "stemmer", "language": "indonesian"}
    assert analysis["filter"]["sambang_edge_ngram"] == {
        "type": "edge_ngram",
        "min_gram": 2,
        "max_gram": 20,
    }
    assert body["settings"]["max_ngram_diff"] == 20


def test_mapping_fields():
    properties = index_definition("x", ["a, b"]).to_dict()["mappings"]["properties"]
    assert properties["title"]["analyzer"] == "sambang_id"
    assert properties["title"]["search_analyzer"] == "sambang_id_search"
    assert properties["title"]["fields"]["suggest"] == {
        "type": "text",
        "analyzer": "sambang_autocomplete",
        "search_analyzer": "sambang_autocomplete_search",
    }
    for name in ("summary", "keywords", "body", "topic_names"):
        assert properties[name]["search_analyzer"] == "sambang_id_search"
    for name in ("type", "topics", "kecamatan"):
        assert properties[name] == {"type": "keyword"}
    assert properties["url"] == {"type": "keyword", "index": False}
    assert properties["date"] == {"type": "date"} and properties["year"] == {"type": "integer"}


def test_synonym_lines_come_from_the_shipped_file_and_editors(db):
    from search.models import SynonymGroup

    SynonymGroup.objects.create(terms="Raib, lenyap")
    lines = synonym_lines()
    assert any(line.startswith("curanmor, pencurian kendaraan bermotor") for line in lines)
    assert "raib, lenyap" in lines
    from search.analysis import shipped_synonym_groups

    assert len(lines) == len(shipped_synonym_groups()) + 1


def test_query_body(fake):
    body = fake.build_search(
        'motor "ilang" OR *', filters={"topic": ["a"], "year": ["2025"]}, page=3, page_size=10
    ).to_dict()
    should = body["query"]["bool"]["must"][0]["function_score"]["query"]["bool"]["should"]
    assert should[0]["multi_match"] == {
        "query": "motor ilang or",
        "fields": ["title^4", "summary^2", "keywords^2", "topic_names^2", "body", "minor^0.3"],
        "type": "best_fields",
        "tie_breaker": 0.3,
    }
    assert should[1]["multi_match"]["type"] == "phrase"
    assert should[2]["multi_match"]["fuzziness"] == "AUTO"
    assert should[2]["multi_match"]["analyzer"] == "sambang_id"
    assert body["query"]["bool"]["filter"] == [
        {"terms": {"topics": ["a"]}},
        {"terms": {"year": ["2025"]}},
    ]
    assert body["aggs"] == {
        "type": {"terms": {"field": "type", "size": 50}},
        "topic": {"terms": {"field": "topics", "size": 50}},
        "year": {"terms": {"field": "year", "size": 50}},
        "kecamatan": {"terms": {"field": "kecamatan", "size": 50}},
    }
    assert body["highlight"]["pre_tags"] == ["<mark>"]
    assert body["highlight"]["encoder"] == "html"
    assert set(body["highlight"]["fields"]) == {"summary", "body"}
    assert body["suggest"]["did_you_mean"]["phrase"]["field"] == "vocabulary"
    assert body["suggest"]["did_you_mean"]["phrase"]["collate"]["prune"] is False
    assert body["from"] == 20 and body["size"] == 10


def test_query_parses_hits_facets_and_suggestion(fake):
    FakeNode.routes = {("POST", "/sambang-search/_search"): (200, SEARCH_RESPONSE)}
    results = fake.query("motr ilang", filters={"type": ["article"]})
    method, target, body = FakeNode.requests[-1]
    assert (method, target.split("?")[0]) == ("POST", "/sambang-search/_search")
    assert body == fake.build_search("motr ilang", filters={"type": ["article"]}).to_dict()
    assert results.total == 3
    hit = results.hits[0]
    assert (hit.key, hit.type, hit.id, hit.url) == (
        "article:1",
        "article",
        1,
        "/penyuluhan/motor-hilang/",
    )
    assert hit.snippet == "Segera lapor &lt;b&gt; bila <mark>motor</mark> hilang"
    assert hit.date.year == 2025
    assert hit.topics[0]["name"] == "Pencurian kendaraan bermotor (curanmor)"
    assert [(f.value, f.count, f.selected) for f in results.facets["type"]] == [
        ("article", 2, True),
        ("legal_reference", 1, False),
    ]
    assert results.facets["year"][0].value == "2025"
    assert results.suggestion is None  # the query as typed found answers: no "did you mean"
    empty = {**SEARCH_RESPONSE, "hits": {"total": {"value": 0, "relation": "eq"}, "hits": []}}
    FakeNode.routes = {("POST", "/sambang-search/_search"): (200, empty)}
    assert fake.query("motr ilang").suggestion == "motor hilang"


def test_empty_query_sends_nothing(fake):
    assert fake.query("  ").total == 0
    assert fake.query('"*()').total == 0
    assert FakeNode.requests == []


def test_connection_error_means_unavailable(fake):
    FakeNode.routes = {("POST", "/sambang-search/_search"): TransportConnectionError("refused")}
    with pytest.raises(SearchUnavailable):
        fake.query("motor")
    with pytest.raises(SearchUnavailable):
        fake.suggest("mot")


def test_server_error_means_unavailable(fake):
    FakeNode.routes = {("POST", "/sambang-search/_search"): (500, {"error": "boom", "status": 500})}
    with pytest.raises(SearchUnavailable):
        fake.query("motor")


def test_missing_index_answers_empty(fake):
    FakeNode.routes = {
        ("POST", "/sambang-search/_search"): (
            404,
            {"error": {"type": "index_not_found_exception"}, "status": 404},
        )
    }
    assert fake.query("motor").total == 0
    assert fake.suggest("motor") == []


def test_rebuild_fills_a_new_index_and_swaps_the_alias(fake):
    FakeNode.routes = {
        ("GET", "/_alias/sambang-search"): (200, {"sambang-search-20250101": {"aliases": {}}}),
        ("PUT", "/sambang-search-"): (200, {"acknowledged": True}),
        ("PUT", "/_bulk"): (
            200,
            {"errors": False, "items": [{"index": {"status": 201, "_id": d.key}} for d in CORPUS]},
        ),
        ("POST", "/_bulk"): (
            200,
            {"errors": False, "items": [{"index": {"status": 201, "_id": d.key}} for d in CORPUS]},
        ),
    }
    assert fake.rebuild(iter([CORPUS])) == len(CORPUS)
    calls = [(m, t.split("?")[0]) for m, t, _b in FakeNode.requests]
    created = next(t for m, t in calls if m == "PUT" and t.startswith("/sambang-search-"))
    new_index = created.lstrip("/")
    assert new_index != "sambang-search-20250101"
    create_body = next(b for m, t, b in FakeNode.requests if t.split("?")[0] == created)
    assert "sambang_id_search" in create_body["settings"]["analysis"]["analyzer"]
    bulk_lines = next(b for m, t, b in FakeNode.requests if t.split("?")[0].endswith("/_bulk"))
    assert bulk_lines[0] == {"index": {"_index": new_index, "_id": "article:1"}}
    assert bulk_lines[1]["title"] == "Motor hilang dicuri di parkiran"
    assert bulk_lines[1]["year"] == 2025
    aliases = next(b for m, t, b in FakeNode.requests if t.split("?")[0] == "/_aliases")
    assert aliases == {
        "actions": [
            {"remove": {"index": "sambang-search-20250101", "alias": "sambang-search"}},
            {"add": {"index": new_index, "alias": "sambang-search"}},
        ]
    }
    # the old index is deleted only after the swap
    assert calls.index(("POST", "/_aliases")) < calls.index(("DELETE", "/sambang-search-20250101"))


def test_failed_rebuild_keeps_the_old_index(fake):
    FakeNode.routes = {
        ("GET", "/_alias/sambang-search"): (200, {"sambang-search-old": {"aliases": {}}}),
        ("PUT", "/sambang-search-"): (200, {"acknowledged": True}),
        ("PUT", "/_bulk"): TransportConnectionError("gone"),
        ("POST", "/_bulk"): TransportConnectionError("gone"),
    }
    with pytest.raises(SearchUnavailable):
        fake.rebuild(iter([CORPUS]))
    calls = [(m, t.split("?")[0]) for m, t, _b in FakeNode.requests]
    assert ("POST", "/_aliases") not in calls
    assert ("DELETE", "/sambang-search-old") not in calls


def test_remove_ignores_missing_documents(fake):
    FakeNode.routes = {("DELETE", "/sambang-search/_doc/"): (404, {"result": "not_found"})}
    fake.remove("article:42")
    assert FakeNode.requests[-1][:2][0] == "DELETE"


def test_suggest_body_uses_the_edge_ngram_field(fake):
    body = fake.suggest_body("pinjaman on", limit=5)
    assert body["query"] == {
        "match": {"title.suggest": {"query": "pinjaman on", "operator": "and"}}
    }
    assert body["size"] == 5 and body["_source"] == ["title", "url", "type"]


def test_api_answers_503_when_elasticsearch_is_down(api_client, fake, monkeypatch):
    FakeNode.routes = {("POST", "/sambang-search/_search"): TransportConnectionError("refused")}
    monkeypatch.setattr("search.service.get_engine", lambda name=None: fake)
    response = api_client.get("/api/v1/search/", {"q": "motor"})
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "search_unavailable"


def test_blend_is_a_function_score_with_a_weight_per_kind_in_the_intents_order(fake):
    from search.engines.elasticsearch import TIER_BASE

    def weights(text):
        score = fake.build_search(
            text, order=__import__("search.intent").intent.classify(text).order
        ).to_dict()["query"]["function_score"]
        assert score["score_mode"] == "first" and score["boost_mode"] == "multiply"
        return {f["filter"]["term"]["type"]: f["weight"] for f in score["functions"]}

    guidance = weights("pinjol nagih terus")
    assert guidance["article"] == TIER_BASE**4 > guidance["qa"] == TIER_BASE**3
    assert guidance["qa"] > guidance["legal_reference"] == TIER_BASE**2
    assert guidance["legal_reference"] > guidance["disclosure"] > guidance["visit"] == 1
    legal = weights("pasal 44 uu 23/2004")
    assert max(legal, key=legal.get) == "legal_reference"
    assert max(weights("ppid laporan keuangan").items(), key=lambda i: i[1])[0] == "disclosure"


def test_relevance_floor_is_an_inner_function_score_over_weighted_concepts(fake):
    body = fake.build_search("pinjol nagih", coverage=[("pinjol", 1.0), ("nagih", 3.0)]).to_dict()
    must = body["query"]["function_score"]["query"]["bool"]["must"][0]["function_score"]
    assert must["min_score"] == pytest.approx(50.0, abs=1e-3)  # RELEVANCE_FLOOR of 100
    boosts = {
        c["constant_score"]["filter"]["multi_match"]["query"]: c["constant_score"]["boost"]
        for c in must["query"]["bool"]["should"]
    }
    assert boosts == {"pinjol": 25.0, "nagih": 75.0}


def test_concept_weights_come_from_one_msearch_of_counts(fake):
    FakeNode.routes = {
        ("POST", "/sambang-search/_msearch"): (
            200,
            {
                "responses": [
                    {"hits": {"total": {"value": 1000}}},
                    {"hits": {"total": {"value": 10}}},
                    {"hits": {"total": {"value": 0}}},
                ]
            },
        ),
        ("POST", "/sambang-search/_search"): (200, SEARCH_RESPONSE),
    }
    fake.query("pinjol rendang")
    method, target, lines = FakeNode.requests[0]
    assert target.split("?")[0] == "/sambang-search/_msearch"
    assert FakeNode.requests[1][2]["query"]["function_score"]["query"]["bool"]["must"]
    coverage = fake.coverage("pinjol rendang")
    # an unknown word weighs twice the idf of the best known one (search/relevance.py)
    from search.relevance import LEXICON_WEIGHT, UNKNOWN_WORD_WEIGHT, idf

    topical = dict(fake.concepts("pinjol rendang"))["pinjol"]  # names a topic when one exists
    factor = LEXICON_WEIGHT if topical else 1.0
    assert coverage[0][0] == "pinjol" and coverage[0][1] == pytest.approx(factor * idf(1000, 10))
    assert coverage[1][1] == pytest.approx(UNKNOWN_WORD_WEIGHT * idf(1000, 10))
    assert UNKNOWN_WORD_WEIGHT == 2.0


def test_concepts_mirror_the_database_engine_topic_words_and_places(fake, db):
    from counselling.models import Topic
    from search import intent

    Topic.objects.create(code="X02", name="Pencurian dengan kekerasan / begal / jambret", slug="x2")
    intent.clear_cache()
    try:
        # a word naming a topic is flagged (it weighs double); a place is context, not counted
        assert fake.concepts("hp dijambret di tangerang") == [("hp", False), ("dijambret", True)]
    finally:
        intent.clear_cache()
