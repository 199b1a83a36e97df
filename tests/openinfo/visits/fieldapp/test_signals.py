"""Early-warning signals an officer files on their own, without a visit report (POST /field/signals/):
idempotent, only for the officer's own area, validated, alerting once for high severity, and shown
wherever supervisors and leadership see signals (admin home, alert list, signal list and page,
dashboard)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from openinfo.models import EarlyWarningSignal, SignalStatusChange
from openinfo.visits import dashboard as dash
from openinfo.visits.fieldapp.models import SignalAlert

pytestmark = pytest.mark.django_db
SIGNALS = "/api/v1/field/signals/"
DESCRIPTION = "Joko Susilo (0812-3456-7890) mengajak tawuran di grup WhatsApp RW 04"


def client_for(user):
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}", HTTP_ACCEPT_LANGUAGE="id")
    return client


def body(kel, **overrides):
    data = {
        "kelurahan": kel.code,
        "category": "tawuran",
        "severity": "sedang",
        "description": DESCRIPTION,
    }
    data.update(overrides)
    return data


def post(client, data, key="kunci-1", **extra):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post(SIGNALS, data, format="json", **headers, **extra)


@pytest.fixture
def addressed(people):
    for key, email in (
        ("supervisor", "kanit@polres.test"),
        ("other_supervisor", "kanit-lain@polres.test"),
        ("leader", "pimpinan@polres.test"),
        ("user_a", "andi@polres.test"),
    ):
        people[key].email = email
        people[key].save()
    return people


# -- API -------------------------------------------------------------------------------------------
def test_an_officer_files_a_signal_without_a_report(people):
    observed = timezone.now() - timedelta(hours=3)
    response = post(
        client_for(people["user_a"]), body(people["k1"], observed_at=observed.isoformat())
    )
    assert response.status_code == 201, response.content
    data = response.json()
    signal = EarlyWarningSignal.objects.get()
    assert (
        data["id"] == signal.pk
        and data["status"] == "open"
        and data["kelurahan"] == people["k1"].code
    )
    assert data["status_label"] == "Terbuka"
    assert signal.report is None and signal.officer == people["officer_a"]
    assert signal.unit == people["officer_a"].unit and signal.reported is True
    assert signal.kelurahan == people["k1"] and signal.kecamatan_id == people["k1"].kecamatan_id
    assert signal.observed_on == timezone.localtime(observed).date()
    assert signal.description == DESCRIPTION
    assert [(h.from_status, h.to_status) for h in signal.history.all()] == [("", "open")]


def test_a_retry_with_the_same_key_files_one_signal(people):
    client = client_for(people["user_a"])
    first = post(client, body(people["k1"]), key="sinyal-abc")
    again = post(client, body(people["k1"]), key="sinyal-abc")
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    assert EarlyWarningSignal.objects.count() == 1
    # A new key is a new signal.
    assert post(client, body(people["k1"]), key="sinyal-def").status_code == 201
    assert EarlyWarningSignal.objects.count() == 2


def test_the_idempotency_key_is_required(people):
    response = post(client_for(people["user_a"]), body(people["k1"]), key=None)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "idempotency_key_required"
    assert not EarlyWarningSignal.objects.exists()


def test_another_officers_kelurahan_is_refused_in_indonesian(people):
    response = post(client_for(people["user_a"]), body(people["k2"]))  # k2 is officer B's
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["fields"]["kelurahan"] == ["Kelurahan ini bukan wilayah tugas Anda."]
    assert not EarlyWarningSignal.objects.exists() and not SignalStatusChange.objects.exists()


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"category": "bukan-kategori"}, "category"),
        ({"severity": "darurat"}, "severity"),
        ({"description": ""}, "description"),
        ({"description": "   "}, "description"),
        ({"kelurahan": "99.99.99.9999"}, "kelurahan"),
        ({"observed_at": (timezone.now() + timedelta(days=1)).isoformat()}, "observed_at"),
    ],
)
def test_bad_input_is_a_400_and_saves_nothing(people, overrides, field):
    response = post(client_for(people["user_a"]), body(people["k1"], **overrides))
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] in (
        "validation_error",
        "invalid_choice",
        "blank",
        "does_not_exist",
        "invalid",
    )
    assert field in error["fields"] and error["fields"][field]
    assert not EarlyWarningSignal.objects.exists()


def test_unauthenticated_and_expired_tokens_are_401(people):
    anonymous = APIClient()
    assert post(anonymous, body(people["k1"])).status_code == 401
    client = client_for(people["user_a"])
    Token.objects.filter(user=people["user_a"]).update(created=timezone.now() - timedelta(days=31))
    response = post(client, body(people["k1"]))
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "token_expired"
    assert not EarlyWarningSignal.objects.exists()


def test_supervisors_and_leadership_do_not_file_signals(people):
    # The supervisor's officer profile has no kelurahan; leadership uses no field API at all.
    response = post(client_for(people["supervisor"]), body(people["k1"]))
    assert response.status_code == 400 and "kelurahan" in response.json()["error"]["fields"]
    assert post(client_for(people["leader"]), body(people["k1"])).status_code == 403
    assert not EarlyWarningSignal.objects.exists()


def file(people, user_key="user_a", officer_key="officer_a", k="k1", severity="sedang"):
    return EarlyWarningSignal.file_standalone(
        officer=people[officer_key],
        kelurahan=people[k],
        category="narkoba",
        severity=severity,
        description="Dugaan transaksi di warung.",
        user=people[user_key],
    )


def test_officers_list_their_own_signals_and_supervisors_their_units(people):
    mine = file(people)
    other = file(people, "user_b", "officer_b", "k2")
    listed = client_for(people["user_a"]).get(SIGNALS)
    assert listed.status_code == 200
    assert [row["id"] for row in listed.json()["results"]] == [mine.pk]
    assert client_for(people["user_a"]).get(f"{SIGNALS}{other.pk}/").status_code == 404
    detail = client_for(people["user_a"]).get(f"{SIGNALS}{mine.pk}/").json()
    assert detail["category"] == "narkoba" and detail["history"][0]["to"] == "open"
    supervised = client_for(people["supervisor"]).get(SIGNALS).json()["results"]
    assert sorted(row["id"] for row in supervised) == sorted([mine.pk, other.pk])
    assert client_for(people["other_supervisor"]).get(SIGNALS).json()["results"] == []


def test_a_supervisor_follows_a_standalone_signal_up(people):
    signal = file(people)
    url = f"{SIGNALS}{signal.pk}/"
    stranger = client_for(people["other_supervisor"]).patch(
        url, {"status": "resolved"}, format="json"
    )
    assert stranger.status_code == 404
    response = client_for(people["supervisor"]).patch(
        url, {"status": "monitored", "note": "Dipantau bersama Babinsa."}, format="json"
    )
    assert response.status_code == 200, response.content
    signal.refresh_from_db()
    assert signal.status == "monitored"
    assert client_for(people["user_a"]).get(url).json()["status_label"] == "Dipantau"


def test_the_schema_documents_filing_a_signal(people, client):
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/field/signals/"]["post"]
    headers = {p["name"]: p for p in operation["parameters"] if p["in"] == "header"}
    assert headers["Idempotency-Key"]["required"] is True
    assert "201" in operation["responses"]
    assert "get" in schema["paths"]["/api/v1/field/signals/{id}/"]


# -- alerts ----------------------------------------------------------------------------------------
def test_a_high_standalone_signal_mails_the_supervisor_and_leadership_once(
    addressed, django_capture_on_commit_callbacks
):
    client = client_for(addressed["user_a"])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = post(client, body(addressed["k1"], severity="tinggi"), key="tinggi-1")
    assert first.status_code == 201 and len(callbacks) >= 1
    with django_capture_on_commit_callbacks(execute=True):
        replay = post(client, body(addressed["k1"], severity="tinggi"), key="tinggi-1")
    assert replay["Idempotent-Replayed"] == "true"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["kanit@polres.test", "pimpinan@polres.test"]
    text = message.subject + message.body
    signal = EarlyWarningSignal.objects.get()
    assert "Tawuran" in text and addressed["k1"].name in text and "Andi Officer" in text
    assert f"/admin/lapangan/sinyal/{signal.pk}/" in text
    for private in ("Joko", "Susilo", "0812", "WhatsApp", DESCRIPTION):
        assert private not in text
    assert sorted(SignalAlert.objects.values_list("recipient__username", flat=True)) == [
        "kanit",
        "pimpinan",
    ]


def test_a_low_standalone_signal_alerts_nobody(addressed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client_for(addressed["user_a"]), body(addressed["k1"], severity="rendah"))
    assert response.status_code == 201
    assert mail.outbox == [] and not SignalAlert.objects.exists()


def test_no_alert_when_the_signal_is_refused(addressed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client_for(addressed["user_a"]), body(addressed["k2"], severity="tinggi"))
    assert response.status_code == 400
    assert mail.outbox == [] and not SignalAlert.objects.exists()


# -- where supervisors and leadership see signals ----------------------------------------------------
def test_standalone_signals_show_in_the_admin_for_the_right_people(
    addressed, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post(client_for(addressed["user_a"]), body(addressed["k1"], severity="tinggi"))
    signal = EarlyWarningSignal.objects.get()
    # A signal converted from a resident's message has neither report nor officer.
    EarlyWarningSignal.objects.create(
        category="lainnya",
        severity="rendah",
        description="Dari pesan warga.",
        kelurahan=addressed["k1"],
        kecamatan_id=addressed["k1"].kecamatan_id,
        unit=addressed["officer_a"].unit,
        reported=True,
    )
    page = f"/admin/lapangan/sinyal/{signal.pk}/"
    client.force_login(addressed["supervisor"])
    home = client.get("/admin/").content.decode()
    assert "Sinyal deteksi dini terbuka" in home and 'data-count="2"' in home
    assert page in home
    alerts_page = client.get("/admin/lapangan/peringatan/").content.decode()
    assert page in alerts_page and "Joko" not in alerts_page
    client.force_login(addressed["leader"])
    assert 'data-figure="signals">2<' in client.get("/admin/").content.decode()
    client.force_login(addressed["supervisor"])
    listing = client.get("/admin/lapangan/sinyal/").content.decode()
    assert listing.count('class="fieldapp-signal"') == 1 and page in listing
    detail = client.get(page)
    assert detail.status_code == 200 and DESCRIPTION in detail.content.decode()
    assert not SignalAlert.objects.filter(
        recipient=addressed["supervisor"], read_at__isnull=True
    ).exists()  # opening it marks the alert read
    response = client.post(page, {"status": "resolved", "note": "Sudah ditangani."})
    assert response.status_code == 302
    signal.refresh_from_db()
    assert signal.status == "resolved" and signal.history.last().note == "Sudah ditangani."

    client.force_login(addressed["other_supervisor"])
    assert (
        client.get("/admin/lapangan/sinyal/").content.decode().count('class="fieldapp-signal"') == 0
    )
    assert client.get(page).status_code in (302, 403)
    assert client.post(page, {"status": "open"}).status_code in (302, 403)
    signal.refresh_from_db()
    assert signal.status == "resolved"

    client.force_login(addressed["leader"])
    assert (
        client.get("/admin/lapangan/sinyal/").content.decode().count('class="fieldapp-signal"') == 1
    )
    leader_page = client.get(page)
    assert (
        leader_page.status_code == 200 and "visit-signal-status" not in leader_page.content.decode()
    )


def test_the_dashboard_counts_standalone_signals(people):
    file(people, severity="tinggi")
    filters = dash.Filters.for_user(people["leader"], {})
    assert dash.open_signals(filters).extra["total"] == 1
