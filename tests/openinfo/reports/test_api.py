"""Partner submission: `reports:write` scope, the form's validation, Idempotency-Key, rate per key,
OpenAPI; nothing stored on bad input."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from openinfo.reports.models import ResidentMessage
from partners.models import Scope
from tests.partners.factories import ApiKeyFactory, auth

URL = "/api/v1/reports/"


@pytest.fixture
def writer(db):
    return ApiKeyFactory(scopes=[Scope.REPORTS_WRITE])


def body(area_kelurahan, **overrides):
    return {
        "kind": "pertanyaan",
        "kelurahan": area_kelurahan.code,
        "message": "Bagaimana cara melapor kehilangan motor?",
        "contact_choice": "anonim",
        "consent": True,
        **overrides,
    }


def test_key_with_scope_files_a_message_and_gets_a_receipt(api_client, writer, people):
    response = api_client.post(URL, body(people["k1"]), format="json", **auth(writer))
    assert response.status_code == 201, response.json()
    data = response.json()
    message = ResidentMessage.objects.get()
    assert data["tracking_code"] == message.tracking_code and message.check_secret(data["secret"])
    assert message.source == "api" and message.api_key == writer


def test_no_key_or_a_key_without_the_scope_is_refused(api_client, people):
    assert api_client.post(URL, body(people["k1"]), format="json").status_code == 401
    reader = ApiKeyFactory(scopes=[Scope.CONTENT_READ, Scope.STATS_READ])
    assert (
        api_client.post(URL, body(people["k1"]), format="json", **auth(reader)).status_code == 403
    )
    assert ResidentMessage.objects.count() == 0


@pytest.mark.parametrize(
    "override,field",
    [
        ({"message": ""}, "message"),
        ({"message": "x" * 20000}, "message"),
        ({"kelurahan": "00.00"}, "kelurahan"),
        ({"contact_choice": "telepon", "contact_phone": "123"}, "contact_phone"),
        ({"contact_choice": "email", "contact_email": "no"}, "contact_email"),
        ({"consent": False}, "consent"),
        ({"kind": "lain"}, "kind"),
    ],
)
def test_validation_errors_name_the_field_and_store_nothing(
    api_client, writer, people, override, field
):
    response = api_client.post(URL, body(people["k1"], **override), format="json", **auth(writer))
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "validation_error" and field in error["fields"]
    assert ResidentMessage.objects.count() == 0


def test_photo_bomb_and_non_image_get_413_and_415(api_client, writer, people):
    buffer = io.BytesIO()
    Image.new("1", (12000, 9000)).save(buffer, "PNG")
    bomb = SimpleUploadedFile("bom.png", buffer.getvalue(), content_type="image/png")
    data = {**body(people["k1"]), "consent": "true", "photo": bomb}
    assert api_client.post(URL, data, format="multipart", **auth(writer)).status_code == 413
    fake = SimpleUploadedFile("foto.jpg", b"%PDF-1.4", content_type="image/jpeg")
    data = {**body(people["k1"]), "consent": "true", "photo": fake}
    assert api_client.post(URL, data, format="multipart", **auth(writer)).status_code == 415
    assert ResidentMessage.objects.count() == 0


def test_idempotency_key_replays_the_first_receipt_and_files_once(api_client, writer, people):
    headers = {**auth(writer), "HTTP_IDEMPOTENCY_KEY": "bot-msg-42"}
    first = api_client.post(URL, body(people["k1"]), format="json", **headers)
    second = api_client.post(URL, body(people["k1"]), format="json", **headers)
    assert first.status_code == second.status_code == 201
    assert second["Idempotent-Replayed"] == "true" and second.json() == first.json()
    assert ResidentMessage.objects.count() == 1
    other = api_client.post(
        URL, body(people["k1"], message="Pesan yang lain sama sekali."), format="json", **headers
    )
    assert other.status_code == 409 and ResidentMessage.objects.count() == 1


def test_rate_is_per_key(api_client, people):
    slow = ApiKeyFactory(scopes=[Scope.REPORTS_WRITE], rate="2/min")
    other = ApiKeyFactory(scopes=[Scope.REPORTS_WRITE], rate="100/min")
    codes = [
        api_client.post(
            URL,
            body(people["k1"], message=f"Pesan nomor {i} dari bot."),
            format="json",
            **auth(slow),
        ).status_code
        for i in range(3)
    ]
    assert codes == [201, 201, 429]
    assert api_client.post(URL, body(people["k1"]), format="json", **auth(other)).status_code == 201


def test_openapi_documents_the_submission_and_the_figures(api_client, db):
    schema = api_client.get("/api/v1/schema/", {"format": "json"}).json()
    assert "/api/v1/reports/" in schema["paths"] and "/api/v1/stats/reports/" in schema["paths"]
    assert "/api/v1/tanya-jawab/" in schema["paths"]
    assert "reports:write" in str(schema["paths"]["/api/v1/reports/"]["post"])
