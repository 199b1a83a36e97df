"""Browser tests: Debian's chromium through playwright against the live server."""

import os

import pytest
import zxingcpp
from PIL import Image

from tests.counselling.factories import counselling_index, make_article, reference

pytestmark = pytest.mark.browser


@pytest.fixture
def browser_page(page):
    return page


def long_article():
    return make_article(
        counselling_index(),
        title="Tertipu belanja online: blokir rekening pelaku dan simpan semua bukti transaksi",
        summary="Sudah transfer tetapi barang tidak dikirim? Hubungi bank, simpan bukti, lalu lapor.",
        references=[
            reference(
                "UU 11/2008 tentang ITE sebagaimana diubah UU 1/2024 Pasal 28 ayat (1) jo. Pasal 45A ayat (1)"
            )
        ],
        image=True,
    )


def test_article_fits_a_360px_phone_without_horizontal_scrolling(
    transactional_db, live_server, browser_page, tmp_path
):
    article = long_article()
    url = live_server.url + article.url
    browser_page.goto(url)
    assert browser_page.locator("h1").inner_text().startswith("Tertipu belanja online")
    assert "Butuh bantuan?" in browser_page.content()
    widths = browser_page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= 360, widths
    browser_page.screenshot(path=str(tmp_path / "article-360.png"), full_page=True)


def test_leaflet_qr_decodes_from_a_browser_screenshot(
    transactional_db, live_server, browser_page, tmp_path
):
    from django.conf import settings

    article = long_article()
    browser_page.set_viewport_size({"width": 900, "height": 1300})
    browser_page.goto(live_server.url + article.url + "leaflet/")
    shot = tmp_path / "leaflet.png"
    browser_page.screenshot(path=str(shot), full_page=True)
    texts = [r.text for r in zxingcpp.read_barcodes(Image.open(shot))]
    assert texts == [settings.BASE_URL.rstrip("/") + article.url]
    assert os.path.getsize(shot) > 0
