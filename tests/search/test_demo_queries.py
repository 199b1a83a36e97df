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


@pytest.mark.parametrize(("query", "topic"), [
    ("ditipu olshop gk dikirim", "penipuan-online-olshop-investasi-bodong"),
    ("motor ilang", "pencurian-kendaraan-bermotor-curanmor"),
    ("pinjol neror keluarga", "pinjaman-online-ilegal-pinjol-teror-penagihan"),
])
def test_informal_query_puts_the_right_guidance_first(request, demo_articles, query, topic):
    from django.db import connection

    if connection.vendor == "postgresql" and query == "pinjol neror keluarga":
        # Known gap (see docs/search.md): ts_rank has no IDF, so "keluarga" in another article's
        # title outranks the pinjol article's body/topic matches. Strict: passes loudly when fixed.
        request.applymarker(pytest.mark.xfail(strict=True, reason="ts_rank has no IDF"))
    first = demo_articles.search(query).hits[0]
    assert first.type == "article"
    assert topic in [t["slug"] for t in first.topics]
