"""Marker leak test: what a resident sends (message, when/where, contact, photo) never appears on a
public page, the public API, search, feeds, the change feed, webhooks or exports."""

import io

from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from openinfo.reports.models import ResidentMessage
from partners.models import Scope, WebhookDelivery
from search.service import SearchService
from tests.openinfo.reports.conftest import form_data, jpeg_with_gps
from tests.partners.factories import ApiKeyFactory, WebhookEndpointFactory, auth

MARKERS = {
    "message": "Laporan penanda Zibrokwet tentang gudang Qorvallin",
    "when_where": "Gang Penanda Xumbaro RT 09",
    "contact_phone": "081299770011",
    "contact_email": "penanda.zibrokwet@example.org",
}
SECRETS = [
    "Zibrokwet",
    "Qorvallin",
    "Xumbaro",
    "081299770011",
    "6281299770011",
    "penanda.zibrokwet",
]


def leaked(text):
    return [value for value in SECRETS if value.lower() in text.lower()]


def body_of(response):
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        sheet = load_workbook(io.BytesIO(response.content)).active
        return "\n".join(" ".join(str(c) for c in row) for row in sheet.iter_rows(values_only=True))
    return response.content.decode("utf-8", "replace")


def test_nothing_a_resident_sends_leaks_anywhere_public(
    people, api_client, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    WebhookEndpointFactory(event_types=["*"])
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/lapor/",
            {
                **form_data(people["k1"], kind="pertanyaan", contact_choice="telepon", **MARKERS),
                "photo": SimpleUploadedFile(
                    "Zibrokwet.jpg", jpeg_with_gps(), content_type="image/jpeg"
                ),
            },
        )
        assert response.status_code == 302
        writer = ApiKeyFactory(scopes=[Scope.REPORTS_WRITE])
        api = api_client.post(
            "/api/v1/reports/",
            {
                "kind": "informasi",
                "kelurahan": people["k1"].code,
                "message": MARKERS["message"],
                "contact_choice": "email",
                "contact_email": MARKERS["contact_email"],
                "consent": True,
            },
            format="json",
            **auth(writer),
        )
        assert api.status_code == 201
        message = ResidentMessage.objects.filter(source="web").get()
        message.reply(
            people["user_a"], "Terima kasih, laporan sudah kami terima dan kami cek ke lokasi."
        )
        message.convert_to_signal(people["user_a"], "narkoba", "tinggi", MARKERS["message"])

    secret = client.session["lapor_receipts"][message.tracking_code]
    tracker = Client()
    tracker.post("/lapor/lacak/", {"code": message.tracking_code, "secret": secret})
    pages = [
        (client, reverse("reports:receipt", args=[message.tracking_code])),
        (tracker, reverse("reports:track-detail", args=[message.tracking_code])),
    ] + [
        (Client(), url)
        for url in [
            "/",
            "/lapor/",
            "/lapor/lacak/",
            "/lapor/angka/",
            "/tanya-jawab/",
            "/sitemap.xml",
            "/temukan-bhabinkamtibmas/",
            "/kegiatan/",
            "/cari/?q=gudang",
            "/cari/?q=laporan+penanda",
            reverse("openinfo:register-csv"),
            reverse("openinfo:register-xlsx"),
        ]
    ]
    checked = 0
    for http, url in pages:
        response = http.get(url)
        assert response.status_code in (200, 302, 404), url
        assert leaked(body_of(response)) == [], url
        checked += 1
    tracking_page = body_of(
        tracker.get(reverse("reports:track-detail", args=[message.tracking_code]))
    )
    assert "kami cek ke lokasi" in tracking_page  # the page works; it just holds no resident data

    for name, url in api_client.get("/api/v1/").json().items():
        assert leaked(body_of(api_client.get(url))) == [], name
        checked += 1
    for url in [
        "/api/v1/changes/?since=0&limit=500",
        "/api/v1/stats/reports/",
        "/api/v1/stats/visits/",
        "/api/v1/schema/",
    ]:
        assert leaked(body_of(api_client.get(url))) == [], url
    assert not [
        line
        for line in api_client.get("/api/v1/changes/?since=0&limit=500").json()["results"]
        if line["type"]
        not in (
            "officer",
            "article",
            "topic",
            "legal_reference",
            "disclosure",
            "visit",
            "qa",
            "kecamatan",
            "kelurahan",
            "police_unit",
        )
    ]

    for word in ("Zibrokwet", "Qorvallin", "Xumbaro", "081299770011"):
        assert SearchService().search(word).total == 0, word
    for delivery in WebhookDelivery.objects.all():
        assert leaked(str(delivery.payload)) == []
    # Leadership's dashboard export counts the converted signal but carries no text.
    leader = Client()
    leader.force_login(people["leader"])
    export = leader.get(reverse("visit_dashboard_export", args=["open_signals", "csv"]))
    assert export.status_code == 200 and leaked(body_of(export)) == []
    assert checked > 20
