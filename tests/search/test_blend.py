"""The blend across kinds (issue 12): guidance first unless the query is about another kind, an
honest "no answer" under the relevance floor, "did you mean" only from content words and only
when it finds better answers, legal references grouped under their article, sections in the API."""

from datetime import date

import pytest

from search import intent
from search.documents import SearchDocument
from search.engines.database import DatabaseEngine
from search.service import get_service

pytestmark = pytest.mark.django_db

PINJOL = ("pinjaman-online-ilegal-pinjol-teror-penagihan",)
PINJOL_NAME = ("Pinjaman online ilegal (pinjol) & teror penagihan",)


def visit(n, kelurahan, kecamatan, code, activity="Penyuluhan/binluh"):
    return SearchDocument(
        key=f"visit:{n}",
        type="visit",
        id=n,
        title=f"{activity} di Kelurahan {kelurahan}, Kecamatan {kecamatan}",
        summary=f"Penyuluhan hukum kepada {10 + n} peserta di balai warga RW 0{n % 9 + 1}.",
        keywords=activity,
        body=f"Kelurahan {kelurahan}, Kecamatan {kecamatan}",
        url=f"/sambang/{n}/",
        date=date(2026, 1, 1 + n % 28),
        topics=PINJOL,
        topic_names=PINJOL_NAME,
        topic_weight="low",
        kecamatan=(code,),
    )


BLEND_CORPUS = [
    SearchDocument(
        key="article:1",
        type="article",
        id=1,
        title="Diteror penagih pinjol ilegal: Anda tidak sendirian dan bisa melapor",
        summary="Penagih pinjaman online ilegal menyebar data dan meneror keluarga? Simpan bukti.",
        body="Penagihan dengan ancaman dan penyebaran data ke kontak Anda adalah perbuatan pidana. "
        "Laporkan ke polisi dan OJK.",
        url="/penyuluhan/pinjol/",
        date=date(2026, 2, 2),
        topics=PINJOL,
        topic_names=PINJOL_NAME,
    ),
    SearchDocument(
        key="article:2",
        type="article",
        id=2,
        title="Dibegal atau dijambret di jalan: selamatkan diri dulu, barang belakangan",
        summary="Nyawa lebih berharga daripada motor atau ponsel.",
        body="Jangan melawan pelaku bersenjata. Catat ciri pelaku dan lapor ke polsek.",
        url="/penyuluhan/begal/",
        date=date(2026, 1, 5),
    ),
    SearchDocument(
        key="legal_reference:7",
        type="legal_reference",
        id=7,
        title="UU 1/2023 tentang KUHP Pasal 482",
        body="Pemerasan dan pengancaman: memaksa orang memberikan sesuatu dengan kekerasan atau "
        "ancaman.",
        url="/penyuluhan/pinjol/",
        topics=PINJOL,
        topic_names=PINJOL_NAME,
        topic_weight="low",
        extra={"articles": [1, 2]},
    ),
    SearchDocument(
        key="disclosure:3",
        type="disclosure",
        id=3,
        title="Laporan Keuangan Satbinmas 2025",
        summary="Realisasi anggaran kegiatan pembinaan masyarakat. Berkala (Pasal 9)",
        body="Anggaran sambang dan penyuluhan.",
        url="/informasi-publik/daftar/keuangan/",
        date=date(2026, 1, 10),
    ),
    *[visit(n, "Sukarasa", "Tangerang", "36.71.01") for n in range(10, 25)],
    visit(30, "Pajang", "Benda", "36.71.10", activity="Sambang (kunjungan)"),
]


@pytest.fixture
def blended(db):
    engine = get_service().engine
    engine.clear()
    engine.bulk_index(BLEND_CORPUS)
    return get_service()


def test_guidance_comes_before_the_visit_summaries_that_mention_its_topic(blended):
    results = blended.search("pinjol nagih terus")
    assert results.intent == "guidance"
    assert results.hits[0].key == "article:1"
    kinds = [hit.type for hit in results.hits]
    # whole kinds in order: guidance, then legal references, then the rest
    assert kinds == sorted(kinds, key=intent.ORDERS["guidance"].index)


