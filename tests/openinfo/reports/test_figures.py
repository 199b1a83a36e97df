"""Public figures per kecamatan and month against hand-computed numbers (page and API)."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from home.models import Kelurahan
from openinfo.reports.models import ResidentMessage


def at(day, hour):
    return (
        timezone.make_aware(datetime.datetime(2026, 3, day, hour, 0))
        if day > 0
        else timezone.make_aware(datetime.datetime(2026, 2, 27, hour, 0))
    )


@pytest.fixture
def march(file_message, people):
    k1 = people["k1"]
    elsewhere = Kelurahan.objects.exclude(kecamatan=k1.kecamatan).order_by("code").first()

    def make(kelurahan, kind, received, replied=None, **extra):
        message = file_message(
            kelurahan, kind=kind, received_at=received, message="Pesan rahasia Qx-figures"
        )
        if replied:
            ResidentMessage.objects.filter(pk=message.pk).update(
                first_reply_at=replied, status="answered"
            )
        if extra:
            ResidentMessage.objects.filter(pk=message.pk).update(**extra)
        return message

    make(k1, "informasi", at(2, 9), at(2, 15))  # Monday, due Wednesday 4: 6 h, on time
    make(k1, "pertanyaan", at(2, 10), at(5, 10))  # answered Thursday: 72 h, late
    make(k1, "pengaduan", at(3, 8))  # not answered yet
    make(k1, "informasi", at(3, 9), status="closed", close_reason="spam")  # spam: not counted
    make(elsewhere, "informasi", at(10, 9), at(10, 11))  # 2 h, on time
    make(k1, "informasi", at(0, 9), at(0, 10))  # February: not in March
    return {"kecamatan": k1.kecamatan, "elsewhere": elsewhere.kecamatan}


def test_api_figures_match_hand_computed_numbers(march, api_client):
    data = api_client.get("/api/v1/stats/reports/", {"month": "2026-03"}).json()
    rows = {row["kecamatan_code"]: row for row in data["kecamatan"]}
    mine = rows[march["kecamatan"].code]
    assert mine["received"] == {"informasi": 1, "pertanyaan": 1, "pengaduan": 1}
    assert mine["received_total"] == 3 and mine["answered_within_2_working_days"] == 1
    assert mine["share_answered_within_2_working_days"] == pytest.approx(0.3333, abs=1e-4)
    assert mine["median_hours_to_first_reply"] == 39.0
    other = rows[march["elsewhere"].code]
    assert (
        other["received_total"],
        other["share_answered_within_2_working_days"],
        other["median_hours_to_first_reply"],
    ) == (1, 1.0, 2.0)
    assert (
        data["city"]["received_total"] == 4
        and data["city"]["share_answered_within_2_working_days"] == 0.5
    )
    assert data["city"]["median_hours_to_first_reply"] == 6.0
    assert len(data["kecamatan"]) == 13
    assert "Qx-figures" not in str(data)


def test_figures_page_shows_the_same_numbers(march):
    html = Client().get("/lapor/angka/", {"bulan": "2026-03"}).content.decode()
    assert march["kecamatan"].name in html and "33% (1)" in html
    assert "39,0" in html  # Indonesian decimal comma
    assert "Qx-figures" not in html


def test_bad_month_is_a_clear_error(api_client, db):
    response = api_client.get("/api/v1/stats/reports/", {"month": "2026-13"})
    assert response.status_code == 400 and "month" in response.json()["error"]["fields"]
    assert api_client.get("/api/v1/stats/reports/", {"bulan": "x"}).status_code == 400
