"""The informal queries of issue 4 on the real demo corpus (counselling/data/demo_articles.jsonl):
the right guidance comes first."""

import pytest
from django.core.management import call_command

from search.service import get_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_articles(home_page):
    import io

    get_service().engine.clear()
    call_command("counselling_demo", stdout=io.StringIO())
    return get_service()


@pytest.mark.parametrize(
    ("query", "topic"),
    [
        ("ditipu olshop gk dikirim", "penipuan-online-olshop-investasi-bodong"),
        ("motor ilang", "pencurian-kendaraan-bermotor-curanmor"),
        ("pinjol neror keluarga", "pinjaman-online-ilegal-pinjol-teror-penagihan"),
        ("hp dicuri di angkot", "pencurian-rumah-barang-curat-rumah-kosong"),
    ],
)
def test_informal_query_puts_the_right_guidance_first(demo_articles, query, topic):
    first = demo_articles.search(query).hits[0]
    assert first.type == "article"
    assert topic in [t["slug"] for t in first.topics]
