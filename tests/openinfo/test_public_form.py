import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from openinfo.models import InformationRequest
from openinfo.ppid.forms import new_form_token
from tests.openinfo.factories import REQUESTER

URL = "/informasi-publik/permohonan/"


def valid_data(**overrides):
    return {
        **REQUESTER,
        "form_token": new_form_token(),
        "website": "",
        "information_requested": "Data jumlah kegiatan sambang per kelurahan tahun 2025",
        "purpose": "Penelitian skripsi",
        "obtain_method": "softcopy",
        "delivery_method": "email",
        "agree": "on",
        **overrides,
    }


@pytest.fixture
def csrf_client(client):
    client.handler.enforce_csrf_checks = True
    return client


def test_form_reads_in_indonesian_and_carries_csrf_and_honeypot(client, db):
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "csrfmiddlewaretoken" in html and 'name="website"' in html and 'name="form_token"' in html
    )
    assert "Nama lengkap" in html and "Kirim permohonan" in html


def test_post_without_csrf_token_is_refused(csrf_client, db):
    response = csrf_client.post(URL, valid_data())
    assert response.status_code == 403
    assert InformationRequest.objects.count() == 0


def test_valid_request_is_filed_receipt_shows_secret_once_and_mail_is_sent(
    client, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(
        execute=True
    ):  # the receipt mail is queued after commit
        response = client.post(URL, valid_data())
    assert response.status_code == 302
    req = InformationRequest.objects.get()
    assert response["Location"].endswith(f"/tanda-terima/{req.tracking_code}/")
    first = client.get(response["Location"]).content.decode()
    assert req.registration_number in first and req.tracking_code in first
    assert 'id="tracking-secret"' in first
    secret = first.split('id="tracking-secret">')[1].split("<")[0]
    assert req.check_secret(secret)
    again = client.get(response["Location"]).content.decode()
    assert secret not in again and req.registration_number in again
    assert len(mail.outbox) == 1 and secret in mail.outbox[0].body
    assert mail.outbox[0].to == [REQUESTER["email"]]
    # Print styles are linked for the printable receipt.
    assert "css/site.css" in first  # its @media print part prints the receipt alone


def test_double_submission_with_the_same_form_creates_one_request(client, db):
    data = valid_data()
    first = client.post(URL, data)
    second = client.post(URL, data)  # refresh / back + submit
    assert InformationRequest.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_honeypot_stores_nothing(client, db):
    response = client.post(URL, valid_data(website="http://spam.example"))
    assert response.status_code == 200
    assert InformationRequest.objects.count() == 0


@pytest.mark.parametrize(
    "overrides,field,message",
    [
        ({"requester_name": ""}, "requester_name", "isi kolom “nama lengkap”"),
        ({"identity_number": "12345"}, "identity_number", "16 digit"),
        ({"identity_type": "paspor", "identity_number": "12345678"}, "identity_number", "paspor"),
        (
            {"phone": "", "email": "", "delivery_method": "pickup"},
            "phone",
            "nomor telepon atau alamat e-mail",
        ),
        ({"phone": "12"}, "phone", "0812"),
        ({"email": "", "delivery_method": "email"}, "email", "e-mail"),
        (
            {"information_requested": ""},
            "information_requested",
            "isi kolom “informasi yang dimohon”",
        ),
    ],
)
def test_bad_input_gives_an_indonesian_message_next_to_the_field_and_stores_nothing(
    client, db, overrides, field, message
):
    response = client.post(URL, valid_data(**overrides))
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    assert message.lower() in " ".join(form.errors[field]).lower()
    assert InformationRequest.objects.count() == 0


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("kuasa.exe", b"MZ\x90\x00binary", "PDF, JPG atau PNG"),
        ("kuasa.pdf", b"MZ\x90\x00not really a pdf", "PDF, JPG atau PNG"),
        ("kuasa.pdf", b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024 + 1), "5 MB"),
    ],
)
def test_bad_uploads_are_refused(client, db, name, content, message):
    data = valid_data(power_of_attorney=SimpleUploadedFile(name, content))
    response = client.post(URL, data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["power_of_attorney"])
    assert InformationRequest.objects.count() == 0


def test_pdf_power_of_attorney_is_stored_outside_media(client, db, settings):
    from pathlib import Path

    data = valid_data(power_of_attorney=SimpleUploadedFile("kuasa.pdf", b"%PDF-1.4\n%%EOF\n"))
    assert client.post(URL, data).status_code == 302
    req = InformationRequest.objects.get()
    path = Path(req.power_of_attorney.path)
    assert path.exists()
    assert Path(settings.MEDIA_ROOT) not in path.parents
    with pytest.raises(ValueError):
        _ = req.power_of_attorney.url


def test_expired_or_forged_form_token_is_refused(client, db):
    response = client.post(URL, valid_data(form_token="forged"))
    assert response.status_code == 200
    assert InformationRequest.objects.count() == 0


def test_submissions_are_rate_limited_per_address(client, db, settings):
    settings.PPID_RATE_LIMITS = {"request": (2, 3600)}
    for n in range(2):
        assert client.post(URL, valid_data(purpose=f"Tujuan {n}")).status_code == 302
    response = client.post(URL, valid_data(purpose="Tujuan 3"))
    assert response.status_code == 429
    assert InformationRequest.objects.count() == 2
    other = client.post(URL, valid_data(purpose="Tujuan 4"), REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 302


def test_same_content_sent_again_from_a_fresh_form_in_the_same_session_is_one_request(client, db):
    first = client.post(URL, valid_data())
    second = client.post(URL, valid_data())  # new token: the form was fetched again after "back"
    assert InformationRequest.objects.count() == 1
    assert first["Location"] == second["Location"]
    other = client.post(URL, valid_data(information_requested="Informasi lain sama sekali"))
    assert other.status_code == 302 and InformationRequest.objects.count() == 2
