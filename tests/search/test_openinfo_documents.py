# ruff: noqa: F811  (visit fixtures imported from tests/openinfo/visits/conftest.py)
"""Disclosures and visit summaries in search: public fields only, lifecycle at once, kecamatan facet,
and marker strings from internal or personal fields never reach results or suggestions."""

import pytest

from openinfo.models import Category, ExemptionBasis, VisitReport
from search.service import get_service
from tests.openinfo.factories import PublicInformationFactory, file_request
from tests.openinfo.visits.conftest import area, build_report, people, topics  # noqa: F401  fixtures
from tests.search.factories import article

pytestmark = pytest.mark.django_db

# Unique words that must never be searchable or shown (each would be a leak).
MARKERS = {
    "internal_notes": "zulkarnaininternal",
    "signal": "kwetiausignal",
    "participant": "Wiryawanpeserta",
    "exempt_body": "rahasiaxenon",
    "draft": "drafzirkonium",
    "draft_revision": "revisiobsidian",
    "requester_name": "Kusumawardhanix",
    "requester_nik": "3671019911770001",
    "requester_phone": "081377712345",
    "requester_address": "Jalan Flamboyanrahasia",
}


@pytest.fixture(autouse=True)
def empty_index(db):
    get_service().engine.clear()


def keys(text, **filters):
    return [hit.key for hit in get_service().search(text, filters=filters).hits]


# --- disclosures ---------------------------------------------------------------------------------


def test_live_disclosure_is_found_and_follows_publish_unpublish_delete():
    item = PublicInformationFactory(title="Jadwal patroli dialogis kecamatan", live=False)
    assert keys("jadwal patroli") == []
    item.save_revision().publish()
    hits = get_service().search("jadwal patroli", filters={"type": ["disclosure"]}).hits
    assert [h.key for h in hits] == [f"disclosure:{item.pk}"]
    assert hits[0].url == item.get_absolute_url()
    item.refresh_from_db()  # publish() saved the revision's copy
    item.unpublish()
    assert keys("jadwal patroli") == []
    item.save_revision().publish()
    assert keys("jadwal patroli") == [f"disclosure:{item.pk}"]
    item.refresh_from_db()
    item.delete()
    assert keys("jadwal patroli") == []


def test_draft_changes_to_a_live_disclosure_stay_out_until_published():
    item = PublicInformationFactory(
        title="Laporan keuangan satbinmas", body="<p>Anggaran tahunan.</p>"
    )
    item.save_revision().publish()
    item.body = f"<p>{MARKERS['draft_revision']}</p>"
    item.save_revision()  # a draft revision: the live row is untouched
    assert keys(MARKERS["draft_revision"]) == []
    assert keys("anggaran") == [f"disclosure:{item.pk}"]


def test_exempt_disclosure_is_found_by_title_and_legal_basis_only():
    item = PublicInformationFactory(
        title="Rencana pengamanan objek vital",
        category=Category.DIKECUALIKAN,
        exemption_basis=ExemptionBasis.C,
        summary="Dokumen rencana pengamanan vitalsummary",
        consequence_test_summary="Membuka rencana dapat membahayakan keamanan.",
        body=f"<p>{MARKERS['exempt_body']} lokasi pos penjagaan</p>",
    )
    item.save_revision().publish()
    hit = get_service().search("rencana pengamanan").hits[0]
    assert hit.key == f"disclosure:{item.pk}"
    assert "pertahanan" in get_service().search("pertahanan keamanan").hits[0].snippet  # Pasal 17 c
    assert keys(MARKERS["exempt_body"]) == []
    assert keys("pos penjagaan") == []
    assert keys("vitalsummary") == []  # not even the summary: title, legal basis, consequence test


def test_disclosure_of_a_polsek_carries_its_kecamatan():
    from home.models import PoliceUnit

    unit = PoliceUnit.objects.filter(kind="polsek", covered_kecamatan__isnull=False).first()
    item = PublicInformationFactory(title="Rekap kegiatan polsek", unit=unit)
    item.save_revision().publish()
    code = unit.covered_kecamatan.order_by("code").first().code
    assert keys("rekap kegiatan", kecamatan=[code]) == [f"disclosure:{item.pk}"]


# --- visits --------------------------------------------------------------------------------------


