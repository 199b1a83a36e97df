from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.rich_text import RichText

from counselling.models import Audience
from tests.counselling.factories import counselling_index, make_article, reference, topic
from tests.factories import kelurahan

CURANMOR = "pencurian-kendaraan-bermotor-curanmor"
PENIPUAN = "penipuan-online-olshop-investasi-bodong"


@pytest.fixture
def index(db):
    return counselling_index()


def results(api_client, query=""):
    response = api_client.get(f"/api/v1/articles/{query}")
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_list_shows_only_live_public_articles_with_the_documented_fields(api_client, index):
    live = make_article(index, title="Tayang", image=True)
    make_article(index, title="Draf", publish=False)
    make_article(index, title="Privat", private=True)
    scheduled = make_article(
        index, title="Terjadwal", publish=False, go_live_at=timezone.now() + timedelta(days=1)
    )
    scheduled.get_latest_revision().publish()
    unpublished = make_article(index, title="Ditarik")
    unpublished.unpublish()
    items = results(api_client)
    assert [item["title"] for item in items] == ["Tayang"]
    item = items[0]
    assert set(item) >= {
        "id",
        "slug",
        "title",
        "summary",
        "topics",
        "first_published_at",
        "last_published_at",
        "thumbnail",
        "url",
    }
    assert item["url"] == settings.BASE_URL.rstrip("/") + live.url
    assert all(r["url"].startswith("http") for r in item["thumbnail"].values())
    for slug in ["artikel-uji-x"] + [p.slug for p in (scheduled, unpublished)]:
        assert api_client.get(f"/api/v1/articles/{slug}/").status_code == 404


def test_filters_by_topic_audience_area_reference_and_updated_since(api_client, index):
    kel = kelurahan("36.71.03.1002")
    ref = reference("UU 1/2023 tentang KUHP Pasal 492")
    a = make_article(
        index,
        title="A",
        topics=[topic(CURANMOR)],
        target_kelurahan=kel,
        target_kecamatan=kel.kecamatan,
    )
    b = make_article(
        index,
        title="B",
        topics=[topic(PENIPUAN)],
        references=[ref],
        audiences=[Audience.objects.get(slug="pedagang")],
    )
    titles = lambda q: {i["title"] for i in results(api_client, q)}  # noqa: E731
    assert titles(f"?topic={CURANMOR}") == {"A"}
    assert titles("?audience=pedagang") == {"B"}
    assert titles(f"?kelurahan={kel.code}") == {"A"}
    assert titles(f"?kecamatan={kel.kecamatan.code}") == {"A"}
    assert titles(f"?legal_reference={ref.pk}") == {"B"}
    type(b).objects.filter(pk=a.pk).update(last_published_at=timezone.now() - timedelta(days=10))
    since = (timezone.now() - timedelta(days=1)).isoformat()
    assert titles(f"?updated_since={since.replace('+', '%2B')}") == {"B"}


@pytest.mark.parametrize(
    "query",
    [
        "topic=tidak-ada",
        "audience=alien",
        "kecamatan=99.99",
        "kelurahan=36.71.99.9999",
        "legal_reference=999999",
        "updated_since=kemarin",
        "limit=0",
        "cursor=rusak",
    ],
)
def test_unknown_filter_values_are_a_400_with_the_error_shape(api_client, index, query):
    response = api_client.get(f"/api/v1/articles/?{query}")
    assert response.status_code == 400
    error = response.json()["error"]
    assert set(error) == {"code", "message", "fields"} and error["fields"]


def test_ordering_and_cursor_pagination(api_client, index):
    for title in ["Cempaka", "Anggrek", "Bakung"]:
        make_article(index, title=title)
    assert [i["title"] for i in results(api_client, "?ordering=title")] == [
        "Anggrek",
        "Bakung",
        "Cempaka",
    ]
    first = api_client.get("/api/v1/articles/?ordering=title&limit=2").json()
    assert [i["title"] for i in first["results"]] == ["Anggrek", "Bakung"]
    second = api_client.get(first["next"]).json()
    assert [i["title"] for i in second["results"]] == ["Cempaka"]


