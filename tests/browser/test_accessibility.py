"""axe-core (bundled by axe-playwright-python, no network) on every public page type at 360 and
1280 px and on each role's admin home; keyboard-only use of the request form and the finder.
Screenshots are kept as artifacts under test-artifacts/browser/ (BROWSER_ARTIFACTS overrides)."""

import os
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Group
from wagtail.rich_text import RichText

from home.models import PoliceUnit
from openinfo.models import InformationRequest
from tests.counselling.factories import make_article, reference, topic
from tests.factories import OfficerFactory, kelurahan
from tests.openinfo.factories import PublicInformationFactory, file_request
from tests.openinfo.visits.conftest import build_report

pytestmark = pytest.mark.browser

ARTIFACTS = Path(
    os.environ.get(
        "BROWSER_ARTIFACTS", Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
    )
)
WIDTHS = (360, 1280)
BLOCKING = ("critical", "serious")
PASSWORD = "pw-12345678"
CURANMOR = "pencurian-kendaraan-bermotor-curanmor"


def shot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{re.sub(r'[^a-z0-9-]+', '-', name.lower()).strip('-')}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def blocking_violations(page):
    violations = Axe().run(page).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {[node['target'] for node in v['nodes']][:3]}"
        for v in violations
        if v.get("impact") in BLOCKING
    ]


def public_site():
    """One page of every public type, with the content that makes each type render fully."""
    kel = kelurahan("36.71.07.1001")
    user = Group.objects.get(name="Bhabinkamtibmas").user_set.create(username="bhabin-axe")
    officer = OfficerFactory(name="Wahyu Aksesibel", kelurahan=[kel], user=user)
    OfficerFactory(name="Tanpa Nomor", kelurahan=[kel], contact_opt_in=False)
    build_report(officer, kel, status="approved", topics=[topic(CURANMOR)])
    article = make_article(
        title="Motor hilang di parkiran",
        topics=[topic(CURANMOR)],
        image=True,
        references=[reference()],
        body=[
            ("heading", "Langkah pertama"),
            ("paragraph", RichText("<p>Tetap tenang dan segera lapor.</p>")),
            (
                "legal_excerpt",
                {
                    "reference": reference("UU 1/2023 tentang KUHP Pasal 901", verified=False),
                    "quote": "",
                },
            ),
            (
                "legal_excerpt",
                {
                    "reference": reference("UU 1/2023 tentang KUHP Pasal 902", verified=False),
                    "quote": "",
                },
            ),
            (
                "faq",
                [
                    {
                        "question": "Apakah lapor dipungut biaya?",
                        "answer": RichText("<p>Tidak, gratis.</p>"),
                    }
                ],
            ),
            ("steps", [{"title": "Lapor ke SPKT", "text": "Bawa STNK dan KTP."}]),
        ],
    )
    info = PublicInformationFactory(title="Laporan tahunan Satbinmas")
    index = article.get_parent()
    return [
        ("home", "/"),
        ("finder", "/temukan-bhabinkamtibmas/"),
        (
            "finder result",
            f"/temukan-bhabinkamtibmas/?kecamatan={kel.kecamatan.code}&kelurahan={kel.code}",
        ),
        ("guidance index", index.url),
        ("guidance topic", f"{index.url}topik/{CURANMOR}/"),
        ("guidance article", article.url),
        ("search", "/cari/?q=motor+hilang"),
        ("search empty", "/cari/"),
        ("public information", "/informasi-publik/"),
        ("register", "/informasi-publik/daftar/"),
        ("register item", f"/informasi-publik/daftar/{info.slug}/"),
        ("request form", "/informasi-publik/permohonan/"),
        ("tracking form", "/informasi-publik/lacak/"),
        ("service report", "/informasi-publik/laporan/"),
        ("activities", "/kegiatan/"),
        ("kecamatan activities", f"/kegiatan/{kel.kecamatan.slug}/"),
        ("kelurahan activities", f"/kegiatan/{kel.kecamatan.slug}/{kel.slug}/"),
        ("not found", "/tidak-ada-halaman-ini/"),
    ]


def test_every_public_page_type_has_no_serious_axe_violation_at_360_and_1280(live_server, browser):
    pages = public_site()
    failures = {}
    for width in WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="id-ID")
        page = context.new_page()
        for name, path in pages:
            page.goto(live_server.url + path)
            found = blocking_violations(page)
            if found:
                failures[f"{name} @{width}"] = found
            assert page.evaluate("document.documentElement.scrollWidth") <= width, (
                f"{name} scrolls sideways at {width}"
            )
            shot(page, f"{name}-{width}")
        context.close()
    assert not failures, failures


def test_forms_with_errors_have_no_serious_axe_violation(live_server, page):
    page.goto(live_server.url + "/informasi-publik/permohonan/")
    page.click("form.ppid-form button[type=submit]")
    page.wait_for_selector("#error-summary")
    assert blocking_violations(page) == []
    shot(page, "request-form-errors-360")
    page.goto(live_server.url + "/informasi-publik/lacak/")
    page.fill("#id_code", "X")
    page.click("main button[type=submit]")
    page.wait_for_selector("#error-summary")
    assert blocking_violations(page) == []
    # The secret is a visible, styled text field that browsers must not remember.
    secret = page.locator("#id_secret")
    assert secret.get_attribute("type") == "text" and secret.get_attribute("autocomplete") == "off"
    assert secret.bounding_box()["height"] >= 40