def test_a_legal_citation_puts_legal_references_first(blended):
    results = blended.search("pasal 482 kuhp pemerasan")
    assert results.intent == "legal"
    assert results.hits[0].key == "legal_reference:7"


def test_a_place_with_activity_words_puts_visit_summaries_first(blended):
    results = blended.search("penyuluhan di kelurahan sukarasa")
    assert results.intent == "visit"
    assert results.hits[0].type == "visit"
    assert "Sukarasa" in results.hits[0].title


def test_a_register_term_puts_public_information_first(blended):
    results = blended.search("laporan keuangan anggaran")
    assert results.intent == "disclosure"
    assert results.hits[0].key == "disclosure:3"


@pytest.mark.parametrize(
    "query",
    ["cara membuat rendang padang", "resep rendang padang", "skor bola liga inggris tadi malam"],
)
def test_off_topic_queries_get_no_answer_and_no_region_correction(blended, query):
    results = blended.search(query)
    assert results.total == 0 and results.hits == []
    assert results.suggestion is None  # never "pajang" (a kelurahan) for "padang"


def test_the_floor_keeps_answers_that_match_most_of_the_query(blended):
    # "nagih" is a colloquial "tagih": understood without a "did you mean"
    results = blended.search("pinjol nagih terus")
    assert results.total >= 1 and results.suggestion is None
    # an unknown word weighs like the best known one: half the query matched is still an answer
    assert blended.search("dibegal di jalan tol").hits[0].key == "article:2"


def test_a_floor_of_zero_shows_every_match_and_a_floor_of_one_only_full_matches(blended):
    loose = DatabaseEngine(relevance_floor=0.0).query("resep rendang ancaman")
    strict = DatabaseEngine(relevance_floor=1.0).query("resep rendang ancaman")
    assert loose.total >= 1 and strict.total == 0


def test_did_you_mean_only_when_the_correction_finds_better_answers(blended):
    fixed = blended.search("pinjamn online")
    assert fixed.suggestion == "pinjaman online"
    assert fixed.hits[0].key == "article:1"
    # a region name is offered for a misspelt place when the query is about a place
    assert blended.search("sambang kelurahan pajnag").suggestion == "sambang kelurahan pajang"


def test_region_names_are_never_offered_for_other_words(blended):
    engine = get_service().engine
    assert "pajang" not in engine.corrections(["padang"]).values()
    assert engine.corrections(["pajnag"], allow_regions=True) == {"pajnag": "pajang"}


def test_api_keeps_a_flat_ranked_list_with_sections(api_client, blended):
    data = api_client.get("/api/v1/search/", {"q": "pinjol nagih terus"}).json()
    assert data["intent"] == "guidance"
    assert [s["type"] for s in data["sections"]][:2] == ["article", "legal_reference"]
    assert sum(s["count"] for s in data["sections"]) == data["total"]
    assert data["results"][0]["type"] == "article"
    legal = next(r for r in data["results"] if r["type"] == "legal_reference")
    assert legal["articles"] == [1, 2]
    assert api_client.get("/api/v1/search/", {"q": "resep rendang padang"}).json()["total"] == 0


def test_page_groups_kinds_and_shows_legal_basis_under_the_article(client, blended, home_page):
    html = client.get("/cari/", {"q": "pinjol nagih terus"}).content.decode()
    assert html.index("Diteror penagih pinjol") < html.index('id="section-visit"')
    assert 'class="legal-basis"' in html and "UU 1/2023 tentang KUHP Pasal 482" in html
    assert html.count("UU 1/2023 tentang KUHP Pasal 482") == 1  # under its article, not a hit
    assert "type=visit" in html  # the activity reports' tab, a plain link
    tab = client.get("/cari/", {"q": "pinjol nagih terus", "type": "visit"}).content.decode()
    assert "hit-visit" in tab and "hit-article" not in tab


