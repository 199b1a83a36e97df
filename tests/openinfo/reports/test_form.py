"""The public form at /lapor/: happy path, every validation error, double submit, replay, honeypot,
limits, photos through the visit-photo pipeline. Bad input stores nothing and sends nothing."""

import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from home.models import Kelurahan
from openinfo.models import Holiday
from openinfo.reports.models import ResidentMessage
from openinfo.reports.storage import reports_private_storage
from tests.openinfo.reports.conftest import form_data, jpeg_with_gps

URL = "/lapor/"


@pytest.fixture
def kelurahan(db):
    return Kelurahan.objects.select_related("kecamatan").order_by("code").first()


def stored_files():
    storage = reports_private_storage()
    found = []
    if not storage.exists(""):
        return found

    def walk(path):
        dirs, files = storage.listdir(path)
        found.extend(f"{path}/{f}" for f in files)
        for d in dirs:
            walk(f"{path}/{d}" if path else d)

    walk("")
    return found


def test_form_shows_emergency_warning_consent_and_prefills_kelurahan_from_the_finder(
    client, kelurahan
):
    html = client.get(URL, {"kelurahan": kelurahan.code}).content.decode()
    assert 'href="tel:110"' in html and "110" in html
    assert "UU 27/2022" in html
    assert f'<option value="{kelurahan.code}" selected>' in html
    assert 'name="website"' in html and 'name="form_token"' in html
    assert 'enctype="multipart/form-data"' in html


def test_anonymous_message_is_filed_and_the_receipt_shows_code_and_secret_once(
    client, kelurahan, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, form_data(kelurahan, contact_phone="081234567890"))
    assert response.status_code == 302
    message = ResidentMessage.objects.get()
    assert message.kelurahan == kelurahan and message.kecamatan_id == kelurahan.kecamatan_id
    assert message.contact_phone == ""  # anonymous: a number typed anyway is not kept
    assert message.consent_at is not None and message.events.count() == 1
    receipt = client.get(response["Location"]).content.decode()
    assert message.tracking_code in receipt and 'id="tracking-secret"' in receipt
    again = client.get(response["Location"]).content.decode()
    assert 'id="tracking-secret"' not in again
    assert mail.outbox == []  # no address, no mail


