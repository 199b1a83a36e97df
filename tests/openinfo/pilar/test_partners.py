"""3 Pilar partner accounts: invited by an admin, read-only, scoped to their kelurahan, counts and
public summaries only, every access logged."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from openinfo.pilar.models import PilarAccessLog, PilarInvitation, PilarPartner
from tests.factories import OfficerFactory
from tests.openinfo.visits.conftest import build_report, join_unit

pytestmark = pytest.mark.django_db

PASSWORD = "kopi-tubruk-2026!"


def make_partner(django_user_model, username, kelurahan, role="babinsa", active=True):
    user = django_user_model.objects.create_user(username=username, password=PASSWORD)
    partner = PilarPartner.objects.create(
        user=user, name=f"Serka {username}", role=role, active=active
    )
    partner.kelurahan.set(kelurahan)
    return partner


@pytest.fixture
def admin_client(client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.com", PASSWORD)
    client.force_login(admin)
    return client


def invite(admin_client, people, django_capture_on_commit_callbacks, email="babinsa@example.com"):
    data = {
        "name": "Serka Joko",
        "email": email,
        "role": "babinsa",
        "organisation": "Koramil 01",
        "kelurahan": [people["k1"].pk],
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post("/admin/snippets/pilar/pilarinvitation/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    message = mail.outbox[-1]
    assert message.to == [email]
    return re.search(r"http://testserver(/mitra/undangan/[^/\s]+/)", message.body).group(1)


def test_an_admin_invites_and_the_partner_accepts_once(
    admin_client, client, people, django_capture_on_commit_callbacks
):
    link = invite(admin_client, people, django_capture_on_commit_callbacks)
    invitation = PilarInvitation.objects.get()
    assert link.split("/")[-2] not in invitation.token_hash  # only the hash is stored
    admin_client.logout()

    page = client.get(link)
    assert page.status_code == 200 and "Serka Joko" in page.content.decode()
    mismatch = client.post(link, {"password1": PASSWORD, "password2": PASSWORD + "x"})
    assert mismatch.status_code == 400
    assert "tidak sama" in mismatch.content.decode()  # Indonesian error, nothing created
    assert not PilarPartner.objects.exists()

    accepted = client.post(link, {"password1": PASSWORD, "password2": PASSWORD})
    assert accepted.status_code == 302 and accepted["Location"] == "/mitra/"
    partner = PilarPartner.objects.get()
    assert (partner.name, partner.role, partner.user.username) == (
        "Serka Joko",
        "babinsa",
        "babinsa@example.com",
    )
    assert list(partner.kelurahan.all()) == [people["k1"]]
    assert not partner.user.is_staff
    assert client.get("/mitra/").status_code == 200

    client.logout()
    again = client.post(link, {"password1": PASSWORD, "password2": PASSWORD})
    assert again.status_code == 410
    assert PilarPartner.objects.count() == 1
    assert get_user_model().objects.filter(username="babinsa@example.com").count() == 1


def test_expired_revoked_and_unknown_links_create_nothing(
    admin_client, client, people, django_capture_on_commit_callbacks
):
    link = invite(admin_client, people, django_capture_on_commit_callbacks)
    admin_client.logout()
    PilarInvitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    assert client.post(link, {"password1": PASSWORD, "password2": PASSWORD}).status_code == 410
    PilarInvitation.objects.update(expires_at=timezone.now() + timedelta(days=1), revoked=True)
    assert client.get(link).status_code == 410
    assert client.get("/mitra/undangan/tebak-tebakan/").status_code == 404
    assert client.get("/mitra/undangan/%00/").status_code == 404
    assert not PilarPartner.objects.exists()


def test_a_partner_sees_counts_and_public_summaries_of_their_kelurahan_only(
    client, people, django_user_model
):
    officer, k1, k2 = people["officer_a"], people["k1"], people["k2"]
    joint = build_report(
        officer,
        k1,
        status="approved",
        summary="Ronda bersama Babinsa di pos RW 03, warga antusias.",
        participants=(("babinsa", 1), ("warga", 20)),
        internal_notes="MARKER-INTERNAL-NOTE",
        participant_names="MARKER Budi Santoso",
    )
    joint.follow_up_actions = "MARKER-FOLLOWUP"
    joint.save()
    build_report(
        officer,
        k1,
        status="approved",
        summary="Sambang ke pasar, membahas parkir liar.",
        signals=[("narkoba", "tinggi", "MARKER-SIGNAL-DESCRIPTION 0812-3456-7890", "open")],
    )
    build_report(officer, k1, status="draft", summary="MARKER-DRAFT-SUMMARY")
    guard_user = django_user_model.objects.create_user("binkamsa-1", password=PASSWORD)
    guard_officer = join_unit(OfficerFactory(name="Anggota Binkamsa", user=guard_user), "binkamsa")
    build_report(
        guard_officer,
        k1,
        status="approved",
        activity_type="satpam_supervision",
        summary="MARKER-SATPAM-SUMMARY",
        details={
            "company": "MARKER-COMPANY",
            "site": "Gudang",
            "guards_count": 4,
            "findings": "MARKER-FINDINGS",
        },
    )
    build_report(people["officer_b"], k2, status="approved", summary="MARKER-OTHER-KELURAHAN")

    partner = make_partner(django_user_model, "babinsa1", [k1])
    client.force_login(partner.user)
    overview = client.get("/mitra/")
    detail = client.get(f"/mitra/kelurahan/{k1.code}/")
    assert overview.status_code == detail.status_code == 200
    assert "no-store" in detail["Cache-Control"] or "private" in detail["Cache-Control"]
    pages = overview.content.decode() + detail.content.decode()
    assert k1.name in pages and k2.name not in overview.content.decode()
    assert "Ronda bersama Babinsa" in detail.content.decode()
    assert "Narkoba: <strong>1</strong>" in detail.content.decode()
    joint_section = (
        detail.content.decode().split("Kegiatan bersama")[-1].split("Ringkasan publik terbaru")[0]
    )
    assert "Ronda bersama Babinsa" in joint_section and "parkir liar" not in joint_section
    assert "MARKER" not in pages
    assert "0812" not in pages

    other = client.get(f"/mitra/kelurahan/{k2.code}/")
    assert other.status_code == 404 and "MARKER" not in other.content.decode()
    assert client.get("/mitra/kelurahan/9999999/").status_code == 404

    logged = list(PilarAccessLog.objects.order_by("pk").values_list("path", "kelurahan_id"))
    assert logged == [("/mitra/", None), (f"/mitra/kelurahan/{k1.code}/", k1.pk)]


def test_only_active_partners_get_in(client, people, django_user_model):
    assert client.get("/mitra/")["Location"].startswith("/mitra/masuk/")
    staff = django_user_model.objects.create_user("staf", password=PASSWORD, is_staff=True)
    client.force_login(staff)
    assert client.get("/mitra/").status_code == 403
    client.logout()
    refused = client.post("/mitra/masuk/", {"username": "staf", "password": PASSWORD})
    assert refused.status_code == 200 and "_auth_user_id" not in client.session
    assert "bukan akun mitra aktif" in refused.content.decode()

    partner = make_partner(django_user_model, "lurah1", [people["k1"]], role="lurah")
    signed_in = client.post("/mitra/masuk/", {"username": "lurah1", "password": PASSWORD})
    assert signed_in.status_code == 302 and signed_in["Location"] == "/mitra/"
    partner.active = False
    partner.save()
    assert client.get("/mitra/").status_code == 403
    assert not PilarAccessLog.objects.exists()


def test_the_access_log_is_read_only_in_the_admin(admin_client, people, django_user_model):
    partner = make_partner(django_user_model, "akademisi", [people["k1"]], role="academic")
    entry = PilarAccessLog.objects.create(partner=partner, path="/mitra/")
    assert admin_client.get("/admin/snippets/pilar/pilaraccesslog/").status_code == 200
    assert admin_client.get("/admin/snippets/pilar/pilaraccesslog/add/").status_code in (302, 403)
    assert admin_client.post(
        f"/admin/snippets/pilar/pilaraccesslog/delete/{entry.pk}/"
    ).status_code in (302, 403)
    assert PilarAccessLog.objects.filter(pk=entry.pk).exists()


def test_demo_partners_sign_in_and_see_their_kelurahan(client, people):
    from django.core.management import call_command

    build_report(people["officer_a"], people["k1"], status="approved")
    call_command("pilar_demo", stdout=__import__("io").StringIO())
    call_command("pilar_demo", stdout=__import__("io").StringIO())  # idempotent
    assert PilarPartner.objects.count() == 2
    signed_in = client.post(
        "/mitra/masuk/", {"username": "babinsa.demo", "password": "sambang-demo-2026"}
    )
    assert signed_in.status_code == 302
    assert people["k1"].name in client.get("/mitra/").content.decode()
