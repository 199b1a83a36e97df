"""Tracking: the answer for an unknown code and for a wrong secret is the same; the tracking page
shows status, dates and public answers, never the message or the contact."""

import re

import pytest
from django.test import Client

from home.models import Kelurahan


@pytest.fixture
def kelurahan(db):
    return Kelurahan.objects.order_by("code").first()


def test_unknown_code_and_wrong_secret_get_the_identical_answer(file_message, kelurahan):
    message = file_message(kelurahan)
    wrong_secret = Client().post(
        "/lapor/lacak/", {"code": message.tracking_code, "secret": "ABCDEFGHJKLM"}
    )
    unknown = Client().post("/lapor/lacak/", {"code": "ZZZZZZZZZZ", "secret": "ABCDEFGHJKLM"})
    assert wrong_secret.status_code == unknown.status_code == 200

    def body(response):  # the CSRF tokens of the two browsers differ; nothing else may
        html = response.content.decode().replace(message.tracking_code, "ZZZZZZZZZZ")
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)

    assert body(wrong_secret) == body(unknown)
    assert (
        "Kode lacak atau kode rahasia tidak benar." in unknown.content.decode()
        or "tidak benar" in unknown.content.decode()
    )


def test_right_secret_shows_status_and_public_answer_but_never_the_message_or_contact(
    file_message, kelurahan
):
    message = file_message(
        kelurahan,
        message="Rahasia isi pesan Qx771",
        contact_choice="telepon",
        contact_phone="081299887766",
    )
    message.reply(None, "Kami sudah patroli ke lokasi.")
    client = Client()
    response = client.post(
        "/lapor/lacak/", {"code": message.tracking_code.lower(), "secret": message.secret}
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Kami sudah patroli ke lokasi." in page and "Dijawab" in page
    assert "Qx771" not in page and "081299887766" not in page


def test_tracking_detail_needs_the_secret_first(file_message, kelurahan):
    message = file_message(kelurahan)
    response = Client().get(f"/lapor/lacak/{message.tracking_code}/")
    assert response.status_code == 302 and response["Location"] == "/lapor/lacak/"


def test_tracking_is_rate_limited(file_message, kelurahan, settings):
    settings.REPORTS_RATE_LIMITS = {"track": (2, 600)}
    client = Client()
    codes = [
        client.post("/lapor/lacak/", {"code": "ZZZZZZZZZZ", "secret": "ABCDEFGHJKLM"}).status_code
        for _i in range(3)
    ]
    assert codes == [200, 200, 429]
