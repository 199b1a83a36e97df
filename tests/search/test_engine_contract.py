"""The contract every engine passes (DatabaseEngine on SQLite and PostgreSQL; Elasticsearch when
ELASTICSEARCH_URL is set)."""

import pytest

from search.documents import SearchDocument

BAD_QUERIES = [
    "",
    "   ",
    "motor " * 400,  # 2,400 characters
    "a" * 2000,
    '"',
    '"motor',
    "*",
    "motor*",
    "NEAR(motor hilang)",
    "motor OR",
    "OR",
    "AND NOT",
    "(motor",
    "motor)",
    "title:motor",
    "{title}: motor",
    "'; DROP TABLE search_searchentry; --",
    "%_\\",
    "motor 😀🚓",
    "😀",
    "\x00motor",
    "^motor -hilang +curi",
]


def keys(results):
    return [hit.key for hit in results.hits]


def test_finds_morphological_variants(indexed):
    # "pencurian" (indexed) and "dicuri" (typed) share the stem "curi".
    assert "legal_reference:7" in keys(indexed.query("dicuri"))
    assert "article:2" in keys(indexed.query("ditipu"))


def test_title_match_ranks_first(indexed):
    assert keys(indexed.query("motor dicuri"))[0] == "article:1"


def test_synonyms_and_abbreviations_expand_the_query(indexed):
    assert keys(indexed.query("curanmor"))[0] == "article:1"
    assert keys(indexed.query("pinjol neror keluarga"))[0] == "article:3"
    assert "article:4" in keys(indexed.query("sktlk"))


def test_typo_gets_a_suggestion_and_still_finds(indexed):
    results = indexed.query("pinjamn online")
    assert results.suggestion == "pinjaman online"
    assert keys(results)[0] == "article:3"


def test_hit_fields(indexed):
    hit = indexed.query("penipuan online").hits[0]
    assert hit.key == "article:2" and hit.type == "article" and hit.id == 2
    assert hit.title == "Tertipu belanja online"
    assert hit.url == "/penyuluhan/penipuan-online/"
    assert hit.date.year == 2026
    assert hit.topics == [
        {
            "slug": "penipuan-online-olshop-investasi-bodong",
            "name": "Penipuan online / olshop / investasi bodong",
        }
    ]


def test_snippet_escapes_html_but_keeps_marks(indexed):
    hit = indexed.query("tangkapan layar").hits[0]
    assert "<mark>" in hit.snippet
    assert "<script>" not in hit.snippet
    assert "&lt;script&gt;" in hit.snippet


def test_facets_count_every_match(indexed):
    results = indexed.query("pencurian motor")
    types = {f.value: f.count for f in results.facets["type"]}
    assert types == {"article": 2, "legal_reference": 1}
    assert results.total == 3
    topics = {f.value: f.count for f in results.facets["topic"]}
    assert topics["pencurian-kendaraan-bermotor-curanmor"] == 2
    assert {f.value for f in results.facets["year"]} == {"2025"}
    assert {f.value: f.count for f in results.facets["kecamatan"]} == {"36.71.01": 1}


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"type": ["legal_reference"]}, {"legal_reference:7"}),
        ({"topic": ["surat-keterangan-kehilangan-sktlk-dokumenbarang"]}, {"article:4"}),
        ({"year": ["2025"]}, {"article:1", "article:4"}),
        ({"kecamatan": ["36.71.01"]}, {"article:1"}),
        ({"type": ["article"], "year": ["2025", "2026"]}, {"article:1", "article:4"}),
        ({"topic": ["no-such-topic"]}, set()),
    ],
)
def test_filters(indexed, filters, expected):
    results = indexed.query("motor pencurian", filters=filters)
    assert set(keys(results)) == expected
    assert results.total == len(expected)


def test_filters_without_text_browse_by_date(indexed):
    results = indexed.query("", filters={"type": ["article"]})
    assert keys(results) == ["article:3", "article:2", "article:4", "article:1"]


def test_pagination(indexed):
    first = indexed.query("motor pencurian", page=1, page_size=2)
    second = indexed.query("motor pencurian", page=2, page_size=2)
    assert first.total == second.total == 3
    assert len(first.hits) == 2 and len(second.hits) == 1
    assert not set(keys(first)) & set(keys(second))
    beyond = indexed.query("motor pencurian", page=99, page_size=2)
    assert beyond.hits == [] and beyond.total == 3


def test_reindexing_a_key_replaces_it(indexed):
    indexed.index(
        SearchDocument(
            key="article:1",
            type="article",
            id=1,
            title="Judul baru ronda",
            body="Siskamling di lingkungan.",
            url="/x/",
        )
    )
    assert indexed.count() == len(__import__("tests.search.conftest", fromlist=["CORPUS"]).CORPUS)
    assert keys(indexed.query("ronda")) == ["article:1"]
    assert "article:1" not in keys(indexed.query("parkiran"))


def test_remove(indexed):
    indexed.remove("article:3")
    assert "article:3" not in keys(indexed.query("pinjaman online"))
    indexed.remove("article:999")  # unknown keys are fine


def test_rebuild_replaces_everything(indexed):
    doc = SearchDocument(
        key="article:9", type="article", id=9, title="Ronda malam", body="", url="/r/"
    )
    assert indexed.rebuild(iter([[doc]])) == 1
    assert indexed.count() == 1
    assert keys(indexed.query("ronda")) == ["article:9"]
    assert indexed.query("motor").total == 0


def test_suggest_completes_titles(indexed):
    titles = [s["title"] for s in indexed.suggest("pinjaman onl")]
    assert titles == ["Teror penagihan pinjaman online ilegal"]
    assert indexed.suggest("mot")[0] == {
        "title": "Motor hilang dicuri di parkiran",
        "url": "/penyuluhan/motor-hilang/",
        "type": "article",
    }
    assert indexed.suggest("") == []
    assert indexed.suggest('"*😀') == []


def test_no_answer_query_returns_nothing(indexed):
    results = indexed.query("resep rendang padang")
    assert results.total == 0 and results.hits == []


@pytest.mark.parametrize("text", BAD_QUERIES)
def test_bad_input_never_errors(indexed, text):
    results = indexed.query(text)
    assert results.total >= 0
    assert isinstance(indexed.suggest(text), list)


def test_empty_index_answers(engine):
    assert engine.query("motor").total == 0
