"""Public side: activity pages, /api/v1/visits/, /api/v1/stats/visits/; only approved public fields."""

import csv
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from openinfo.visits.aggregates import rebuild_all
from tests.openinfo.visits.conftest import build_report

pytestmark = pytest.mark.django_db

SECRETS = {
    "notes": "ZZNOTES-7731 rahasia",
    "signal": "ZZSIGNAL-5512 bandar di gang",
    "name": "Zulkarnaen Qwertyuiop",
    "followup": "ZZFOLLOW-4410",
}


@pytest.fixture
def published(people, topics):
    approved = build_report(
        people["officer_a"],
        people["k1"],
        status="approved",
        approver=people["supervisor"],
        summary="Dialog kamtibmas dengan warga RW 03 tentang ronda malam.",
        internal_notes=SECRETS["notes"],
        participant_names=SECRETS["name"],
        signals=[("narkoba", "tinggi", SECRETS["signal"], "open")],
        topics=topics[:1],
    )
    approved.follow_up_actions = SECRETS["followup"]
    pending = build_report(
        people["officer_a"],
        people["k1"],
        status="submitted",
        summary="PENDING-SUMMARY-991 belum disetujui.",
    )
    draft = build_report(people["officer_b"], people["k2"], summary="DRAFT-SUMMARY-992.")
    return {"approved": approved, "pending": pending, "draft": draft}


def test_visits_api_lists_only_approved_public_fields(api_client, published):
    response = api_client.get("/api/v1/visits/")
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["id"] for r in results] == [published["approved"].pk]
    item = results[0]
    assert item["public_summary"].startswith("Dialog kamtibmas")
    assert {
        "internal_notes",
        "participant_names",
        "signals",
        "photos",
        "rt",
        "follow_up_actions",
    }.isdisjoint(item)
    assert item["kelurahan"]["code"] == published["approved"].kelurahan.code
    assert api_client.get(f"/api/v1/visits/{published['pending'].pk}/").status_code == 404


def test_visits_api_filters(api_client, published, people):
    k1 = people["k1"]
    assert len(api_client.get("/api/v1/visits/", {"kelurahan": k1.code}).json()["results"]) == 1
    assert (
        len(api_client.get("/api/v1/visits/", {"kelurahan": people["k3"].code}).json()["results"])
        == 0
    )
    assert len(api_client.get("/api/v1/visits/", {"type": "dds"}).json()["results"]) == 0
    assert api_client.get("/api/v1/visits/", {"type": "piknik"}).status_code == 400
    assert api_client.get("/api/v1/visits/", {"kecamatan": "99.99"}).status_code == 400
    future = (timezone.now() + timezone.timedelta(days=1)).isoformat()
    assert api_client.get("/api/v1/visits/", {"updated_since": future}).json()["results"] == []
    today = timezone.localdate().isoformat()
    assert api_client.get("/api/v1/visits/", {"date_from": today}).json()["results"] == []


def test_stats_endpoint(api_client, published, people):
    body = api_client.get("/api/v1/stats/visits/").json()
    assert body["total_visits"] == 1
    assert body["by_type"] == [
        {"activity_type": "sambang", "label": body["by_type"][0]["label"], "visits": 1}
    ]
    assert body["by_kecamatan"][0]["code"] == people["k1"].kecamatan.code
    assert len(body["by_month"]) == 1
    assert (
        api_client.get("/api/v1/stats/visits/", {"kelurahan": people["k2"].code}).json()[
            "total_visits"
        ]
        == 0
    )


def test_visits_list_constant_queries(api_client, people, topics, django_assert_max_num_queries):
    for _ in range(2):
        build_report(people["officer_a"], people["k1"], status="approved", topics=topics[:2])
    with django_assert_max_num_queries(20) as few:
        api_client.get("/api/v1/visits/")
    for _ in range(8):
        build_report(people["officer_b"], people["k2"], status="approved", topics=topics[:3])
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(api_client.get("/api/v1/visits/").json()["results"]) == 10


def test_activity_pages(client, published, people):
    k1 = people["k1"]
    response = client.get(f"/kegiatan/{k1.kecamatan.slug}/{k1.slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dialog kamtibmas" in html and "PENDING-SUMMARY-991" not in html
    assert people["officer_a"].name in html  # the assigned officer's card
    assert 'data-total="1"' in html
    kec = client.get(f"/kegiatan/{k1.kecamatan.slug}/")
    assert kec.status_code == 200 and "Dialog kamtibmas" in kec.content.decode()
    assert client.get("/kegiatan/").status_code == 200
    assert client.get(f"/kegiatan/{k1.kecamatan.slug}/tidak-ada/").status_code == 404
    assert 'lang="id"' in html


def test_activity_page_constant_queries(client, people, django_assert_max_num_queries):
    k1 = people["k1"]
    url = f"/kegiatan/{k1.kecamatan.slug}/{k1.slug}/"
    build_report(people["officer_a"], k1, status="approved")
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    for _ in range(6):
        build_report(people["officer_a"], k1, status="approved")
    from django.core.cache import cache

    cache.clear()
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_marker_secrets_never_leave(client, api_client, published, people, admin_user):
    """internal_notes, signal descriptions, participant names and follow-ups stay internal."""
    rebuild_all()
    k1 = people["k1"]
    outputs = [
        client.get("/kegiatan/").content.decode(),
        client.get(f"/kegiatan/{k1.kecamatan.slug}/").content.decode(),
        client.get(f"/kegiatan/{k1.kecamatan.slug}/{k1.slug}/").content.decode(),
        api_client.get("/api/v1/visits/").content.decode(),
        api_client.get(f"/api/v1/visits/{published['approved'].pk}/").content.decode(),
        api_client.get("/api/v1/stats/visits/").content.decode(),
        str(published["approved"].public_document()),
    ]
    client.force_login(admin_user)
    for table in (
        "visits_per_month",
        "coverage",
        "open_signals",
        "signal_trend",
        "top_topics",
        "officers",
    ):
        outputs.append(
            client.get(f"/admin/kunjungan/dashboard/export/{table}.csv").content.decode("utf-8-sig")
        )
        workbook = load_workbook(
            io.BytesIO(client.get(f"/admin/kunjungan/dashboard/export/{table}.xlsx").content)
        )
        outputs.append(str([list(r) for r in workbook.active.iter_rows(values_only=True)]))
    outputs.append(client.get("/admin/kunjungan/dashboard/").content.decode())
    try:
        from search import documents  # noqa: F401 - the search app, when it indexes visits
    except ImportError:
        pass
    joined = "\n".join(outputs)
    assert "Dialog kamtibmas" in joined  # the public summary itself is there
    for secret in SECRETS.values():
        assert secret not in joined, secret
    csv.reader(io.StringIO(outputs[-2]))
