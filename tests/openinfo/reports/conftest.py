"""Fixtures for Lapor & Tanya: the visits' officers and supervisors (same scoping), a valid form
submission, photos and a way to file messages directly."""

import io

import pytest
from PIL import Image

from openinfo.ppid.forms import new_form_token
from openinfo.reports.models import ResidentMessage
from tests.openinfo.visits.conftest import area, people, token_client  # noqa: F401


def jpeg_with_gps(size=(64, 48)):
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "KameraRahasia"  # Make
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "S", (6.0, 10.0, 30.0)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def form_data(area_kelurahan, **overrides):
    data = {
        "form_token": new_form_token(),
        "website": "",
        "kind": "informasi",
        "kelurahan": area_kelurahan.code,
        "message": "Sering ada balap liar di jalan dekat lapangan setiap malam Minggu.",
        "when_where": "Sabtu malam sekitar pukul 23.00",
        "contact_choice": "anonim",
        "contact_phone": "",
        "contact_email": "",
        "consent": "on",
    }
    data.update(overrides)
    return data


@pytest.fixture
def file_message(db):
    def make(kelurahan, **fields):
        defaults = {
            "kind": "informasi",
            "message": "Ada keramaian mencurigakan di pos ronda.",
            "contact_choice": "anonim",
        }
        message, secret = ResidentMessage.file(kelurahan=kelurahan, **{**defaults, **fields})
        message.secret = secret
        return message

    return make
