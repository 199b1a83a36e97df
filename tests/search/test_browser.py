"""/cari/ in a real browser: the suggestion list is a WAI-ARIA 1.2 combobox driven by the keyboard;
the sections by kind and their tabs work without JavaScript."""

import pytest

from search.service import get_service
from tests.search.test_blend import BLEND_CORPUS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def indexed_live(live_server, home_page):
    engine = get_service().engine
    engine.clear()
    engine.bulk_index(BLEND_CORPUS)
    return live_server


def test_suggestions_are_a_keyboard_combobox(indexed_live, page):
    page.goto(indexed_live.url + "/cari/")
    box = page.locator("#search-q")
    assert box.get_attribute("role") == "combobox"
    assert box.get_attribute("aria-expanded") == "false"
    assert box.get_attribute("aria-controls") == "search-suggestions"
    box.click()
    box.type("pinj", delay=30)
    listbox = page.locator("#search-suggestions[role=listbox]")
    listbox.wait_for(state="visible")
    options = listbox.locator("[role=option]")
    assert options.count() >= 1
    assert box.get_attribute("aria-expanded") == "true"
    assert "saran" in page.locator("#search-suggestions-status").inner_text().lower()

    page.keyboard.press("ArrowDown")
    first = options.nth(0)
    assert first.get_attribute("aria-selected") == "true"
    assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")
    assert page.evaluate("document.activeElement.id") == "search-q"  # focus stays in the input
    page.keyboard.press("ArrowUp")  # wraps to the last option
    last = options.nth(options.count() - 1)
    assert last.get_attribute("aria-selected") == "true"
    assert box.get_attribute("aria-activedescendant") == last.get_attribute("id")

    page.keyboard.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    assert not listbox.is_visible()
    assert box.get_attribute("aria-activedescendant") is None
    assert box.input_value() == "pinj"  # the first Escape only closes the list

    page.keyboard.press("ArrowDown")  # reopens on the same suggestions
    assert box.get_attribute("aria-expanded") == "true"
    title = options.nth(0).inner_text()
    with page.expect_navigation():
        page.keyboard.press("Enter")  # opens the active option, not a search for "pinj"
    assert "/cari/" not in page.url
    assert title.startswith("Diteror penagih pinjol")


def test_sections_and_tabs_work_without_javascript(indexed_live, browser, tmp_path):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 360, "height": 800}, locale="id-ID"
    )
    page = context.new_page()
    page.goto(indexed_live.url + "/cari/")
    page.fill("#search-q", "pinjol nagih terus")
    page.click("form.search-form button[type=submit]")
    page.wait_for_load_state()
    first = page.locator(".hits .hit").first
    assert "Diteror penagih pinjol" in first.inner_text()
    assert "Panduan" in page.locator(".section-title").first.inner_text()
    basis = first.locator(".legal-basis")
    assert "UU 1/2023 tentang KUHP Pasal 482" in basis.inner_text()
    assert page.locator(".section-visit .section-title").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(tmp_path / "sections.png"), full_page=True)
    page.click(".result-tabs a:has-text('Laporan kegiatan')")
    page.wait_for_load_state()
    assert "type=visit" in page.url
    assert page.locator(".hit-visit").count() >= 1
    assert page.locator(".hit-article").count() == 0
    assert page.locator(".result-tabs a[aria-current=page]").inner_text().startswith("Laporan")
    context.close()
