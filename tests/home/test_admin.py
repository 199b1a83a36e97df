import pytest
from django.contrib.auth import get_user_model

from home.models import Kecamatan, PoliceUnit
from tests.factories import OfficerFactory, kelurahan


@pytest.fixture
def admin_client(client, db):
    user = get_user_model().objects.create_superuser("boss", "boss@example.id", "pw")
    client.force_login(user)
    return client


def test_officer_listing_filters_by_unit_and_kecamatan_and_searches_by_name(admin_client):
    OfficerFactory(
        name="Siti Karawaci",
        kelurahan=[kelurahan("36.71.07.1001")],
        unit=PoliceUnit.objects.get(name="Polsek Karawaci"),
    )
    OfficerFactory(
        name="Rina Benda",
        kelurahan=[kelurahan("36.71.04.1001")],
        unit=PoliceUnit.objects.get(name="Polsek Benda"),
    )
    url = "/admin/snippets/home/officer/"
    by_unit = admin_client.get(
        url, {"unit": PoliceUnit.objects.get(name="Polsek Benda").pk}
    ).content.decode()
    assert "Rina Benda" in by_unit and "Siti Karawaci" not in by_unit
    karawaci = Kecamatan.objects.get(code="36.71.07")
    by_kecamatan = admin_client.get(url, {"kecamatan": karawaci.pk}).content.decode()
    assert "Siti Karawaci" in by_kecamatan and "Rina Benda" not in by_kecamatan
    by_name = admin_client.get(url, {"q": "Rina"}).content.decode()
    assert "Rina Benda" in by_name and "Siti Karawaci" not in by_name


def test_admin_speaks_indonesian_by_default(client, db):
    assert "Masuk" in client.get("/admin/login/").content.decode()


def test_wagtail_admin_strings_missing_from_wagtails_catalogue_come_from_our_locale(client, db):
    from django.utils import translation
    from wagtail.models import GroupApprovalTask

    assert "Lupa kata sandi?" in client.get("/admin/login/").content.decode()
    catalog = client.get("/admin/jsi18n/").content.decode()
    assert "Sisipkan blok" in catalog and "Tulis sesuatu atau ketik" in catalog
    with translation.override("id"):
        labels = [
            str(label)
            for _name, label, _modal in GroupApprovalTask().get_actions(None, _superuser())
        ]
    assert labels == ["Minta perubahan", "Setujui", "Setujui dengan komentar"]


def _superuser():
    from django.contrib.auth import get_user_model

    return get_user_model()(is_superuser=True)
