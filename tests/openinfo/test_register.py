import csv
import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.documents.models import Document

from home.models import PoliceUnit
from openinfo.models import Category, PublicInformation, PublicInformationDocument
from openinfo.ppid.access import EXEMPT_COLLECTION, move_exempt_documents
from tests.openinfo.factories import PublicInformationFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def make_document(title):
    doc = Document(title=title)
    doc.file.save(f"{title.lower().replace(' ', '-')}.pdf", ContentFile(PDF), save=False)
    doc.save()
    return doc


@pytest.fixture
def register(db):
    polsek = PoliceUnit.objects.filter(kind="polsek").order_by("name")
    unit_a, unit_b = polsek[0], polsek[1]
    public = PublicInformationFactory(
        title="Laporan Keuangan Semester I", category=Category.BERKALA, year=2025, unit=unit_a
    )
    PublicInformationFactory(
        title="Peringatan Dini Banjir", category=Category.SERTA_MERTA, year=2026, unit=unit_b
    )
    PublicInformationFactory(
        title="SOP Pelayanan SKCK", category=Category.SETIAP_SAAT, year=2026, unit=unit_a
    )
    exempt = PublicInformationFactory(
        title="Berkas Penyelidikan Kasus Curanmor",
        category=Category.DIKECUALIKAN,
        year=2026,
        unit=unit_a,
        summary="Berkas penyelidikan perkara yang sedang berjalan",
        body="<p>RAHASIA-ISI-PENYELIDIKAN nama saksi dan tersangka</p>",
        exemption_basis="a",
        consequence_test_summary="Membuka berkas dapat menghambat penyidikan",
    )
    PublicInformationFactory(title="Draf Belum Terbit", live=False)
    public_doc = make_document("Laporan Keuangan")
    exempt_doc = make_document("Berkas Rahasia")
    PublicInformationDocument.objects.create(item=public, document=public_doc)
    PublicInformationDocument.objects.create(item=exempt, document=exempt_doc)
    return {
        "public": public,
        "exempt": exempt,
        "public_doc": public_doc,
        "exempt_doc": exempt_doc,
        "unit_a": unit_a,
        "unit_b": unit_b,
    }


def test_register_lists_live_items_and_filters_by_category_year_and_unit(client, register):
    html = client.get("/informasi-publik/daftar/").content.decode()
    assert "Laporan Keuangan Semester I" in html and "Berkas Penyelidikan" in html
    assert "Draf Belum Terbit" not in html
    assert "Daftar Informasi Publik" in html
    html = client.get("/informasi-publik/daftar/?category=serta_merta").content.decode()
    assert "Peringatan Dini Banjir" in html and "SOP Pelayanan" not in html
    html = client.get("/informasi-publik/daftar/?year=2025").content.decode()
    assert "Laporan Keuangan Semester I" in html and "SOP Pelayanan" not in html
    html = client.get(f"/informasi-publik/daftar/?unit={register['unit_b'].slug}").content.decode()
    assert "Peringatan Dini Banjir" in html and "Laporan Keuangan Semester I" not in html


def test_register_page_runs_a_constant_number_of_queries(
    client, register, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        client.get("/informasi-publik/daftar/")
    for n in range(10):
        PublicInformationFactory(title=f"Tambahan {n}", unit=register["unit_a"])
    with django_assert_max_num_queries(12):
        client.get("/informasi-publik/daftar/")


def test_exempt_item_page_shows_basis_and_consequence_test_but_never_content_or_documents(
    client, register
):
    exempt = register["exempt"]
    html = client.get(exempt.get_absolute_url()).content.decode()
    assert "Pasal 17 huruf a" in html and "Membuka berkas dapat menghambat penyidikan" in html
    assert "RAHASIA-ISI-PENYELIDIKAN" not in html
    assert register["exempt_doc"].url not in html and "berkas-rahasia" not in html
    public_html = client.get(register["public"].get_absolute_url()).content.decode()
    assert register["public_doc"].url in public_html
    assert client.get("/informasi-publik/daftar/draf-belum-terbit/").status_code == 404


def test_exempt_documents_are_unreachable_by_guessing_the_url(client, register):
    exempt_doc, public_doc = register["exempt_doc"], register["public_doc"]
    assert client.get(public_doc.url).status_code == 200
    # The Wagtail serve URL, guessed from id and filename.
    assert client.get(f"/dokumen/{exempt_doc.id}/{exempt_doc.filename}").status_code == 404
    # The file path under MEDIA_ROOT, guessed.
    assert client.get(f"/media/{exempt_doc.file.name}").status_code == 404
    assert (
        client.get(f"/media/{public_doc.file.name}").status_code == 404
    )  # documents only via /dokumen/
    # A logged-in editor who is not PPID staff gets nothing either.
    editor = get_user_model().objects.create_user("editor", "e@example.org", "x")
    client.force_login(editor)
    assert client.get(f"/dokumen/{exempt_doc.id}/{exempt_doc.filename}").status_code == 404


def test_ppid_staff_can_open_exempt_documents_and_they_live_in_the_restricted_collection(
    client, register
):
    exempt_doc = register["exempt_doc"]
    move_exempt_documents(register["exempt"])
    exempt_doc.refresh_from_db()
    assert exempt_doc.collection.name == EXEMPT_COLLECTION
    staff = get_user_model().objects.create_user("ppid", "p@example.org", "x")
    staff.groups.add(Group.objects.get(name="PPID"))
    client.force_login(staff)
    response = client.get(f"/dokumen/{exempt_doc.id}/{exempt_doc.filename}")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_documents_in_the_restricted_collection_stay_private_even_if_unlinked(client, register):
    move_exempt_documents(register["exempt"])
    doc = register["exempt_doc"]
    PublicInformationDocument.objects.filter(document=doc).delete()
    assert client.get(f"/dokumen/{doc.id}/{doc.filename}").status_code in (403, 404)


def test_csv_export_has_the_dip_columns_and_respects_filters(client, register):
    response = client.get("/informasi-publik/daftar/unduh.csv?category=dikecualikan")
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:8] == [
        "No.",
        "Judul",
        "Ringkasan isi informasi",
        "Pejabat/unit yang menguasai informasi",
        "Penanggung jawab pembuatan/penerbitan",
        "Waktu dan tempat pembuatan",
        "Bentuk/format informasi yang tersedia",
        "Jangka waktu penyimpanan/retensi arsip",
    ]
    assert len(rows) == 2 and rows[1][1] == "Berkas Penyelidikan Kasus Curanmor"
    assert "RAHASIA-ISI-PENYELIDIKAN" not in text
    assert rows[1][3] == f"Kasat Binmas, {register['unit_a'].name}"


