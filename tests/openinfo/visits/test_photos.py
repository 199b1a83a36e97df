"""Photo upload: EXIF (GPS included) removed, renditions made, bad images refused with nothing stored."""

import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

from openinfo.models import VisitPhoto
from openinfo.visits import images
from tests.openinfo.visits.conftest import build_report, image_bytes

pytestmark = pytest.mark.django_db


def gps_jpeg():
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "TestCam"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "S"
    gps[ExifTags.GPS.GPSLatitude] = (6.0, 10.0, 30.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (106.0, 37.0, 50.0)
    return image_bytes("JPEG", size=(1200, 900), exif=exif)


def stored_files():
    root = settings.PRIVATE_MEDIA_ROOT / "visits"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def upload(client, report, data, name="photo.jpg", content_type="image/jpeg"):
    return client.post(
        f"/api/v1/field/reports/{report.pk}/photos/",
        {
            "file": SimpleUploadedFile(name, data, content_type=content_type),
            "caption": "Pos kamling",
        },
        format="multipart",
    )


def test_jpeg_with_gps_exif_is_stored_without_exif(client_a, people):
    original = gps_jpeg()
    source = Image.open(io.BytesIO(original))
    assert source.getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the fixture really carries GPS
    report = build_report(people["officer_a"], people["k1"])
    response = upload(client_a, report, original)
    assert response.status_code == 201, response.content
    photo = VisitPhoto.objects.get()
    for field in (photo.image, photo.medium, photo.thumbnail):
        with Image.open(field.path) as stored:
            assert not stored.getexif(), field.name
            assert "exif" not in stored.info
        assert b"TestCam" not in open(field.path, "rb").read()
    with Image.open(photo.thumbnail.path) as thumb:
        assert max(thumb.size) <= images.RENDITIONS["thumbnail"]
    with Image.open(photo.medium.path) as medium:
        assert max(medium.size) <= images.RENDITIONS["medium"]
    assert response.json()["thumbnail_url"].startswith("http")


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_png_and_webp_accepted_by_content(client_a, people, fmt):
    report = build_report(people["officer_a"], people["k1"])
    # the name says .txt: the content decides
    assert (
        upload(
            client_a, report, image_bytes(fmt), name="x.txt", content_type="text/plain"
        ).status_code
        == 201
    )


def _bomb():
    buffer = io.BytesIO()
    Image.new("1", (12000, 12000)).save(buffer, "PNG")
    return buffer.getvalue()


def _corrupt():
    data = image_bytes("JPEG", size=(400, 300))
    return data[: len(data) // 2]


@pytest.mark.parametrize(
    "case,status",
    [
        ("not_an_image", 415),
        ("gif", 415),
        ("corrupt", 400),
        ("too_many_bytes", 413),
        ("too_many_pixels", 413),
        ("decompression_bomb", 413),
    ],
)
def test_bad_images_are_refused_and_nothing_is_stored(client_a, people, monkeypatch, case, status):
    report = build_report(people["officer_a"], people["k1"])
    data = {
        "not_an_image": lambda: b"%PDF-1.4 this is not an image at all" * 10,
        "gif": lambda: image_bytes("GIF"),
        "corrupt": _corrupt,
        "too_many_bytes": lambda: image_bytes("JPEG"),
        "too_many_pixels": lambda: image_bytes("PNG", size=(300, 300)),
        "decompression_bomb": _bomb,
    }[case]()
    if case == "too_many_bytes":
        monkeypatch.setattr(images, "MAX_BYTES", 100)
    if case == "too_many_pixels":
        monkeypatch.setattr(images, "MAX_PIXELS", 10_000)
    before, limit = stored_files(), Image.MAX_IMAGE_PIXELS
    response = upload(client_a, report, data)
    assert response.status_code == status, response.content
    assert response.json()["error"]["code"]
    assert not VisitPhoto.objects.exists()
    assert stored_files() == before
    assert Image.MAX_IMAGE_PIXELS == limit  # the global limit is restored


def test_photo_upload_is_idempotent(client_a, people):
    report = build_report(people["officer_a"], people["k1"])
    data = image_bytes("JPEG")
    for _ in range(2):
        response = client_a.post(
            f"/api/v1/field/reports/{report.pk}/photos/",
            {"file": SimpleUploadedFile("p.jpg", data, content_type="image/jpeg")},
            format="multipart",
            HTTP_IDEMPOTENCY_KEY="photo-1",
        )
        assert response.status_code == 201
    assert VisitPhoto.objects.count() == 1
