"""The change log and webhooks cover the content types: articles (pages), register items (snippets
with draft state) and visit summaries (approved only). A mirror replayed from /changes/ equals the
list APIs after publishes, edits, unpublishes and deletes."""

import pytest
from wagtail.rich_text import RichText

from openinfo.models import Category, ExemptionBasis
from partners.models import ChangeEvent
from tests.counselling.factories import counselling_index, make_article, topic
from tests.factories import OfficerFactory, kelurahan
from tests.openinfo.factories import PublicInformationFactory
from tests.openinfo.visits.conftest import build_report
from tests.partners.test_changes import listed, only, replay

pytestmark = pytest.mark.django_db

CONTENT = ("article", "disclosure", "visit", "topic", "legal_reference")


@pytest.fixture(autouse=True)
def same_base_url(settings):
    # Lists build absolute URLs from the request's host, /changes/ (and webhooks) from BASE_URL;
    # in production they are the same host.
    settings.BASE_URL = "http://testserver"


def events(type_name, pk):
    return list(
        ChangeEvent.objects.filter(type=type_name, object_id=str(pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_mirror_of_articles_disclosures_and_visits_equals_the_lists(api_client, django_user_model):
    index = counselling_index()
    mirror, cursor = replay(api_client, limit=50)
    assert only(mirror, *CONTENT) == listed(api_client, CONTENT)

    # Articles: publish, edit and republish, unpublish, delete, a draft that never goes live.
    kept = make_article(index, title="Tetap")
    edited = make_article(index, title="Awal")
    pulled = make_article(index, title="Ditarik")
    removed = make_article(index, title="Dihapus")
    draft = make_article(index, title="Draf", publish=False)
    edited.title = "Sudah diedit"
    edited.body = [("paragraph", RichText("<p>Isi baru.</p>"))]
    edited.topics = [topic("penipuan-online-olshop-investasi-bodong")]
    edited.save_revision().publish()
    pulled.unpublish()
    removed_pk = removed.pk
    removed.delete()

    # Register items: a live item, an exempt one (listed with its basis, never its content),
    # a draft edit of a live item (not a change until published), an unpublished one, a deleted one.
    shown = PublicInformationFactory(title="Laporan tahunan")
    exempt = PublicInformationFactory(
        title="Rencana pengamanan",
        category=Category.DIKECUALIKAN,
        exemption_basis=ExemptionBasis.A,
        body="<p>rahasia</p>",
        consequence_test_summary="Membahayakan penegakan hukum.",
    )
    drafted = PublicInformationFactory(title="Jadwal pelayanan")
    drafted.title = "Jadwal pelayanan (draf)"
    drafted.save_revision()
    withdrawn = PublicInformationFactory(title="Ditarik kembali")
    withdrawn.unpublish()
    deleted = PublicInformationFactory(title="Dihapus")
    deleted_pk = deleted.pk
    deleted.delete()
    PublicInformationFactory(title="Tidak pernah tayang", live=False)

    # Visits: only approved reports; a draft and a submitted one stay private; one is deleted.
    kel = kelurahan("36.71.03.1001")
    officer = OfficerFactory(
        name="Petugas Sambang",
        kelurahan=[kel],
        user=django_user_model.objects.create_user("petugas-sambang"),
    )
    approved = build_report(officer, kel, status="approved")
    build_report(officer, kel, status="draft")
    build_report(officer, kel, status="submitted")
    gone = build_report(officer, kel, status="approved")
    gone_pk = gone.pk
    assert events("visit", gone_pk) == ["create"]
    gone.delete()

    mirror, cursor = replay(api_client, mirror, cursor, limit=7)
    fresh, _ = replay(api_client, limit=50)
    corpus = listed(api_client, CONTENT)
    assert only(mirror, *CONTENT) == corpus == only(fresh, *CONTENT)

    articles = {d["title"] for k, d in corpus.items() if k[0] == "article"}
    assert {"Tetap", "Sudah diedit"} <= articles and not {
        "Ditarik",
        "Dihapus",
        "Draf",
        "Awal",
    } & articles
    assert (
        corpus[("article", str(edited.pk))]["topics"][0]["slug"]
        == "penipuan-online-olshop-investasi-bodong"
    )
    assert events("article", kept.pk) == ["create"]
    assert events("article", edited.pk) == ["create", "update"]
    assert events("article", pulled.pk) == ["create", "delete"]
    assert events("article", removed_pk) == ["create", "delete"]
    assert events("article", draft.pk) == []

    register = {k[1]: d for k, d in corpus.items() if k[0] == "disclosure"}
    assert set(register) == {str(shown.pk), str(exempt.pk), str(drafted.pk)}
    assert (
        register[str(exempt.pk)]["body"] is None
        and register[str(exempt.pk)]["exemption_basis"] == "a"
    )
    assert register[str(drafted.pk)]["title"] == "Jadwal pelayanan"  # the draft is not public
    assert events("disclosure", drafted.pk) == ["create"]
    assert events("disclosure", withdrawn.pk) == ["create", "delete"]
    assert events("disclosure", deleted_pk) == ["create", "delete"]

    visits = {k[1] for k in corpus if k[0] == "visit"}
    assert visits == {str(approved.pk)}
    assert events("visit", gone_pk) == ["create", "delete"]
    assert events("visit", approved.pk) == ["create"]
    assert "internal_notes" not in corpus[("visit", str(approved.pk))]


def test_republishing_an_unpublished_article_is_a_create_again(api_client):
    article = make_article(counselling_index(), title="Kembali")
    article.unpublish()
    article.refresh_from_db()
    article.get_latest_revision().publish()
    assert events("article", article.pk) == ["create", "delete", "create"]


def test_publishing_a_disclosure_draft_is_an_update(api_client):
    item = PublicInformationFactory(title="Versi satu")
    item.title = "Versi dua"
    revision = item.save_revision()
    assert events("disclosure", item.pk) == ["create"]
    revision.publish()
    assert events("disclosure", item.pk) == ["create", "update"]
    data = api_client.get("/api/v1/changes/", {"types": "disclosure"}).json()["results"]
    assert data[-1]["data"]["title"] == "Versi dua"