def test_xlsx_export_lists_every_live_item(client, register):
    response = client.get("/informasi-publik/daftar/unduh.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][1] == "Judul" and len(rows) == 5
    assert {row[1] for row in rows[1:]} == {
        "Laporan Keuangan Semester I",
        "Peringatan Dini Banjir",
        "SOP Pelayanan SKCK",
        "Berkas Penyelidikan Kasus Curanmor",
    }


def test_api_lists_public_fields_and_hides_exempt_content(api_client, register):
    data = api_client.get("/api/v1/disclosures/").json()
    by_slug = {item["slug"]: item for item in data["results"]}
    assert len(by_slug) == 4
    exempt = by_slug[register["exempt"].slug]
    assert exempt["body"] is None and exempt["documents"] == []
    assert exempt["exemption_basis"] == "a" and exempt["consequence_test_summary"]
    public = by_slug[register["public"].slug]
    assert public["documents"][0]["url"].startswith("http://testserver/dokumen/")
    assert public["url"] == f"http://testserver{register['public'].get_absolute_url()}"


def test_api_filters_and_updated_since(api_client, register):
    assert [
        i["title"]
        for i in api_client.get("/api/v1/disclosures/?category=serta_merta").json()["results"]
    ] == ["Peringatan Dini Banjir"]
    assert len(api_client.get("/api/v1/disclosures/?year=2026").json()["results"]) == 3
    unit = register["unit_b"].slug
    assert len(api_client.get(f"/api/v1/disclosures/?unit={unit}").json()["results"]) == 1
    old = timezone.now() - datetime.timedelta(days=3)
    PublicInformation.objects.filter(pk=register["public"].pk).update(updated_at=old)
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    slugs = {
        i["slug"]
        for i in api_client.get("/api/v1/disclosures/", {"updated_since": since}).json()["results"]
    }
    assert register["public"].slug not in slugs and len(slugs) == 3


@pytest.mark.parametrize(
    "query", ["category=rahasia", "unit=tidak-ada", "updated_since=kemarin", "year=abc"]
)
def test_api_bad_filter_values_are_a_400_with_the_error_shape(api_client, register, query):
    response = api_client.get(f"/api/v1/disclosures/?{query}")
    assert response.status_code == 400
    assert "error" in response.json()


def test_api_list_runs_a_constant_number_of_queries(
    api_client, register, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):
        api_client.get("/api/v1/disclosures/")
    for n in range(15):
        item = PublicInformationFactory(title=f"Banyak {n}", unit=register["unit_a"])
        PublicInformationDocument.objects.create(item=item, document=register["public_doc"])
    with django_assert_max_num_queries(4):
        api_client.get("/api/v1/disclosures/")


def test_public_text_fields_for_search_exclude_exempt_content(register):
    exempt_fields = register["exempt"].public_text_fields()
    assert "RAHASIA-ISI-PENYELIDIKAN" not in " ".join(exempt_fields.values())
    assert "body" not in exempt_fields and exempt_fields["consequence_test_summary"]
    assert "Isi lengkap laporan" in register["public"].public_text_fields()["body"]