def test_visit_summary_follows_approve_return_delete(people, topics):
    officer, k1 = people["officer_a"], people["k1"]
    report = build_report(
        officer,
        k1,
        status="submitted",
        summary="Sosialisasi bahaya pinjol ilegal.",
        topics=topics[:1],
    )
    assert keys("sosialisasi pinjol") == []  # submitted is not public
    report.approve(people["supervisor"])
    hits = get_service().search("sosialisasi pinjol", filters={"type": ["visit"]}).hits
    assert [h.key for h in hits] == [f"visit:{report.pk}"]
    assert hits[0].url == report.get_public_url()
    assert hits[0].topics[0]["slug"] == topics[0].slug
    assert k1.name.lower() in hits[0].title.lower()
    returned = build_report(officer, k1, status="submitted", summary="Sambang membahas kamling.")
    returned.return_with_comment(people["supervisor"], "Perbaiki.")
    assert keys("kamling") == []
    VisitReport.objects.filter(pk=report.pk).delete()
    report.delete()
    assert keys("sosialisasi pinjol") == []


def test_kecamatan_facet_and_filter_for_visits_and_articles(people, home_page):
    k1 = people["k1"]
    build_report(
        people["officer_a"],
        k1,
        status="approved",
        summary="Penyuluhan tawuran pelajar.",
        approver=people["supervisor"],
    )
    page = article(home_page, title="Tawuran pelajar di gang", target_kecamatan=k1.kecamatan)
    results = get_service().search("tawuran", filters={"kecamatan": [k1.kecamatan.code]})
    assert {h.type for h in results.hits} == {"visit", "article"}
    assert f"article:{page.pk}" in [h.key for h in results.hits]
    facet = {v.value: v for v in results.facets["kecamatan"]}
    assert facet[k1.kecamatan.code].count == 2
    assert facet[k1.kecamatan.code].label == k1.kecamatan.name


# --- markers: internal and personal data never reach search -------------------------------------


@pytest.fixture
def marked_content(people, topics):
    officer, k1 = people["officer_a"], people["k1"]
    report = build_report(
        officer,
        k1,
        status="approved",
        approver=people["supervisor"],
        topics=topics[:1],
        summary="Sambang ke pos kamling membahas ronda malam.",
        internal_notes=f"Catatan {MARKERS['internal_notes']} ronda",
        participant_names=f"{MARKERS['participant']}\nBapak Sutisna",
        signals=(("narkoba", "tinggi", f"Dugaan {MARKERS['signal']} ronda", "open"),),
    )
    exempt = PublicInformationFactory(
        title="Berkas penyelidikan ronda",
        category=Category.DIKECUALIKAN,
        exemption_basis=ExemptionBasis.A,
        consequence_test_summary="Menghambat penyelidikan.",
        body=f"<p>{MARKERS['exempt_body']} ronda</p>",
    )
    exempt.save_revision().publish()
    PublicInformationFactory(
        title=f"Ronda {MARKERS['draft']}", live=False, body=f"<p>{MARKERS['draft']} ronda</p>"
    )
    file_request(
        requester_name=f"Siti {MARKERS['requester_name']}",
        identity_number=MARKERS["requester_nik"],
        phone=MARKERS["requester_phone"],
        address=MARKERS["requester_address"],
        information_requested="Jadwal ronda dan patroli",
    )
    assert get_service().search("ronda").total >= 2  # the public parts are indexed
    return report


@pytest.mark.parametrize("marker", list(MARKERS.values()), ids=list(MARKERS))
def test_marker_is_never_found_by_api_or_suggest(api_client, marked_content, marker):
    data = api_client.get("/api/v1/search/", {"q": marker}).json()
    assert data["results"] == [] and data["total"] == 0
    for prefix in (marker, marker[:6]):
        response = api_client.get("/api/v1/search/suggest/", {"q": prefix})
        assert response.status_code == 200
        assert marker.lower() not in str(response.json()["suggestions"]).lower()


@pytest.mark.parametrize("query", ["ronda", "kamling", "penyelidikan", "patroli", "sambang"])
def test_markers_never_appear_in_results_of_public_queries(
    api_client, client, marked_content, query
):
    api = api_client.get("/api/v1/search/", {"q": query, "page_size": 50}).content.decode().lower()
    page = client.get("/cari/", {"q": query}).content.decode().lower()
    suggest = str(
        api_client.get("/api/v1/search/suggest/", {"q": query}).json()["suggestions"]
    ).lower()
    for marker in MARKERS.values():
        assert marker.lower() not in api
        assert marker.lower() not in page
        assert marker.lower() not in suggest
