"""Factories and helpers for the PPID tests."""

import datetime

import factory
from django.utils import timezone

from openinfo.models import Category, InformationRequest, PublicInformation

JAKARTA = datetime.timezone(datetime.timedelta(hours=7))

REQUESTER = {
    "requester_name": "Siti Rahmawati Kusumadewi",
    "identity_type": "ktp",
    "identity_number": "3671014508900003",
    "address": "Jl. Melati Wangi No. 17, Sukasari",
    "phone": "081298765432",
    "email": "siti.rahma@example.org",
}


def file_request(received_at=None, **overrides):
    fields = {
        **REQUESTER,
        "information_requested": "Jadwal patroli dialogis di Kecamatan Tangerang tahun 2026",
        "purpose": "Bahan kegiatan karang taruna",
        "obtain_method": InformationRequest.ObtainMethod.SOFTCOPY,
        "delivery_method": InformationRequest.DeliveryMethod.EMAIL,
        **overrides,
    }
    return InformationRequest.file(received_at=received_at, **fields)


def at(year, month, day, hour=10):
    return timezone.make_aware(
        datetime.datetime(year, month, day, hour), timezone.get_current_timezone()
    )


class PublicInformationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PublicInformation

    title = factory.Sequence(lambda n: f"Laporan kegiatan Satbinmas {n}")
    category = Category.BERKALA
    summary = "Ringkasan kegiatan pembinaan masyarakat"
    body = "<p>Isi lengkap laporan kegiatan.</p>"
    holding_official = "Kasat Binmas"
    responsible_official = "Kasubbag Humas"
    created_place = "Tangerang"
    year = 2026
    retention_period = "5 tahun"
    live = True