def test_detail_has_typed_blocks_sanitised_html_references_and_renditions(api_client, index):
    verified = reference(
        "UU 1/2023 tentang KUHP Pasal 476", source_url="https://peraturan.example/kuhp"
    )
    unverified = reference("UU 1/2023 tentang KUHP Pasal 479", verified=False)
    article = make_article(
        index,
        image=True,
        references=[verified, unverified],
        body=[
            ("paragraph", RichText("<p>Halo <b>warga</b></p>")),
            ("legal_excerpt", {"reference": unverified, "quote": "kutipan"}),
            ("faq", [{"question": "Gratis?", "answer": RichText("<p>Ya.</p>")}]),
            ("steps", [{"title": "Lapor", "text": "Ke SPKT"}]),
            ("callout", {"kind": "emergency", "title": "Darurat", "text": RichText("<p>110</p>")}),
        ],
    )
    data = api_client.get(f"/api/v1/articles/{article.slug}/").json()
    types = [block["type"] for block in data["body"]]
    assert types == ["paragraph", "legal_excerpt", "faq", "steps", "callout"]
    assert data["body"][1]["value"]["reference"]["verified"] is False
    assert data["body"][3]["value"] == [{"title": "Lapor", "text": "Ke SPKT"}]
    assert "<b>warga</b>" in data["body_html"] and "<script" not in data["body_html"]
    refs = {r["citation"]: r for r in data["legal_references"]}
    assert (
        refs["UU 1/2023 tentang KUHP Pasal 476"]["source_url"] == "https://peraturan.example/kuhp"
    )
    assert refs["UU 1/2023 tentang KUHP Pasal 479"]["verified"] is False
    assert len(data["hero_image"]) == 3
    assert all(r["url"].startswith(settings.BASE_URL) for r in data["hero_image"].values())
    assert data["leaflet_url"].endswith(f"{article.slug}/leaflet/")


def test_body_html_strips_unsafe_markup(index):
    from counselling.api.body import body_html

    article = make_article(
        index, body=[("paragraph", RichText('<p onclick="x()">ok<script>alert(1)</script></p>'))]
    )
    html = body_html(article)
    assert "onclick" not in html and "<script" not in html and "ok" in html


def test_list_endpoint_runs_a_constant_number_of_queries(api_client, index):
    def fill(upto):
        while index.get_children().count() < upto:
            make_article(index, image=True, topics=[topic(CURANMOR), topic(PENIPUAN)])

    def count():
        api_client.get("/api/v1/articles/?limit=100")  # renditions are created on first use
        with CaptureQueriesContext(connection) as ctx:
            response = api_client.get("/api/v1/articles/?limit=100")
        return len(response.json()["results"]), len(ctx.captured_queries)

    fill(5)
    few_items, few = count()
    fill(50)
    many_items, many = count()
    assert (few_items, many_items) == (5, 50)
    assert few == many, (few, many)


def test_topics_and_legal_references_endpoints(api_client, index):
    reference("UU 1/2023 tentang KUHP Pasal 479", verified=False)
    topics = api_client.get("/api/v1/topics/").json()
    curanmor = next(t for t in topics if t["slug"] == CURANMOR)
    assert curanmor["url"].endswith(f"/panduan/topik/{CURANMOR}/")
    refs = api_client.get("/api/v1/legal-references/?verified=false").json()["results"]
    assert refs and all(r["verified"] is False for r in refs)


def test_list_items_keep_the_taxonomy_order_of_topics_and_audiences(api_client, index):
    first, second = topic(CURANMOR), topic(PENIPUAN)
    first.order, second.order = 5, 1  # the editors' order, not the alphabet or the insertion order
    first.save(), second.save()
    students, parents = Audience.objects.order_by("pk")[:2]
    students.order, parents.order = 9, 0
    students.save(), parents.save()
    article = make_article(index, topics=[first, second], audiences=[students, parents])
    item = next(i for i in results(api_client) if i["slug"] == article.slug)
    assert [t["slug"] for t in item["topics"]] == [PENIPUAN, CURANMOR]
    assert [a["slug"] for a in item["audiences"]] == [parents.slug, students.slug]
    other = make_article(index, topics=[], audiences=[])  # empty lists, not another article's
    item = next(i for i in results(api_client) if i["slug"] == other.slug)
    assert item["topics"] == [] and item["audiences"] == []


def test_the_list_walks_an_index_in_publication_order_instead_of_sorting_every_article(
    api_client, index
):
    """Migration counselling 0007: without the index every read sorts the whole archive."""
    for _ in range(3):
        make_article(index)
    indexed = {
        tuple(info["columns"])
        for info in connection.introspection.get_constraints(
            connection.cursor(), "wagtailcore_page"
        ).values()
        if info["index"]
    }
    assert {("last_published_at", "id"), ("first_published_at", "id")} <= indexed
    if connection.vendor != "sqlite":
        return  # PostgreSQL plans a three-row table with a sort whatever the indexes
    with CaptureQueriesContext(connection) as ctx:
        assert api_client.get("/api/v1/articles/?limit=2").status_code == 200
    listing = next(q["sql"] for q in ctx.captured_queries if "LIMIT 3" in q["sql"])
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + listing)
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    # Only ties on the publication time are sorted (by id), never the whole archive.
    assert "counselling_page_last_published_idx" in plan, plan
    assert "TEMP B-TREE FOR ORDER BY" not in plan, plan
