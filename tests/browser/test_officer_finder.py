import pytest

from tests.factories import OfficerFactory, kelurahan

pytestmark = pytest.mark.browser


def test_home_page_and_officer_finder_show_the_assigned_officer(live_server, page, tmp_path):
    kel = kelurahan("36.71.07.1001")
    OfficerFactory(
        name="Wahyu Peramban", kelurahan=[kel], contact_opt_in=True, phone="081234500001"
    )

    page.goto(live_server.url + "/")
    assert "Nomor darurat" in page.content()
    page.click("a.task >> text=Temukan Bhabinkamtibmas Anda")
    page.wait_for_url("**/temukan-bhabinkamtibmas/")

    page.select_option("#id_kecamatan", kel.kecamatan.code)
    page.select_option("#id_kelurahan", kel.code)
    assert page.url.endswith("/temukan-bhabinkamtibmas/")  # choosing does not submit (WCAG 3.2.2)
    with page.expect_navigation():
        page.click("#officer-finder button[type=submit]")
    card = page.locator(".officer-card", has_text="Wahyu Peramban")
    assert card.count() == 1
    assert "081234500001" in card.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=str(tmp_path / "officer-finder.png"), full_page=True)
    assert (tmp_path / "officer-finder.png").stat().st_size > 10_000


def test_officer_finder_works_without_javascript(live_server, browser):
    kel = kelurahan("36.71.01.1001")
    OfficerFactory(name="Budi Tanpa Skrip", kelurahan=[kel])
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 800})
    page = context.new_page()
    page.goto(live_server.url + "/temukan-bhabinkamtibmas/")
    page.select_option("#id_kecamatan", kel.kecamatan.code)
    page.select_option("#id_kelurahan", kel.code)
    page.click("#officer-finder button[type=submit]")
    page.wait_for_load_state()
    assert page.locator(".officer-card", has_text="Budi Tanpa Skrip").count() == 1
    context.close()
