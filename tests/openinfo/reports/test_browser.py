"""A resident sends a message from a 360 px phone, with JavaScript on and off, and follows it; axe-core
finds no critical or serious violation on the form (blank and with errors), receipt, tracking and figures."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from home.models import Kelurahan

pytestmark = pytest.mark.browser
SHOTS = "/tmp/lapor-360"


def serious_violations(page):
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("critical", "serious")
    ]


def no_horizontal_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_resident_sends_a_message_with_javascript_and_follows_it(live_server, page):
    kelurahan = Kelurahan.objects.select_related("kecamatan").order_by("code").first()
    page.goto(f"{live_server.url}/lapor/?kelurahan={kelurahan.code}")
    assert page.input_value("#id_kelurahan") == kelurahan.code
    assert "110" in page.text_content(".emergency-warning")
    assert no_horizontal_scroll(page)
    assert page.is_hidden("#id_contact_phone")  # anonymous is the default: no contact fields shown
    assert serious_violations(page) == []
    page.screenshot(path=f"{SHOTS}-form.png", full_page=True)

    page.click("button[type=submit].btn-primary")  # nothing filled in
    assert page.evaluate("document.activeElement.id") == "error-summary"
    summary = page.text_content("#error-summary")
    assert (
        "Ada yang perlu diperbaiki" in summary
        and "Tulis apa yang terjadi" in summary
        and "Centang persetujuan" in summary
    )
    assert serious_violations(page) == []
    page.screenshot(path=f"{SHOTS}-errors.png", full_page=True)
    page.click("#error-summary a[href='#id_message']")
    assert page.evaluate("document.activeElement.id") == "id_message"

    page.goto(f"{live_server.url}/lapor/?kelurahan={kelurahan.code}")
    page.check("#id_kind_1")
    page.fill("#id_message", "Apakah pemilik kos boleh menahan KTP penyewa sebagai jaminan?")
    page.check("#id_contact_choice_1")
    assert page.is_visible("#id_contact_phone") and page.is_hidden("#id_contact_email")
    page.fill("#id_contact_phone", "0812 3456 7890")
    page.check("#id_consent")
    page.click("button[type=submit].btn-primary")
    code = page.text_content("#tracking-code").strip()
    secret = page.text_content("#tracking-secret").strip()
    assert len(code) == 10 and len(secret) == 12
    assert serious_violations(page) == []
    page.screenshot(path=f"{SHOTS}-receipt.png", full_page=True)

    page.go_back()  # back and send again: the same receipt, no second message
    page.click("button[type=submit].btn-primary")
    assert page.text_content("#tracking-code").strip() == code
    assert page.locator("#tracking-secret").count() == 0

    fresh = page.context.browser.new_context(viewport={"width": 360, "height": 800}).new_page()
    fresh.goto(f"{live_server.url}/lapor/lacak/")
    assert serious_violations(fresh) == []
    fresh.fill("#id_code", code.lower())
    fresh.fill("#id_secret", secret)
    fresh.click("button[type=submit].btn-primary")
    assert "Diterima" in fresh.text_content("#message-status")
    body = fresh.text_content("main")
    assert "menahan KTP" not in body and "0812" not in body
    assert serious_violations(fresh) == []
    fresh.screenshot(path=f"{SHOTS}-track.png", full_page=True)
    fresh.goto(f"{live_server.url}/lapor/angka/")
    assert serious_violations(fresh) == [] and no_horizontal_scroll(fresh)
    fresh.screenshot(path=f"{SHOTS}-figures.png", full_page=True)
    fresh.context.close()


def test_the_form_works_without_javascript(live_server, browser):
    from openinfo.reports.models import ResidentMessage

    context = browser.new_context(viewport={"width": 360, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    kelurahan = Kelurahan.objects.order_by("code").first()
    page.goto(f"{live_server.url}/lapor/")
    assert page.is_visible("#id_contact_phone")  # every contact field shows without JS
    page.select_option("#id_kelurahan", kelurahan.code)
    page.check("#id_kind_0")
    page.fill(
        "#id_message",
        "Lampu jalan di gang dekat masjid mati, sering ada yang nongkrong sampai pagi.",
    )
    page.check("#id_contact_choice_2")
    page.fill("#id_contact_email", "bukan-email")
    page.check("#id_consent")
    page.click("button[type=submit].btn-primary")
    assert "Ada yang perlu diperbaiki" in page.text_content("#error-summary")
    assert ResidentMessage.objects.count() == 0
    page.screenshot(path=f"{SHOTS}-nojs-errors.png", full_page=True)
    page.fill("#id_contact_email", "warga@example.id")
    page.check("#id_consent")
    page.click("button[type=submit].btn-primary")
    assert len(page.text_content("#tracking-code").strip()) == 10
    assert ResidentMessage.objects.get().contact_email == "warga@example.id"
    context.close()
