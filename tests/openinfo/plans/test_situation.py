"""Situation mode: the daily summary's content (counts and categories only), its recipients, once a
day, and the dashboard widget."""

import datetime
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from home.models import Kecamatan
from openinfo.models import EarlyWarningSignal
from openinfo.plans import situation
from openinfo.plans.models import SituationDigest, SituationPeriod

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 11, 20)
SECRET = "RAHASIA-DESKRIPSI-SINYAL"


def signal(kelurahan, observed_on, category, severity="sedang", status="open", reported=True):
    return EarlyWarningSignal.objects.create(
        report=None,
        category=category,
        severity=severity,
        description=f"{SECRET} Pak Budi di RT 03",
        status=status,
        kecamatan_id=kelurahan.kecamatan_id,
        kelurahan=kelurahan,
        observed_on=observed_on,
        reported=reported,
    )


@pytest.fixture
def period(people, area, django_user_model):
    k1, k2 = people["k1"], people["k2"]
    other = Kecamatan.objects.exclude(pk=area["kecamatan"].pk).order_by("code").first()
    k_other = other.kelurahan.order_by("code").first()
    days = datetime.timedelta
    # The fixture kecamatan: today 2 politik (1 high, open) + 1 narkoba (not a period category);
    # previous 7 days 3 konflik_sosial (one resolved high); 8 days ago 1 politik high open (outside
    # the 7 days, inside the period); a draft's signal today (not reported).
    signal(k1, DAY, "politik", "tinggi")
    signal(k2, DAY, "politik")
    signal(k1, DAY, "narkoba", "tinggi")
    signal(k1, DAY - days(1), "konflik_sosial")
    signal(k2, DAY - days(3), "konflik_sosial")
    signal(k2, DAY - days(7), "konflik_sosial", "tinggi", "resolved")
    signal(k1, DAY - days(8), "politik", "tinggi", "monitored")
    signal(k1, DAY, "politik", reported=False)
    # Another kecamatan: nothing today, 7 in the previous days (1 a day): steady at 0 vs 1 -> falling.
    for n in range(1, 8):
        signal(k_other, DAY - days(n), "politik")
    leader = people["leader"]
    leader.email = "pimpinan@polres.example"
    leader.save()
    for name, email, active in (
        ("pimpinan-tanpa-email", "", True),
        ("pimpinan-nonaktif", "lama@polres.example", False),
    ):
        user = django_user_model.objects.create_user(
            username=name, password="pw-12345678", email=email, is_active=active
        )
        user.groups.add(Group.objects.get(name="Pimpinan"))
    people["supervisor"].email = "kanit@polres.example"
    people["supervisor"].save()
    return {
        "period": SituationPeriod.objects.create(
            name="Pilkada 2026",
            start=DAY - days(30),
            end=DAY + days(30),
            categories=["politik", "konflik_sosial"],
        ),
        "kecamatan": area["kecamatan"],
        "other": other,
    }


def test_summary_counts_per_kecamatan(period):
    data = situation.summary(period["period"], DAY)
    rows = {r["kecamatan"]: r for r in data["rows"]}
    mine = rows[period["kecamatan"].name]
    assert (mine["today"], mine["previous"], mine["trend"]) == (2, 3, "up")  # resolved ones count
    assert mine["open_high"] == 2  # today's politik high + the monitored one from 8 days ago
    assert mine["open_high_categories"] == [("Politik / pemilu", 2)]
    other = rows[period["other"].name]
    assert (other["today"], other["previous"], other["trend"], other["open_high"]) == (
        0,
        7,
        "down",
        0,
    )
    assert data["totals"] == {"today": 2, "previous": 10, "open_high": 2}
    assert situation.trend(1, 7) == "steady"


def test_daily_mail_to_leadership_once_a_day_without_descriptions(
    period, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("situation_summary", "--date", DAY.isoformat())
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["pimpinan@polres.example"]  # not the inactive one, not the supervisor
    assert "Pilkada 2026" in message.subject and "Ringkasan situasi harian" in message.body
    line = next(x for x in message.body.splitlines() if period["kecamatan"].name + ":" in x)
    assert (
        "hari ini 2, 7 hari sebelumnya 3 (naik), terbuka tingkat tinggi 2 (Politik / pemilu 2)"
        in line
    )
    assert (
        SECRET not in message.body
        and "Pak Budi" not in message.body
        and "RT 03" not in message.body
    )
    assert SituationDigest.objects.filter(period=period["period"], day=DAY, recipients=1).exists()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("situation_summary", "--date", DAY.isoformat())
    assert len(mail.outbox) == 1  # the second run the same day sends nothing
    with django_capture_on_commit_callbacks(execute=True):
        call_command("situation_summary", "--date", (DAY + datetime.timedelta(days=1)).isoformat())
    assert len(mail.outbox) == 2  # the next day is a new summary


def test_no_mail_when_the_period_is_closed_or_over(period, django_capture_on_commit_callbacks):
    SituationPeriod.objects.filter(pk=period["period"].pk).update(status="closed")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("situation_summary", "--date", DAY.isoformat())
    SituationPeriod.objects.filter(pk=period["period"].pk).update(status="open")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("situation_summary", "--date", "2027-01-31")
    assert mail.outbox == [] and not SituationDigest.objects.exists()


def test_dashboard_shows_the_situation_to_leadership_only(client, period, people):
    with mock.patch.object(timezone, "localdate", return_value=DAY):
        client.force_login(people["leader"])
        html = client.get(reverse("visit_dashboard")).content.decode()
        assert "Mode situasi: Pilkada 2026" in html
        assert SECRET not in html
        client.force_login(people["supervisor"])  # a Kanit sees the dashboard, not the situation
        html = client.get(reverse("visit_dashboard")).content.decode()
        assert "Mode situasi" not in html