def _login(page, base, username):
    page.goto(base + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/admin/")


def test_role_home_pages_show_their_panel_and_have_no_serious_axe_violation(
    live_server, browser, django_user_model
):
    kel = kelurahan("36.71.07.1001")
    unit = PoliceUnit.objects.filter(covered_kecamatan=kel.kecamatan, kind="polsek").first()

    def account(username, group):
        user = django_user_model.objects.create_user(username=username, password=PASSWORD)
        user.groups.add(Group.objects.get(name=group))
        return user

    officer = OfficerFactory(
        name="Petugas Panel", unit=unit, kelurahan=[kel], user=account("bhabin", "Bhabinkamtibmas")
    )
    OfficerFactory(
        name="Kanit Panel", unit=unit, kelurahan=[], user=account("kanit", "Kanit Binmas")
    )
    build_report(officer, kel, status="draft", summary="Draf sambang di pos kamling.")
    build_report(officer, kel, status="submitted", summary="Sambang yang menunggu persetujuan.")
    account("pimpinan", "Pimpinan")
    account("ppid", "PPID")
    file_request()
    expected = {
        "bhabin": "Laporan kunjungan saya",
        "kanit": "Laporan menunggu persetujuan Anda",
        "ppid": "Permohonan informasi yang harus dijawab",
        "pimpinan": "Angka utama",
    }
    failures = {}
    for username, heading in expected.items():
        for width in WIDTHS:
            context = browser.new_context(viewport={"width": width, "height": 900}, locale="id-ID")
            page = context.new_page()
            _login(page, live_server.url, username)
            assert heading in page.inner_text("main"), username
            found = blocking_violations(page)
            if found:
                failures[f"{username} @{width}"] = found
            shot(page, f"admin-home-{username}-{width}")
            context.close()
    assert InformationRequest.objects.count() == 1
    assert not failures, failures


def _tab_to(page, selector, limit=80):
    """Presses Tab until the element matching selector has focus (fails after `limit` presses)."""
    for _ in range(limit):
        if page.evaluate(f"document.activeElement && document.activeElement.matches({selector!r})"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} never received focus by Tab")


def test_request_form_by_keyboard_only_error_summary_takes_focus_and_links_to_fields(
    live_server, page
):
    page.goto(live_server.url + "/informasi-publik/permohonan/")
    _tab_to(page, "form.ppid-form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "error-summary"
    summary = page.inner_text("#error-summary")
    assert "Ada yang perlu diperbaiki" in summary
    assert "Isi kolom “Nama lengkap”" in summary  # messages name their field
    assert "Centang pernyataan" in summary
    # Each problem links to its field: Tab into the summary, Enter moves focus to the field.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#id_requester_name"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_requester_name"
    page.keyboard.type("Rahmat Hidayat")
    # The radio group's link lands on its first option; arrow keys choose.
    page.focus("#error-summary")
    link = page.locator("#error-summary a[href='#id_identity_type_0']")
    link.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_identity_type_0"
    page.keyboard.press("Space")
    assert page.is_checked("#id_identity_type_0")
    # Optional fields say so; radios and the declaration are big enough to tap (>= 40 px).
    assert "(opsional)" in page.inner_text("label[for=id_email]")
    for selector in ("label[for=id_identity_type_0]", "label[for=id_agree]"):
        assert page.locator(selector).bounding_box()["height"] >= 40, selector
    # The focus style is thick and visible.
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineWidth")
    assert float(outline.replace("px", "")) >= 3
    shot(page, "request-form-keyboard")


def test_finder_by_keyboard_does_not_submit_on_arrow_keys_and_focuses_the_result(live_server, page):
    kel = kelurahan("36.71.07.1003")
    OfficerFactory(name="Petugas Papan Ketik", kelurahan=[kel], contact_opt_in=False)
    url = live_server.url + "/temukan-bhabinkamtibmas/"
    page.goto(url)
    _tab_to(page, "#id_kecamatan")
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    page.select_option("#id_kecamatan", kel.kecamatan.code)  # the same as arrowing to it
    _tab_to(page, "#id_kelurahan")
    for _ in range(4):
        page.keyboard.press("ArrowDown")  # browsing the list changes nothing on the page
    assert page.url == url
    page.select_option("#id_kelurahan", kel.code)
    _tab_to(page, "#officer-finder button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "finder-result-title"
    assert "Petugas Papan Ketik" in page.inner_text(".finder-result")
    assert "1 petugas melayani" in page.inner_text("#finder-result-status")
    # No dead end: the covering unit or the Polres, 110, and the kelurahan's activity page.
    result = page.inner_text(".finder-result")
    assert "110" in result and "Kegiatan Bhabinkamtibmas di Kelurahan" in result
    shot(page, "finder-keyboard-result")
