"""The requester's identity never leaves the PPID: marker values are searched for everywhere public."""

import io

from django.urls import reverse
from openpyxl import load_workbook
from wagtail.search import index

from openinfo.models import InformationRequest, PublicInformation
from openinfo.ppid.forms import new_form_token
from tests.openinfo.factories import PublicInformationFactory

MARKERS = {
    "requester_name": "Zulkarnaen Markerwati Qx",
    "identity_type": "ktp",
    "identity_number": "3671099912340077",
    "address": "Jl. Penanda Rahasia Qx No. 99",
    "phone": "081299990077",
    "email": "penanda.qx@example.org",
}
SECRET_VALUES = [v for k, v in MARKERS.items() if k != "identity_type"]


def leaked(text):
    return [value for value in SECRET_VALUES if value.lower() in text.lower()]


def body_of(response):
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        sheet = load_workbook(io.BytesIO(response.content)).active
        return "\n".join(" ".join(str(c) for c in row) for row in sheet.iter_rows(values_only=True))
    return response.content.decode("utf-8", "replace")


def test_requester_identity_never_appears_on_public_pages_api_search_or_exports(
    client, api_client, db
):
    PublicInformationFactory(title="Rekap Permohonan Informasi 2026")
    response = client.post(
        "/informasi-publik/permohonan/",
        {
            **MARKERS,
            "form_token": new_form_token(),
            "website": "",
            "agree": "on",
            "information_requested": "Rekap kegiatan sambang",
            "purpose": "Kajian",
            "obtain_method": "view",
            "delivery_method": "pickup",
        },
    )
    assert response.status_code == 302
    req = InformationRequest.objects.get()
    secret = client.session["ppid_receipts"][req.tracking_code]
    req.start_processing()
    req.extend("Menunggu arsip", days=2)
    req.fulfil("Informasi dapat dilihat di kantor")
    req.file_objection("d", "Tidak sesuai permintaan")

    public_urls = [
        "/",
        "/temukan-bhabinkamtibmas/",
        "/sitemap.xml",
        reverse("openinfo:index"),
        reverse("openinfo:register"),
        reverse("openinfo:register-csv"),
        reverse("openinfo:register-xlsx"),
        reverse("openinfo:report"),
        reverse("openinfo:report-csv", args=[req.year]),
        reverse("openinfo:receipt", args=[req.tracking_code]),
        reverse("openinfo:track-detail", args=[req.tracking_code]),
        reverse("openinfo:objection", args=[req.tracking_code]),
    ] + [item.get_absolute_url() for item in PublicInformation.objects.live()]
    client.post(reverse("openinfo:track"), {"code": req.tracking_code, "secret": secret})
    checked = 0
    for url in public_urls:
        response = client.get(url)
        assert response.status_code in (200, 302), url
        assert leaked(body_of(response)) == [], url
        checked += 1

    # Every list endpoint of the public API, discovered from the API root.
    root = api_client.get("/api/v1/").json()
    for name, url in root.items():
        response = api_client.get(url)
        assert leaked(body_of(response)) == [], name
        checked += 1
    schema = api_client.get("/api/v1/schema/")
    assert "requester_name" not in body_of(schema) and "identity_number" not in body_of(schema)

    # Search: requests are never indexed; register items expose only their public text.
    assert not issubclass(InformationRequest, index.Indexed)
    for item in PublicInformation.objects.all():
        assert leaked(" ".join(item.public_text_fields().values())) == []
    assert checked > 15
