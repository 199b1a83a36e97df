"""Index lifecycle: publish, edit, unpublish and delete reach search at once (immediate tasks);
drafts, private pages and unverified legal references never do."""

import pytest
from django.core.management import call_command
from wagtail.models import PageViewRestriction

from counselling.models import LegalReference
from search.service import get_service
from tests.search.factories import article

pytestmark = pytest.mark.django_db


def found(text, **filters):
    return [hit.key for hit in get_service().search(text, filters=filters).hits]


@pytest.fixture(autouse=True)
def empty_index(db):
    get_service().engine.clear()


def test_published_article_is_found_with_its_public_fields(home_page):
    page = article(home_page, title="Motor raib di parkiran", target_kecamatan=None)
    hit = get_service().search("motor raib").hits[0]
    assert hit.key == f"article:{page.pk}"
    assert hit.url == page.url
    assert hit.topics[0]["slug"] == "pencurian-kendaraan-bermotor-curanmor"


def test_unpublished_article_is_gone_at_once(home_page):
    page = article(home_page, title="Pinjol meneror keluarga")
    assert found("pinjol") == [f"article:{page.pk}"]
    page.unpublish()
    assert found("pinjol") == []


def test_draft_revision_text_is_never_indexed(home_page):
    page = article(home_page, title="Teror pinjol")
    page.title = "Teror pinjol zebramarker"
    page.save_revision()  # a draft: not published
    assert found("zebramarker") == []
    assert found("teror pinjol") == [f"article:{page.pk}"]
    page.get_latest_revision().publish()
    assert found("zebramarker") == [f"article:{page.pk}"]


def test_never_published_page_is_not_indexed(home_page):
    article(home_page, title="Rahasia draf kalajengking", publish=False)
    assert found("kalajengking") == []


def test_deleted_article_is_removed(home_page):
    page = article(home_page, title="Judi slot gacor")
    assert found("judi slot")
    page.delete()
    assert found("judi slot") == []


def test_private_page_is_not_indexed(home_page):
    page = article(home_page, title="Halaman internal kelinci")
    PageViewRestriction.objects.create(page=page, restriction_type="login")
    call_command("search_reindex", stdout=__import__("io").StringIO())
    assert found("kelinci") == []


def test_a_privacy_setting_takes_the_page_and_its_children_out_of_search_at_once(home_page):
    page = article(home_page, title="Panduan bekicot rahasia")
    assert found("bekicot") == [f"article:{page.pk}"]
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="rahasia"
    )
    assert found("bekicot") == []  # no reindex needed
    restriction.delete()
    assert found("bekicot") == [f"article:{page.pk}"]
    parent = page.get_parent()
    PageViewRestriction.objects.create(page=parent, restriction_type="login")
    assert found("bekicot") == []


def test_only_verified_legal_references_are_indexed(home_page):
    unverified = LegalReference.objects.create(
        instrument="UU 99/2099", article="Pasal 1", explanation="Aturan tentang layang-layang."
    )
    assert found("layang") == []
    page = article(home_page, title="Bermain layang-layang aman")
    page.legal_references.add(unverified)
    unverified.verified = True
    unverified.save()
    keys = found("layang", type=["legal_reference"])
    assert keys == [f"legal_reference:{unverified.pk}"]
    unverified.verified = False
    unverified.save()
    assert found("layang", type=["legal_reference"]) == []


def test_an_interrupted_reindex_leaves_the_live_index_untouched(home_page):
    from search.service import SearchService

    live = article(home_page, title="Panduan trenggiling tersesat")
    assert found("trenggiling") == [f"article:{live.pk}"]
    service = SearchService()
    real_documents = service.documents

    def crashing(batches):
        # The engine has cleared the old rows when it asks for the first batch; then the process
        # "dies" (an exception here, a kill in real life) before anything is written back.
        raise RuntimeError("killed halfway through the rebuild")
        yield from batches

    def documents_then_crash(batch_size):
        for type_name, total, batches in real_documents(batch_size):
            yield type_name, total, crashing(batches)

    service.documents = documents_then_crash
    before = get_service().engine.count()
    with pytest.raises(RuntimeError):
        service.reindex()
    assert found("trenggiling") == [f"article:{live.pk}"]  # the old index, whole
    assert get_service().engine.count() == before


def test_search_reindex_prints_counts_and_time(home_page):
    article(home_page, title="Tawuran pelajar")
    LegalReference.objects.create(
        instrument="UU 1/2023",
        article="Pasal 262",
        verified=True,
        explanation="Kekerasan bersama di muka umum.",
    )
    get_service().engine.clear()
    out = __import__("io").StringIO()
    call_command("search_reindex", "--batch-size", "1", stdout=out)
    text = out.getvalue()
    assert (
        "Indexed 2 documents (article: 1, qa: 0, legal_reference: 1, disclosure: 0, visit: 0)"
        in text
    )
    assert "[##############################] 1/1" in text
    assert found("tawuran")


def test_search_demo_is_idempotent(home_page):
    from search.models import SynonymGroup

    call_command("search_demo", stdout=__import__("io").StringIO())
    count = SynonymGroup.objects.count()
    call_command("search_demo", stdout=__import__("io").StringIO())
    assert SynonymGroup.objects.count() == count > 0


def test_editor_synonym_groups_apply_at_query_time(home_page):
    from search.models import SynonymGroup

    page = article(home_page, title="Kendaraan raib")
    assert found("lenyap") == []
    SynonymGroup.objects.create(terms="raib, lenyap")
    assert found("lenyap") == [f"article:{page.pk}"]
