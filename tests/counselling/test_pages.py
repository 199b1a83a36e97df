import json
import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.rich_text import RichText

from counselling.models import Audience
from tests.counselling.factories import counselling_index, make_article, reference, topic
from tests.factories import OfficerFactory, kelurahan

CURANMOR = "pencurian-kendaraan-bermotor-curanmor"
PENIPUAN = "penipuan-online-olshop-investasi-bodong"
MARKER = "PENANDA-DRAF-7Q4Z"


@pytest.fixture
def index(db):
    return counselling_index()


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def test_index_lists_only_live_public_articles(client, index):
    live = make_article(index, title="Artikel tayang")
    make_article(index, title="Artikel draf", publish=False)
    make_article(index, title="Artikel privat", private=True)
    scheduled = make_article(
        index,
        title="Artikel terjadwal",
        publish=False,
        go_live_at=timezone.now() + timedelta(days=2),
    )
    scheduled.get_latest_revision().publish()
    html = html_of(client, index.url)
    assert live.title in html
    assert (
        "Artikel draf" not in html
        and "Artikel privat" not in html
        and "Artikel terjadwal" not in html
    )


def test_topic_page_and_audience_filter_work_without_javascript(client, index):
    pelajar = Audience.objects.get(slug="pelajar")
    make_article(index, title="Motor dicuri", topics=[topic(CURANMOR)])
    make_article(index, title="Kena tipu olshop", topics=[topic(PENIPUAN)], audiences=[pelajar])
    make_article(index, title="Tipu investasi", topics=[topic(PENIPUAN)])
    html = html_of(client, f"{index.url}topik/{PENIPUAN}/")
    assert "Kena tipu olshop" in html and "Tipu investasi" in html and "Motor dicuri" not in html
    html = html_of(client, f"{index.url}topik/{PENIPUAN}/?audiens=pelajar")
    assert "Kena tipu olshop" in html and "Tipu investasi" not in html
    html = html_of(client, f"{index.url}?topik={CURANMOR}")
    assert "Motor dicuri" in html and "Kena tipu olshop" not in html
    assert client.get(f"{index.url}topik/tidak-ada/").status_code == 404


def test_index_paginates_with_plain_links(client, index):
    for n in range(14):
        make_article(index, title=f"Artikel nomor {n:02d}")
    first = html_of(client, index.url)
    second = html_of(client, f"{index.url}?halaman=2")
    assert 'rel="next"' in first and "halaman=2" in first
    assert first.count("article-card") == 12 and second.count("article-card") == 2
    assert html_of(client, f"{index.url}?halaman=abc").count("article-card") == 12


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_index_topic_pages_and_feeds_run_a_constant_number_of_queries(client, index):
    paths = [
        "",
        f"topik/{CURANMOR}/",
        "?audiens=umum&halaman=2",
        "feed/rss/",
        f"topik/{CURANMOR}/feed/atom/",
    ]

    def fill(upto):
        while index.get_children().count() < upto:
            make_article(index, topics=[topic(CURANMOR)], image=True, references=[reference()])

    def measure():
        counts = {}
        for path in paths:
            client.get(f"{index.url}{path}")  # renditions are created on the first view
            counts[path] = _queries(client, f"{index.url}{path}")
        return counts

    fill(5)
    few = measure()
    fill(50)
    many = measure()
    assert few == many, (few, many)


def test_article_page_reads_in_indonesian_with_seo_tags_and_help(client, index):
    kel = kelurahan("36.71.03.1002")
    OfficerFactory(
        name="Aiptu Penolong", kelurahan=[kel], contact_opt_in=True, phone="081200001111"
    )
    verified = reference(
        "UU 1/2023 tentang KUHP Pasal 476", verified=True, explanation="Pencurian."
    )
    unverified = reference("UU 1/2023 tentang KUHP Pasal 479", verified=False)
    article = make_article(
        index,
        title="Motor hilang",
        summary="Langkah pertama saat motor hilang.",
        references=[verified, unverified],
        target_kelurahan=kel,
        target_kecamatan=kel.kecamatan,
        body=[
            ("paragraph", RichText("<p>Isi.</p>")),
            ("legal_excerpt", {"reference": verified, "quote": "Setiap orang yang mengambil"}),
            ("legal_excerpt", {"reference": unverified, "quote": "kutipan belum pasti"}),
            ("steps", [{"title": "Lapor ke SPKT", "text": ""}]),
        ],
    )
    html = html_of(client, article.url)
    canonical = settings.BASE_URL.rstrip("/") + article.url
    assert f'<link rel="canonical" href="{canonical}">' in html
    assert f'<meta property="og:url" content="{canonical}">' in html
    assert 'property="og:title"' in html and 'property="og:description"' in html
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    )
    assert data["@type"] == "Article" and data["headline"] == "Motor hilang"
    assert (
        data["mainEntityOfPage"] == canonical and "datePublished" in data and "dateModified" in data
    )
    assert "Butuh bantuan?" in html and 'href="tel:110"' in html
    assert "Aiptu Penolong" in html and "081200001111" in html
    assert "wa.me/?text=" in html and "Salin tautan" in html
    assert "Lapor ke SPKT" in html and "menit" in html
    # Verified law is shown; an unverified number is never presented to residents as fact.
    assert "UU 1/2023 tentang KUHP Pasal 476" in html
    assert "Pasal 479" not in html and "kutipan belum pasti" not in html


