"""The search API and the /cari/ page: answers, facets as filters, bad input, engine outage."""

import pytest

from search.engines.base import SearchUnavailable
from search.service import get_service
from tests.search.conftest import CORPUS

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(db):
    engine = get_service().engine
    engine.clear()
    engine.bulk_index(CORPUS)
    return engine


@pytest.fixture
def engine_down(monkeypatch):
    from search.engines.database import DatabaseEngine

    def fail(*args, **kwargs):
        raise SearchUnavailable("connection refused")

    monkeypatch.setattr(DatabaseEngine, "query", fail)
    monkeypatch.setattr(DatabaseEngine, "suggest", fail)


def test_api_search_answers_informal_query(api_client, corpus):
    response = api_client.get("/api/v1/search/", {"q": "motor ilang dicuri"})
    assert response.status_code == 200
    data = response.json()
    first = data["results"][0]
    assert first["title"] == "Motor hilang dicuri di parkiran"
    assert first["url"] == "http://testserver/penyuluhan/motor-hilang/"
    assert "<mark>" in first["snippet"]
    assert first["type"] == "article"
    assert first["topics"][0]["slug"] == "pencurian-kendaraan-bermotor-curanmor"
    assert set(data["facets"]) == {"type", "topic", "year", "kecamatan"}
    assert data["total"] >= 1 and data["page"] == 1


def test_api_filters_and_facet_labels(api_client, corpus):
    data = api_client.get(
        "/api/v1/search/", {"q": "pencurian motor", "type": "legal_reference"}
    ).json()
    assert [r["type"] for r in data["results"]] == ["legal_reference"]
    type_facet = {f["value"]: f for f in data["facets"]["type"]}
    assert type_facet["legal_reference"]["selected"] is True
    assert type_facet["legal_reference"]["label"] == "Referensi hukum"
    data = api_client.get("/api/v1/search/", {"q": "motor", "kecamatan": "36.71.01"}).json()
    assert data["facets"]["kecamatan"][0]["label"] == "Tangerang"


def test_api_did_you_mean(api_client, corpus):
    data = api_client.get("/api/v1/search/", {"q": "pinjamn online"}).json()
    assert data["suggestion"] == "pinjaman online"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"q": "motor", "topic": "tidak-ada"}, "topic"),
        ({"q": "motor", "type": "rahasia"}, "type"),
        ({"q": "motor", "kecamatan": "99.99.99"}, "kecamatan"),
        ({"q": "motor", "year": "abc"}, "year"),
        ({"q": "motor", "page": "0"}, "page"),
        ({"q": "motor", "page": "x"}, "page"),
        ({"q": "motor", "page": "100000"}, "page"),
        ({"q": "motor", "page_size": "500"}, "page_size"),
        ({"q": "m" * 2001}, "q"),
    ],
)
def test_api_bad_input_is_a_400_with_the_error_shape(api_client, corpus, params, field):
    response = api_client.get("/api/v1/search/", params)
    assert response.status_code == 400
    error = response.json()["error"]
    assert field in error["fields"]
    assert error["code"] in {
        "invalid_filter",
        "validation_error",
        "invalid",
        "max_value",
        "min_value",
        "max_length",
    }


@pytest.mark.parametrize(
    "q", ["", '"', "*", "NEAR(a b)", "motor OR", "(((", "' OR 1=1 --", "😀🚓", "m" * 2000]
)
def test_api_odd_queries_answer_200(api_client, corpus, q):
    response = api_client.get("/api/v1/search/", {"q": q})
    assert response.status_code == 200
    assert response.json()["total"] >= 0


def test_api_page_beyond_the_last_is_empty(api_client, corpus):
    data = api_client.get("/api/v1/search/", {"q": "motor", "page": 50}).json()
    assert data["results"] == [] and data["total"] >= 1


def test_api_suggest(api_client, corpus):
    data = api_client.get("/api/v1/search/suggest/", {"q": "pinjaman on"}).json()
    assert data["suggestions"][0]["title"] == "Teror penagihan pinjaman online ilegal"
    assert data["suggestions"][0]["url"].startswith("http://testserver/")
    assert api_client.get("/api/v1/search/suggest/").status_code == 400
    assert api_client.get("/api/v1/search/suggest/", {"q": "x" * 201}).status_code == 400


def test_api_engine_down_is_a_503(api_client, corpus, engine_down):
    response = api_client.get("/api/v1/search/", {"q": "motor"})
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "search_unavailable"
    response = api_client.get("/api/v1/search/suggest/", {"q": "motor"})
    assert response.status_code == 503
    assert api_client.get("/api/v1/regions/").status_code == 200  # nothing else breaks


def test_api_is_in_the_openapi_schema(api_client):
    schema = api_client.get("/api/v1/schema/?format=json").json()
    assert "/api/v1/search/" in schema["paths"]
    assert "/api/v1/search/suggest/" in schema["paths"]
    params = {p["name"] for p in schema["paths"]["/api/v1/search/"]["get"]["parameters"]}
    assert {"q", "type", "topic", "kecamatan", "year", "page"} <= params


def test_api_query_count_is_constant(api_client, corpus, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        api_client.get("/api/v1/search/", {"q": "motor pencurian", "page_size": 50})


def test_page_shows_highlighted_results_and_facet_links(client, corpus):
    response = client.get("/cari/", {"q": "motor dicuri"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Motor hilang dicuri di parkiran" in html
    assert "<mark>" in html
    assert "?q=motor+dicuri&amp;type=legal_reference" in html
    assert 'lang="id"' in html and "Jenis" in html


def test_page_escapes_what_was_typed(client, corpus):
    html = client.get("/cari/", {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_page_zero_results_helps(client, corpus):
    html = client.get("/cari/", {"q": "resep rendang"}).content.decode()
    assert "110" in html
    assert "/temukan-bhabinkamtibmas/" in html
    assert "?topic=pencurian-kendaraan-bermotor-curanmor" in html


def test_page_did_you_mean_and_pagination(client, corpus):
    html = client.get("/cari/", {"q": "pinjamn online"}).content.decode()
    assert "pinjaman online" in html and "?q=pinjaman+online" in html
    html = client.get("/cari/", {"q": "motor", "page": "99"}).content.decode()
    assert "?q=motor" in html  # back to the first page


def test_page_ignores_unknown_filters(client, corpus):
    response = client.get("/cari/", {"q": "motor", "topic": "tidak-ada", "page": "abc"})
    assert response.status_code == 200
    assert "Motor hilang dicuri" in response.content.decode()


def test_page_engine_down_says_temporarily_unavailable(client, corpus, engine_down):
    response = client.get("/cari/", {"q": "motor"})
    assert response.status_code == 503
    assert "sementara" in response.content.decode().lower()


def test_page_without_query_lists_popular_topics(client, db):
    html = client.get("/cari/").content.decode()
    assert "?topic=" in html and 'name="q"' in html
