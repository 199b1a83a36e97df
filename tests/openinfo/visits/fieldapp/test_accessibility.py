"""axe-core on the field app's screens at 360 px: no critical or serious violations."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.openinfo.visits.fieldapp.conftest import fill_report, open_app, save_report, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def serious(page):
    results = Axe().run(page, options={"resultTypes": ["violations"]})
    found = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
        if v["impact"] in ("critical", "serious")
    ]
    return found


def test_sign_in_form_and_outbox_have_no_serious_violations(live_server, phone, people, tmp_path):
    page = phone.new_page()
    open_app(page, live_server.url)
    assert serious(page) == []
    sign_in(page, live_server.url, "officer-a")
    fill_report(page, photos=1)
    page.fill("#f-summary", "Warga bernama Budi (0812-3456-7890) hadir.")  # the live hint shows
    assert "nomor telepon" in page.inner_text("#summary-hint")
    assert serious(page) == []
    page.screenshot(path=str(tmp_path / "form-top.png"))
    page.fill("#f-summary", "Sambang ke pos kamling RW 04.")
    assert page.inner_text("#summary-hint") == ""
    phone.set_offline(True)
    save_report(page)
    assert serious(page) == []
    page.screenshot(path=str(tmp_path / "home.png"))


def test_signal_screen_and_its_outbox_item_have_no_serious_violations(
    live_server, phone, people, tmp_path
):
    page = phone.new_page()
    sign_in(page, live_server.url, "officer-a")
    page.click("#new-signal")
    page.wait_for_selector("#signal-form")
    page.click("#sd-save")  # empty: the form says what is missing, in Indonesian
    assert "Pilih kategori." in page.inner_text("#sd-error")
    assert "Uraian wajib diisi." in page.inner_text("#sd-error")
    assert serious(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.select_option("#sd-category", "tawuran")
    page.click("label[for=sd-sev-sedang]")
    page.fill("#sd-description", "Ajakan tawuran di media sosial.")
    page.screenshot(path=str(tmp_path / "signal-form.png"), full_page=True)
    phone.set_offline(True)
    page.click("#sd-save")
    page.wait_for_selector("#outbox .item[data-kind='signal'][data-state='saved']")
    assert serious(page) == []
    page.screenshot(path=str(tmp_path / "home-signal.png"), full_page=True)
