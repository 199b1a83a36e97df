"""Every officer card and area page ends in a way to reach the police; site-wide files; GZip."""

import gzip

import pytest

from home.models import PoliceUnit, PortalSettings
from tests.factories import OfficerFactory, kelurahan

pytestmark = pytest.mark.django_db
LARANGAN_KEL = "36.71.13.1001"  # no Polsek in the reference data covers Larangan


def result(html):
    return html.split('<section class="finder-result"')[1].split("site-footer")[0]


def finder(client, kel):
    return client.get(
        f"/temukan-bhabinkamtibmas/?kecamatan={kel.kecamatan.code}&kelurahan={kel.code}"
    ).content.decode()


def test_polsek_with_contact_shows_phone_whatsapp_address_and_map_and_no_polres(client):
    kel = kelurahan("36.71.03.1002")
    unit = PoliceUnit.objects.get(covered_kecamatan=kel.kecamatan, kind="polsek")
    unit.phone, unit.whatsapp, unit.address = "021-5523456", "081210000001", "Jl. Daan Mogot 1"
    unit.save()
    OfficerFactory(
        name="Tidak Terbuka", kelurahan=[kel], contact_opt_in=False, phone="081299998888"
    )
    html = result(finder(client, kel))
    assert "tel:021-5523456" in html and "https://wa.me/6281210000001" in html
    assert "Jl. Daan Mogot 1" in html and "google.com/maps/search" in html
    assert "081299998888" not in html  # the officer did not opt in
    assert "Polres Metro Tangerang Kota" not in html
    assert 'href="tel:110"' in html


def test_polsek_without_contact_falls_back_to_the_polres_contact_from_settings(client):
    portal = PortalSettings.load()
    portal.contact_phone, portal.contact_address = "021-5500110", "Jl. Perintis Kemerdekaan"
    portal.save()
    kel = kelurahan("36.71.03.1002")
    PoliceUnit.objects.filter(covered_kecamatan=kel.kecamatan).update(
        phone="", whatsapp="", address=""
    )
    html = result(finder(client, kel))
    assert "Satuan ini belum punya telepon atau alamat publik" in html
    assert "tel:021-5500110" in html and "Jl. Perintis Kemerdekaan" in html
    assert 'href="tel:110"' in html
    assert f"/kegiatan/{kel.kecamatan.slug}/{kel.slug}/" in html  # the kelurahan's activity page


def test_without_any_contact_data_110_and_the_email_remain(client):
    kel = kelurahan(LARANGAN_KEL)
    html = result(finder(client, kel))
    assert 'href="tel:110"' in html and "mailto:" in html


@pytest.mark.parametrize("path", ["/kegiatan/{kec}/", "/kegiatan/{kec}/{kel}/"])
def test_area_pages_end_with_the_police_contact(client, path):
    kel = kelurahan("36.71.03.1002")
    OfficerFactory(name="Tanpa Nomor", kelurahan=[kel], contact_opt_in=False)
    html = client.get(path.format(kec=kel.kecamatan.slug, kel=kel.slug)).content.decode()
    assert "Hubungi polisi di wilayah ini" in html and "police-contact" in html
    assert 'href="tel:110"' in html
    assert "Hubungi petugas ini melalui Polsek di bawah." not in html


def test_admin_home_lists_units_without_contact_for_editors(admin_client):
    unit = PoliceUnit.objects.filter(kind="polsek").first()
    html = admin_client.get("/admin/").content.decode()
    assert "Satuan polisi tanpa kontak publik" in html and unit.name in html
    unit.phone = "021-555"
    unit.save()
    html = admin_client.get("/admin/").content.decode()
    assert f"/admin/snippets/home/policeunit/edit/{unit.pk}/" not in html
    listing = admin_client.get("/admin/snippets/home/policeunit/?contact=false").content.decode()
    assert unit.name not in listing


def test_favicon_and_web_manifest(client):
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon["Content-Type"] == "image/x-icon"
    manifest = client.get("/manifest.webmanifest")
    assert manifest.status_code == 200 and manifest.json()["lang"] == "id"
    assert client.get(manifest.json()["icons"][0]["src"]).status_code == 200
    assert 'rel="manifest"' in client.get("/").content.decode()


def test_html_is_compressed_and_pages_with_csrf_tokens_differ_in_length(client):
    first = client.get("/informasi-publik/permohonan/", HTTP_ACCEPT_ENCODING="gzip")
    assert first["Content-Encoding"] == "gzip"
    assert "csrfmiddlewaretoken" in gzip.decompress(first.content).decode()
    lengths = {
        len(client.get("/informasi-publik/permohonan/", HTTP_ACCEPT_ENCODING="gzip").content)
        for _ in range(6)
    }
    assert len(lengths) > 1  # random padding against BREACH


def test_english_mode_marks_indonesian_content_with_lang_id(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/temukan-bhabinkamtibmas/").content.decode()
    assert '<html lang="en">' in html
    assert '<div lang="id"><p>Pilih kecamatan' in html