def test_off_topic_page_shows_the_zero_result_help(client, blended, home_page):
    html = client.get("/cari/", {"q": "cara membuat rendang padang"}).content.decode()
    assert "zero-results" in html and "110" in html
    assert "temukan-bhabinkamtibmas" in html and "informasi-publik/permohonan" in html
    assert "Maksud Anda" not in html


@pytest.mark.parametrize(
    "params",
    [
        {"q": '"pinjol" OR NEAR(a b) * ^ -'},
        {"q": "x" * 2000},
        {"q": "🙂🙂 pinjol 🙂"},
        {"q": "pinjol", "type": "rahasia"},
        {"q": "pinjol", "page": "99999"},
        {"q": "pinjol", "type": "visit", "page": "500"},
    ],
)
def test_bad_input_on_the_grouped_page_is_never_a_500(client, blended, home_page, params):
    assert client.get("/cari/", params).status_code == 200


# --- issue 12 follow-up: the floor weighs what the question is about --------------------------

HP_ARTICLE = SearchDocument(
    key="article:5",
    type="article",
    id=5,
    title="HP tertinggal di angkot: amankan akun dulu",
    summary="HP tertinggal di angkot atau taksi? Hubungi sopir dan kunci akun.",
    body="Kunci akun dari perangkat lain dan minta bantuan operator angkot.",
    url="/penyuluhan/hp/",
    date=date(2026, 1, 7),
)


@pytest.fixture
def with_topics(blended):
    from counselling.models import Topic

    Topic.objects.create(
        code="X02", name="Pencurian dengan kekerasan / begal / jambret", slug="x02"
    )
    Topic.objects.create(code="X12", name=PINJOL_NAME[0], slug="x12")
    blended.engine.bulk_index([HP_ARTICLE])
    intent.clear_cache()
    yield blended
    intent.clear_cache()


@pytest.mark.parametrize("query", ["jadwal ponsel", "jadwal ponsel di tangerang", "cuaca ponsel"])
def test_an_off_topic_query_with_one_accidental_site_word_gets_no_answer(with_topics, query):
    # "ponsel" occurs in the begal guide; "jadwal"/"cuaca" are real words the site never uses:
    # they weigh twice the best known word, and "tangerang" (a place) is not counted at all.
    results = with_topics.search(query)
    assert results.total == 0 and results.hits == []
    assert results.suggestion is None  # a dictionary word: no "did you mean"


def test_a_slang_guidance_query_puts_the_guide_of_its_problem_first(with_topics):
    # "hp" and "angkot" both match the guide about a phone left in an angkot; "dijambret" names
    # a topic of the site's guidance and weighs double: the begal guide answers the question.
    results = with_topics.search("hp gw dijambret di angkot dong")
    assert results.hits[0].key == "article:2"
    assert "article:5" in [hit.key for hit in results.hits]


def test_the_api_and_page_agree_on_the_floor_and_the_guide(
    api_client, client, with_topics, home_page
):
    data = api_client.get("/api/v1/search/", {"q": "hp gw dijambret di angkot dong"}).json()
    assert data["results"][0]["type"] == "article"
    assert data["results"][0]["url"].endswith("/penyuluhan/begal/")
    empty = api_client.get("/api/v1/search/", {"q": "jadwal ponsel"}).json()
    assert empty["total"] == 0 and empty["results"] == []
    html = client.get("/cari/", {"q": "jadwal ponsel"}).content.decode()
    assert "zero-results" in html and "Maksud Anda" not in html
    page = client.get("/cari/", {"q": "hp gw dijambret di angkot dong"}).content.decode()
    assert "zero-results" not in page
    assert page.index("/penyuluhan/begal/") < page.index("/penyuluhan/hp/")


def test_dictionary_words_are_not_corrected_but_typos_are(blended):
    engine = blended.engine
    # "lapar" and "cacat" are one edit from "lapor" and "catat" (indexed), but real words
    assert engine.corrections(["lapar", "cacat"]) == {}
    assert engine.corrections(["ancamn"]) == {"ancamn": "ancaman"}
