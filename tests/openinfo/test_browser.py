"""A resident files an information request in a real browser and tracks it."""

import pytest

pytestmark = pytest.mark.browser


def test_resident_files_a_request_and_tracks_it(live_server, page):
    page.goto(live_server.url + "/informasi-publik/permohonan/")
    page.fill("#id_requester_name", "Rahmat Hidayat")
    page.check("#id_identity_type_0")
    page.fill("#id_identity_number", "3671011203850009")
    page.fill("#id_address", "Jl. Cempaka 4, Kelurahan Sukasari")
    page.fill("#id_phone", "0812 3456 7890")
    page.fill("#id_information_requested", "Jadwal patroli dialogis di Kecamatan Tangerang")
    page.fill("#id_purpose", "Informasi untuk warga RW 05")
    page.check("#id_obtain_method_1")
    page.check("#id_delivery_method_0")
    page.check("#id_agree")
    page.click("button[type=submit].btn-primary")

    number = page.text_content("#registration-number").strip()
    code = page.text_content("#tracking-code").strip()
    secret = page.text_content("#tracking-secret").strip()
    assert number.startswith("PPID/") and len(code) == 10 and len(secret) == 12

    # Back and submit again: still one request (same receipt, no new number).
    page.go_back()
    page.click("button[type=submit].btn-primary")
    assert page.text_content("#registration-number").strip() == number
    assert page.locator("#tracking-secret").count() == 0

    fresh = page.context.new_page()  # tracking works from any page with code and secret
    fresh.context.clear_cookies()
    fresh.goto(live_server.url + "/informasi-publik/lacak/")
    fresh.fill("#id_code", code.lower())
    fresh.fill("#id_secret", secret)
    fresh.click("button[type=submit].btn-primary")
    assert fresh.text_content("#request-status").strip() == "Diterima"
    body = fresh.text_content("main")
    assert number in body and "Permohonan diterima" in body
    assert "Rahmat Hidayat" not in body and "3671011203850009" not in body