def test_related_articles_are_chosen_first_else_computed_from_shared_topics(client, index):
    a = make_article(index, title="Tipu A", topics=[topic(PENIPUAN), topic(CURANMOR)])
    b = make_article(index, title="Tipu B", topics=[topic(PENIPUAN), topic(CURANMOR)])
    c = make_article(index, title="Tipu C", topics=[topic(PENIPUAN)])
    unrelated = make_article(
        index, title="Lain sekali", topics=[topic("laporan-polisi-pengaduan-umum")]
    )
    assert [p.pk for p in a.get_related_articles()] == [b.pk, c.pk]
    chosen = make_article(
        index, title="Dengan pilihan", topics=[topic(PENIPUAN)], related=[unrelated]
    )
    assert [p.pk for p in chosen.get_related_articles()] == [unrelated.pk]
    draft = make_article(index, title="Draf", publish=False)
    with_draft = make_article(
        index, title="Pilihan draf", topics=[topic(PENIPUAN)], related=[draft]
    )
    assert draft.pk not in [p.pk for p in with_draft.get_related_articles()]
    assert "Tipu B" in html_of(client, a.url)


def test_a_draft_revision_never_leaks_to_page_feeds_sitemap_or_api(client, api_client, index):
    article = make_article(index, title="Judul tayang", topics=[topic(CURANMOR)])
    article.title = f"Judul {MARKER}"
    article.summary = f"Ringkasan {MARKER}"
    article.body = [("paragraph", RichText(f"<p>{MARKER}</p>"))]
    article.save_revision()
    urls = [
        article.url,
        index.url,
        f"{index.url}topik/{CURANMOR}/",
        f"{index.url}feed/rss/",
        f"{index.url}feed/atom/",
        f"{index.url}topik/{CURANMOR}/feed/rss/",
        f"{index.url}topik/{CURANMOR}/feed/atom/",
        "/sitemap.xml",
    ]
    for url in urls:
        html = html_of(client, url)
        assert MARKER not in html, url
    for url in ["/api/v1/articles/", f"/api/v1/articles/{article.slug}/"]:
        response = api_client.get(url)
        assert response.status_code == 200 and MARKER not in response.content.decode(), url
    assert "Judul tayang" in html_of(client, article.url)


def test_sitemap_lists_live_public_articles_and_topic_pages_only(client, index):
    live = make_article(index, title="Tayang", topics=[topic(CURANMOR)])
    draft = make_article(index, title="Draf", publish=False)
    private = make_article(index, title="Privat", private=True)
    xml = html_of(client, "/sitemap.xml")
    assert live.url in xml and f"/topik/{CURANMOR}/" in xml
    assert f"/{draft.slug}/" not in xml and f"/{private.slug}/" not in xml


def test_rss_and_atom_feeds_carry_absolute_links_and_only_the_topic(client, index):
    a = make_article(index, title="Motor A", topics=[topic(CURANMOR)])
    make_article(index, title="Tipu B", topics=[topic(PENIPUAN)])
    rss = ET.fromstring(client.get(f"{index.url}topik/{CURANMOR}/feed/rss/").content)
    items = rss.findall("./channel/item")
    assert [i.findtext("title") for i in items] == ["Motor A"]
    assert items[0].findtext("link") == settings.BASE_URL.rstrip("/") + a.url
    atom = ET.fromstring(client.get(f"{index.url}feed/atom/").content)
    titles = {
        e.findtext("{http://www.w3.org/2005/Atom}title")
        for e in atom.findall("{http://www.w3.org/2005/Atom}entry")
    }
    assert titles == {"Motor A", "Tipu B"}
    assert client.get(f"{index.url}topik/tidak-ada/feed/rss/").status_code == 404
