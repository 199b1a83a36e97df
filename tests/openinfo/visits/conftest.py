"""Fixtures for visit reports: two officers of one Polsek, their supervisor, another unit's supervisor,
leadership, and a builder for reports in any state."""

import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from PIL import Image
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from counselling.models import Topic
from home.models import Kecamatan, PoliceUnit
from openinfo.models import (
    EarlyWarningSignal,
    SatbinmasUnit,
    UnitMembership,
    VisitParticipant,
    VisitReport,
)
from openinfo.visits.models.details import save_details
from tests.factories import OfficerFactory


def make_user(django_user_model, username, group=None):
    user = django_user_model.objects.create_user(username=username, password="pw-12345678")
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def area(db):
    kecamatan = Kecamatan.objects.order_by("code").first()
    kelurahan = list(kecamatan.kelurahan.order_by("code")[:3])
    unit = (
        kecamatan.police_units.filter(kind="polsek").first()
        or PoliceUnit.objects.filter(kind="polsek").first()
    )
    other_unit = PoliceUnit.objects.filter(kind="polsek").exclude(pk=unit.pk).first()
    return {"kecamatan": kecamatan, "kelurahan": kelurahan, "unit": unit, "other_unit": other_unit}


@pytest.fixture
def people(db, django_user_model, area):
    k1, k2, k3 = area["kelurahan"]
    user_a = make_user(django_user_model, "officer-a", "Bhabinkamtibmas")
    user_b = make_user(django_user_model, "officer-b", "Bhabinkamtibmas")
    officer_a = OfficerFactory(name="Andi Officer", unit=area["unit"], user=user_a, kelurahan=[k1])
    officer_b = OfficerFactory(name="Budi Officer", unit=area["unit"], user=user_b, kelurahan=[k2])
    supervisor = make_user(django_user_model, "kanit", "Kanit Binmas")
    OfficerFactory(name="Kanit Satu", unit=area["unit"], user=supervisor, kelurahan=[])
    other_supervisor = make_user(django_user_model, "kanit-lain", "Supervisor Satbinmas")
    OfficerFactory(name="Kanit Dua", unit=area["other_unit"], user=other_supervisor, kelurahan=[])
    leader = make_user(django_user_model, "pimpinan", "Pimpinan")
    return {
        "user_a": user_a,
        "user_b": user_b,
        "officer_a": officer_a,
        "officer_b": officer_b,
        "supervisor": supervisor,
        "other_supervisor": other_supervisor,
        "leader": leader,
        "k1": k1,
        "k2": k2,
        "k3": k3,
    }


def join_unit(officer, code, role="member"):
    """Make the officer a member (or the head) of a Satbinmas unit."""
    unit = SatbinmasUnit.objects.get(code=code)
    UnitMembership.objects.update_or_create(officer=officer, defaults={"unit": unit, "role": role})
    officer.refresh_from_db()
    return officer


def token_client(user):
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def client_a(people):
    return token_client(people["user_a"])


@pytest.fixture
def client_b(people):
    return token_client(people["user_b"])


@pytest.fixture
def client_supervisor(people):
    return token_client(people["supervisor"])


def build_report(
    officer,
    kelurahan,
    *,
    status="draft",
    summary="Sambang ke pos kamling, membahas ronda malam.",
    started_at=None,
    activity_type="sambang",
    participants=(("warga", 12),),
    signals=(),
    internal_notes="",
    participant_names="",
    topics=(),
    approver=None,
    details=None,
):
    report = VisitReport(
        officer=officer,
        kelurahan=kelurahan,
        activity_type=activity_type,
        started_at=started_at or timezone.now() - timedelta(days=1),
        duration_minutes=60,
        public_summary=summary,
        internal_notes=internal_notes,
        participant_names=participant_names,
        rw="03",
        rt="07",
    )
    report.participants = [VisitParticipant(role=role, count=count) for role, count in participants]
    report.signals = [
        EarlyWarningSignal(category=c, severity=s, description=d, status=st)
        for c, s, d, st in signals
    ]
    if topics:
        report.topics.set(topics)
    report.save()
    if details is not None:
        save_details(report, details)
    if status in ("submitted", "approved", "returned"):
        report.submit(officer.user)
    if status == "approved":
        report.approve(approver)
    if status == "returned":
        report.return_with_comment(approver, "Lengkapi jumlah peserta.")
    return report


@pytest.fixture
def topics(db):
    return list(Topic.objects.order_by("order")[:3])


def image_bytes(fmt="JPEG", size=(64, 48), exif=None, colour=(200, 30, 30)):
    buffer = io.BytesIO()
    img = Image.new("RGB", size, colour)
    kwargs = {"exif": exif} if exif is not None else {}
    img.save(buffer, fmt, **kwargs)
    return buffer.getvalue()