def test_email_contact_gets_a_receipt_after_commit(
    client, kelurahan, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(
            URL, form_data(kelurahan, contact_choice="email", contact_email="warga@example.id")
        )
    assert mail.outbox == [] and callbacks  # nothing sent before the commit
    for callback in callbacks:
        callback()
    message = ResidentMessage.objects.get()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["warga@example.id"]
    assert message.tracking_code in mail.outbox[0].body


def test_a_broken_mail_server_does_not_turn_the_saved_message_into_an_error(
    client, kelurahan, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.openinfo.reports.test_form.BrokenBackend"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            URL, form_data(kelurahan, contact_choice="email", contact_email="a@example.id")
        )
    assert response.status_code == 302 and ResidentMessage.objects.count() == 1


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise OSError("mail server down")


def test_due_date_is_two_working_days_over_a_holiday(client, kelurahan):
    import datetime

    from django.utils import timezone

    Holiday.objects.update_or_create(date=datetime.date(2026, 8, 17), defaults={"name": "HUT RI"})
    friday = timezone.make_aware(datetime.datetime(2026, 8, 14, 16, 0))
    message, _secret = ResidentMessage.file(
        kelurahan=kelurahan, kind="informasi", message="Ada tawuran pelajar.", received_at=friday
    )
    # Friday -> (weekend, Monday 17 August is a holiday) -> Tuesday 18, Wednesday 19.
    assert message.due_date == datetime.date(2026, 8, 19)


BAD_INPUT = [
    ({"message": ""}, "message"),
    ({"message": "x" * 20000}, "message"),
    ({"message": "pendek"}, "message"),
    ({"kind": ""}, "kind"),
    ({"kind": "gosip"}, "kind"),
    ({"kelurahan": "99.99.99.9999"}, "kelurahan"),
    ({"kelurahan": ""}, "kelurahan"),
    ({"when_where": "y" * 600}, "when_where"),
    ({"contact_choice": "telepon", "contact_phone": "12345"}, "contact_phone"),
    ({"contact_choice": "telepon", "contact_phone": ""}, "contact_phone"),
    ({"contact_choice": "email", "contact_email": "bukan-email"}, "contact_email"),
    ({"contact_choice": "email", "contact_email": ""}, "contact_email"),
    ({"contact_choice": "rahasia"}, "contact_choice"),
    ({"consent": ""}, "consent"),
    ({"website": "http://spam.example"}, "website"),
    ({"form_token": "forged"}, "form_token"),
]


@pytest.mark.parametrize("override,field", BAD_INPUT)
def test_bad_input_names_the_field_in_the_error_summary_and_stores_nothing(
    client, kelurahan, override, field, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, form_data(kelurahan, **override))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="error-summary"' in html and "Ada yang perlu diperbaiki" in html
    assert field in response.context["form"].errors
    if field not in ("website", "form_token"):
        anchor = f'href="#id_{field}'
        assert anchor in html
        assert f'id="id_{field}_error"' in html
    assert ResidentMessage.objects.count() == 0 and mail.outbox == []


def test_error_messages_are_indonesian(client, kelurahan):
    html = client.post(URL, form_data(kelurahan, message="", consent="")).content.decode()
    assert "Tulis apa yang terjadi atau pertanyaan Anda." in html
    assert "Centang persetujuan" in html


def _upload(content, name="foto.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_photo_is_stored_privately_without_exif_or_gps(client, kelurahan):
    response = client.post(URL, {**form_data(kelurahan), "photo": _upload(jpeg_with_gps())})
    assert response.status_code == 302
    message = ResidentMessage.objects.get()
    with message.photo.open("rb") as stored:
        image = Image.open(io.BytesIO(stored.read()))
        assert image.format == "JPEG" and not image.getexif()
    assert "KameraRahasia" not in message.photo.open("rb").read().decode("latin-1")
    with pytest.raises(ValueError):
        _ = message.photo.url  # no public URL: only the scoped admin view serves it


@pytest.mark.parametrize(
    "content,name",
    [
        (b"%PDF-1.4 not an image", "foto.jpg"),
        (b"MZ\x90\x00 executable", "foto.png"),
    ],
)
def test_a_file_that_is_not_an_image_is_refused_and_nothing_stored(
    client, kelurahan, content, name
):
    before = stored_files()
    response = client.post(URL, {**form_data(kelurahan), "photo": _upload(content, name)})
    assert response.status_code == 400 and "photo" in response.context["form"].errors
    assert "JPEG, PNG" in response.content.decode()
    assert ResidentMessage.objects.count() == 0 and stored_files() == before


def test_a_decompression_bomb_is_refused(client, kelurahan):
    before = stored_files()
    buffer = io.BytesIO()
    Image.new("1", (12000, 9000)).save(buffer, "PNG")  # 108 MP, a few KB
    response = client.post(
        URL, {**form_data(kelurahan), "photo": _upload(buffer.getvalue(), "bom.png", "image/png")}
    )
    assert response.status_code == 400 and "photo" in response.context["form"].errors
    assert "terlalu banyak piksel" in response.content.decode()
    assert ResidentMessage.objects.count() == 0 and stored_files() == before


def test_same_content_from_a_fresh_form_in_the_same_browser_is_one_message(client, kelurahan):
    first = client.post(URL, form_data(kelurahan))
    second = client.post(URL, form_data(kelurahan))  # a new token: "back" re-fetched the form
    assert ResidentMessage.objects.count() == 1 and second["Location"] == first["Location"]


def test_double_submit_of_the_same_form_gives_one_message(client, kelurahan):
    data = form_data(kelurahan)
    first = client.post(URL, data)
    second = client.post(URL, data)
    assert ResidentMessage.objects.count() == 1
    assert second.status_code == 302 and second["Location"] == first["Location"]


def test_a_replayed_token_from_another_browser_stores_nothing_and_says_so(
    client, kelurahan, django_capture_on_commit_callbacks
):
    from django.test import Client

    data = form_data(kelurahan, contact_choice="email", contact_email="warga@example.id")
    client.post(URL, data)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        replay = Client().post(URL, data)
    assert replay.status_code == 409
    assert "sudah dikirim" in replay.content.decode()
    assert ResidentMessage.objects.count() == 1 and mail.outbox == []


def test_submissions_are_limited_per_address(client, kelurahan, settings):
    settings.REPORTS_RATE_LIMITS = {"submit": (2, 3600)}
    for i in range(2):
        assert (
            client.post(
                URL, form_data(kelurahan, message=f"Laporan nomor {i} tentang keamanan.")
            ).status_code
            == 302
        )
    refused = client.post(URL, form_data(kelurahan, message="Laporan ketiga tentang keamanan."))
    assert refused.status_code == 429 and ResidentMessage.objects.count() == 2


def test_submissions_are_limited_per_contact_whatever_the_address(kelurahan, settings):
    from django.test import Client

    settings.REPORTS_RATE_LIMITS = {"contact": (2, 86400)}
    numbers = ["0812-3456-7890", "+6281234567890", "081234567890"]  # one number, three spellings
    statuses = []
    for i, number in enumerate(numbers):
        response = Client(REMOTE_ADDR=f"10.0.0.{i + 1}").post(
            URL, form_data(kelurahan, contact_choice="telepon", contact_phone=number)
        )
        statuses.append(response.status_code)
    assert statuses == [302, 302, 429]
    assert ResidentMessage.objects.count() == 2
