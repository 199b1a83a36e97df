"""Private files: documents, visit photos and original images are outside MEDIA_ROOT and served only
by views that apply the rules of the content using them; every path trick is a 404 (issue 16, 1-3)."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents.forms import get_document_form
from wagtail.documents.models import Document

from openinfo.models import Category, PublicInformationDocument, VisitPhoto
from tests.openinfo.factories import PublicInformationFactory
from tests.openinfo.visits.conftest import build_report, image_bytes

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
HTML = b"<html><script>alert(document.cookie)</script></html>"


def make_document(name, data=PDF):
    doc = Document(title=name)
    doc.file.save(name, ContentFile(data), save=False)
    doc.save()
    return doc


def body(response):
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content)
    return response.content


def traversal_variants(name):
    """The same file under every spelling the probe used, and a few more."""
    head, _, rest = name.partition("/")
    return [
        name,
        f"./{name}",
        f".%2F{name}",
        f"%2E/{name}",
        f"%2e%2F{name}",
        f"{head}/./{rest}",
        f"x/../{name}",
        f"x/%2E%2E/{name}",
        f"{head}%2F{rest}",
        f"/{name}",
        f"{head}//{rest}",
        f".\\{name}",
        f"{head}\\{rest}",
        f"{head}/{rest}%00",
        f"{head.upper()}/{rest}",
    ]


@pytest.fixture
def documents(db):
    exempt = PublicInformationFactory(
        title="Berkas Penyelidikan",
        category=Category.DIKECUALIKAN,
        exemption_basis="a",
        consequence_test_summary="Menghambat penyidikan",
    )
    public = PublicInformationFactory(title="Laporan Terbit")
    never_published = PublicInformationFactory(title="Belum Terbit", live=False)
    docs = {
        "exempt": make_document("rahasia-penyelidikan.pdf"),
        "public": make_document("laporan-terbit.pdf"),
        "unpublished": make_document("belum-terbit.pdf"),
        "html": make_document("serangan.html", HTML),
    }
    PublicInformationDocument.objects.create(item=exempt, document=docs["exempt"])
    PublicInformationDocument.objects.create(item=public, document=docs["public"])
    PublicInformationDocument.objects.create(item=public, document=docs["html"])
    PublicInformationDocument.objects.create(item=never_published, document=docs["unpublished"])
    return docs


def test_document_files_are_outside_media_root(documents):
    for doc in documents.values():
        assert not (settings.MEDIA_ROOT / doc.file.name).exists(), doc.file.name
        assert (settings.PRIVATE_MEDIA_ROOT / doc.file.name).exists(), doc.file.name


@pytest.mark.parametrize("which", ["exempt", "public", "unpublished", "html"])
def test_no_media_path_trick_reaches_a_document(client, documents, which):
    doc = documents[which]
    for variant in traversal_variants(doc.file.name):
        response = client.get(f"/media/{variant}")
        assert response.status_code == 404, variant
        assert b"%PDF" not in body(response) and b"<script>" not in body(response), variant
        response = client.get(f"/berkas/{variant}")
        assert response.status_code == 404, variant


def test_a_leftover_document_in_media_root_is_refused_under_every_spelling(client, db):
    """Files that were stored before the move (or copied back by hand) stay unreachable."""
    (settings.MEDIA_ROOT / "documents").mkdir(parents=True, exist_ok=True)
    (settings.MEDIA_ROOT / "documents" / "lama.pdf").write_bytes(PDF)
    for variant in traversal_variants("documents/lama.pdf"):
        assert client.get(f"/media/{variant}").status_code == 404, variant


def test_documents_of_unpublished_items_are_not_served(client, documents):
    doc = documents["unpublished"]
    assert client.get(doc.url).status_code == 404
    item = PublicInformationDocument.objects.get(document=doc).item
    item.live = True
    item.save()
    assert client.get(doc.url).status_code == 200


def test_a_document_linked_nowhere_is_served_only_to_those_who_may_see_its_collection(client, db):
    doc = make_document("tidak-dipakai.pdf")
    assert client.get(doc.url).status_code == 404
    plain_user = get_user_model().objects.create_user("warga", "w@example.org", "x")
    client.force_login(plain_user)
    assert client.get(doc.url).status_code == 404
    editor = get_user_model().objects.create_user("editor", "e@example.org", "x")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    assert client.get(doc.url).status_code == 200


def test_a_document_linked_only_from_a_draft_page_is_not_served(client, home_page):
    from tests.counselling.factories import make_article

    doc = make_document("lampiran-draf.pdf")
    article = make_article(
        title="Artikel draf",
        publish=False,
        body=[("document", {"document": doc, "title": "Lampiran"})],
    )
    assert client.get(doc.url).status_code == 404
    article.get_latest_revision().publish()
    assert client.get(doc.url).status_code == 200


def test_exempt_document_stays_private_by_its_wagtail_url(client, documents):
    assert client.get(documents["exempt"].url).status_code == 404


def test_html_document_is_an_attachment_that_cannot_run_script(client, documents):
    response = client.get(documents["html"].url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert "sandbox" in response["Content-Security-Policy"]
    pdf = client.get(documents["public"].url)
    assert pdf["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize("name", ["x.html", "x.svg", "x.htm", "x.xml", "x.js"])
def test_active_document_types_cannot_be_uploaded(name):
    form_class = get_document_form(Document)
    form = form_class(
        data={"title": "x", "collection": 1},
        files={"file": SimpleUploadedFile(name, HTML)},
    )
    assert not form.is_valid() and "file" in form.errors


def _photo(people, status):
    from openinfo.visits.images import store

    report = build_report(people["officer_a"], people["k1"], status=status)
    return store(report, SimpleUploadedFile("p.jpg", image_bytes(), content_type="image/jpeg"))


def test_visit_photos_of_a_submitted_report_are_private(client, people):
    photo = _photo(people, "submitted")
    for field in (photo.image, photo.medium, photo.thumbnail):
        assert not (settings.MEDIA_ROOT / field.name).exists()
        assert field.url.startswith("/berkas/visits/")
        for variant in traversal_variants(field.name):
            assert client.get(f"/media/{variant}").status_code == 404, variant
            assert client.get(f"/berkas/{variant}").status_code == 404, variant
    # The report's officer and the unit's supervisor see it; another unit's supervisor does not.
    client.force_login(people["user_a"])
    response = client.get(photo.thumbnail.url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    client.force_login(people["supervisor"])
    assert client.get(photo.image.url).status_code == 200
    client.force_login(people["other_supervisor"])
    assert client.get(photo.image.url).status_code == 404
    client.force_login(people["user_b"])
    assert client.get(photo.image.url).status_code == 404


def test_visit_photos_stay_private_after_approval(client, people):
    photo = _photo(people, "submitted")
    photo.report.approve(people["supervisor"])
    assert client.get(photo.image.url).status_code == 404
    assert client.get(f"/media/{photo.image.name}").status_code == 404


def test_field_app_opens_its_photos_with_its_token(people):
    from tests.openinfo.visits.conftest import token_client

    photo = _photo(people, "draft")
    assert token_client(people["user_a"]).get(photo.medium.url).status_code == 200
    assert token_client(people["user_b"]).get(photo.medium.url).status_code == 404
    assert VisitPhoto.objects.count() == 1


def test_an_expired_or_revoked_field_token_opens_no_photo(people):
    from datetime import timedelta

    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    from tests.openinfo.visits.conftest import token_client

    photo = _photo(people, "draft")
    client = token_client(people["user_a"])
    Token.objects.filter(user=people["user_a"]).update(created=timezone.now() - timedelta(days=31))
    assert client.get(photo.medium.url).status_code == 404
    Token.objects.filter(user=people["user_a"]).delete()
    assert client.get(photo.medium.url).status_code == 404
