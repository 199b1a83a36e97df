"""Article text for the index: what readers see, never block settings (callout kinds, ids, URLs)."""

import pytest

from counselling.models import CounsellingArticlePage
from search.text import plain, stream_text

pytestmark = pytest.mark.django_db  # a page instance looks up its content type


def test_stream_text_skips_block_settings():
    page = CounsellingArticlePage(
        title="x",
        body=[
            ("paragraph", "<p>Pelaku <b>begal</b></p><p>bersenjata &amp; nekat.</p>"),
            ("callout", {"kind": "emergency", "title": "Awas", "text": "<p>Hubungi 110.</p>"}),
            ("callout", {"kind": "warning", "title": "", "text": "<p>Jangan melawan.</p>"}),
            ("steps", [{"title": "Lapor", "text": "Ke SPKT."}]),
            ("video", "https://www.youtube.com/watch?v=abc"),
        ],
    )
    text = stream_text(page.body)
    assert "emergency" not in text and "warning" not in text and "youtube" not in text
    assert "Pelaku begal bersenjata & nekat." in text
    assert "Awas Hubungi 110." in text and "Lapor Ke SPKT." in text


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>a</p><p>b</p>", "a b"),
        ("<ul><li>x</li><li>y</li></ul>", "x y"),
        ("a &lt; b", "a < b"),
    ],
)
def test_plain(html, text):
    assert plain(html) == text
