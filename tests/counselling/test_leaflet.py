import base64
import io
import re

import pytest
import zxingcpp
from django.conf import settings
from PIL import Image

from tests.counselling.factories import counselling_index, make_article
from tests.factories import OfficerFactory, kelurahan


def decode_qr(png_bytes):
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(png_bytes)))
    return [result.text for result in found]


def test_leaflet_qr_decodes_to_the_absolute_article_url(client, db):
    kel = kelurahan("36.71.03.1002")
    OfficerFactory(name="Aiptu Leaflet", kelurahan=[kel], contact_opt_in=True, phone="081277770000")
    article = make_article(
        counselling_index(),
        title="Motor hilang",
        target_kelurahan=kel,
        target_kecamatan=kel.kecamatan,
    )
    response = client.get(f"{article.url}leaflet/")
    assert response.status_code == 200
    html = response.content.decode()
    data_uri = re.search(r'src="data:image/png;base64,([^"]+)"', html).group(1)
    expected = settings.BASE_URL.rstrip("/") + article.url
    assert decode_qr(base64.b64decode(data_uri)) == [expected]
    assert "Motor hilang" in html and "Lapor ke SPKT" in html  # title and steps
    assert "110" in html and "Aiptu Leaflet" in html and "081277770000" in html
    assert "@page { size: A4" in (settings.BASE_DIR / "static/css/leaflet.css").read_text()


def test_leaflet_of_a_draft_is_not_served(client, db):
    draft = make_article(counselling_index(), publish=False)
    assert client.get(f"/panduan/{draft.slug}/leaflet/").status_code == 404


@pytest.mark.parametrize(
    "url", ["https://sambang.example.id/panduan/a/", "http://127.0.0.1:8000/panduan/x-y/"]
)
def test_qr_png_round_trips(url):
    from counselling.leaflet import qr_png

    assert decode_qr(qr_png(url)) == [url]
