"""The bad-input catalogue: every probe answers a 4xx with a clear message, never a 5xx (issue 16, 6).

The schema-driven run over every /api/v1/ operation is tests/cms/test_openapi.py (schemathesis)."""

import base64
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from openinfo.models import VisitPhoto
from tests.openinfo.visits.conftest import build_report, image_bytes, token_client

pytestmark = pytest.mark.django_db


def cursor(text):
    return base64.b64encode(text.encode()).decode()


# Positions that are no id of the (id-ordered) visits list: each a 400 there.
BAD_POSITIONS = [
    "cD1ub3RhZGF0ZQ==",  # p=notadate
    cursor("p=99999999999999999999999"),
    cursor("p=-1.5"),
    cursor("p=%00"),
    cursor("r=2&p=x"),
    cursor("p=2026-13-45"),
    cursor("o=-1"),
]
BAD_CURSORS = [*BAD_POSITIONS, cursor("o=99999999999999999999&p=1"), "%%%", "AAAA", "=" * 50]
OVERFLOW_SINCE = ["0001-01-01", "9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00"]
ODD_SINCE = ["9999-12-31", "2026-02-30", "yesterday", "2026-01-01T25:00", "", "１２３"]


def api_lists(client):
    return {name: url for name, url in client.get("/api/v1/").json().items() if "/api/v1/" in url}


def assert_4xx(response, probe):
    assert 400 <= response.status_code < 500, (probe, response.status_code, response.content[:300])


def test_bad_cursors_and_dates_are_400_on_every_list(db):
    client = Client()
    # The anonymous lists (the field API's answer 401 to anyone without a token).
    lists = {n: u for n, u in api_lists(client).items() if not n.startswith("field/")}
    assert "visits" in lists
    for name, url in lists.items():
        for value in BAD_CURSORS:
            # A position may be a valid value of a text ordering (officers by name): 200 is fine
            # there; what never happens is a 5xx.
            response = client.get(url, {"cursor": value})
            assert response.status_code in (200, 400, 401), (name, value, response.status_code)
            if name == "visits" and value in BAD_POSITIONS:
                assert response.status_code == 400, (value, response.content[:200])
                assert response.json()["error"]["fields"]["cursor"], value
        for value in OVERFLOW_SINCE:
            response = client.get(url, {"updated_since": value})
            if name not in ("changes", "webhooks"):
                assert response.status_code == 400, (name, value, response.status_code)
            assert_4xx(response, (name, value))
        for value in ODD_SINCE:
            response = client.get(url, {"updated_since": value})
            assert response.status_code < 500, (name, value, response.status_code)


def test_the_probes_exact_urls():
    client = Client()
    for url in [
        "/api/v1/visits/?cursor=cD1ub3RhZGF0ZQ==",
        "/api/v1/visits/?updated_since=0001-01-01",
        "/api/v1/visits/?updated_since=9999-12-31T23:59:59-14:00",
        "/api/v2/pages/?offset=99999999999999999999",
        "/api/v2/pages/?limit=99999999999999999999",
        "/api/v2/pages/?search=x&search_operator=nope",
        "/api/v2/pages/?search_operator=and",
        "/api/v2/images/?offset=99999999999999999999",
        "/api/v2/pages/?offset=-1",
        "/api/v2/pages/?offset=1e3",
    ]:
        response = client.get(url)
        assert response.status_code == 400, (url, response.status_code, response.content[:200])


def test_wagtail_api_v2_still_answers_good_requests(home_page):
    client = Client()
    assert client.get("/api/v2/pages/?offset=0&limit=5").status_code == 200
    assert client.get("/api/v2/pages/?search=tangerang&search_operator=or").status_code == 200


@pytest.mark.parametrize("cut", [9, 100, 300])
def test_truncated_jpeg_upload_is_a_400_and_stores_nothing(people, cut):
    report = build_report(people["officer_a"], people["k1"])
    data = image_bytes()[:cut]
    response = token_client(people["user_a"]).post(
        f"/api/v1/field/reports/{report.pk}/photos/",
        {"file": SimpleUploadedFile("p.jpg", data, content_type="image/jpeg")},
        format="multipart",
    )
    assert response.status_code in (400, 415), response.content
    assert response.json()["error"]["code"] in ("corrupt_image", "unsupported_media_type")
    assert VisitPhoto.objects.count() == 0


def test_truncated_jpeg_from_the_review_screen_is_a_message_not_a_500(client, people):
    report = build_report(people["officer_a"], people["k1"])
    client.force_login(people["user_a"])
    response = client.post(
        f"/admin/kunjungan/review/{report.pk}/photos/",
        {"file": SimpleUploadedFile("p.jpg", image_bytes()[:100], "image/jpeg")},
    )
    assert response.status_code == 302
    assert VisitPhoto.objects.count() == 0
    assert io  # the upload went through the same intake as the API
