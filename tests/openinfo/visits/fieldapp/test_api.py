"""The field app's API: sign-in tokens (expiry, revocation), options, statuses since a cursor, the
private GPS point, and bad input that changes nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from openinfo.models import VisitReport
from openinfo.visits.fieldapp.models import VisitLocation
from tests.openinfo.visits.conftest import build_report, image_bytes

pytestmark = pytest.mark.django_db
TOKEN_URL = "/api/v1/field/auth/token/"
REPORTS = "/api/v1/field/reports/"


def sign_in(username, password="pw-12345678", client=None):
    client = client or APIClient()
    return client.post(
        TOKEN_URL,
        {"username": username, "password": password},
        format="json",
        HTTP_ACCEPT_LANGUAGE="id",
    )


def with_token(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}", HTTP_ACCEPT_LANGUAGE="id")
    return client


def payload(kelurahan, **overrides):
    data = {
        "kelurahan": kelurahan.code,
        "activity_type": "sambang",
        "started_at": (timezone.now() - timedelta(hours=2)).isoformat(),
        "duration_minutes": 60,
        "participants": [{"role": "warga", "count": 12}],
        "public_summary": "Sambang ke pos kamling, membahas ronda malam.",
        "signals": [],
    }
    data.update(overrides)
    return data


def test_sign_in_returns_an_expiring_token_with_the_officers_area(people):
    response = sign_in("officer-a")
    assert response.status_code == 200, response.content
    body = response.json()
    token = Token.objects.get(user=people["user_a"])
    assert body["token"] == token.key
    assert body["officer"]["name"] == "Andi Officer"
    assert [k["code"] for k in body["kelurahan"]] == [people["k1"].code]
    assert abs(
        (timezone.datetime.fromisoformat(body["expires_at"]) - token.created) - timedelta(days=30)
    ) < timedelta(seconds=1)
    # Signing in on a second phone keeps the first phone's token valid.
    assert sign_in("officer-a").json()["token"] == token.key


def test_wrong_password_is_a_clear_indonesian_error_and_no_token(people):
    response = sign_in("officer-a", "salah")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_credentials"
    assert "kata sandi" in response.json()["error"]["message"].lower()
    assert not Token.objects.exists()


def test_accounts_that_are_not_officers_cannot_sign_in(people):
    response = sign_in("pimpinan")
    assert response.status_code == 403
    assert not Token.objects.exists()


def test_sign_in_is_throttled(people, settings):
    from django.core.cache import cache

    cache.clear()
    # django-axes locks the account at the AXES_FAILURE_LIMIT-th wrong password (before the
    # per-address rate of 10 a minute is reached); the right password is refused while locked.
    limit = settings.AXES_FAILURE_LIMIT
    codes = [sign_in("officer-a", "salah").status_code for _ in range(limit + 1)]
    assert codes[: limit - 1] == [400] * (limit - 1) and codes[limit - 1 :] == [429, 429]
    assert sign_in("officer-a").status_code == 429
    assert not Token.objects.exists()


def test_expired_token_answers_token_expired_and_a_new_sign_in_replaces_it(people):
    key = sign_in("officer-a").json()["token"]
    Token.objects.filter(key=key).update(created=timezone.now() - timedelta(days=31))
    response = with_token(key).get(REPORTS)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "token_expired"
    assert "masuk lagi" in response.json()["error"]["message"].lower()
    fresh = sign_in("officer-a").json()["token"]
    assert fresh != key and with_token(fresh).get(REPORTS).status_code == 200


def test_revoked_token_is_refused(people):
    key = sign_in("officer-a").json()["token"]
    Token.objects.filter(key=key).delete()  # what "delete" under Settings → Field app tokens does
    response = with_token(key).get(REPORTS)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "authentication_failed"


def test_sign_out_revokes_the_token(people):
    key = sign_in("officer-a").json()["token"]
    assert with_token(key).delete(TOKEN_URL).status_code == 204
    assert not Token.objects.filter(key=key).exists()
    assert with_token(key).get(REPORTS).status_code == 401


def test_options_hold_everything_the_form_offers(people, topics):
    key = sign_in("officer-a").json()["token"]
    body = with_token(key).get("/api/v1/field/options/").json()
    assert {c["value"] for c in body["activity_types"]} >= {"sambang", "dds", "penyuluhan"}
    assert any(r["value"] == "warga" and r["label"] == "Warga" for r in body["participant_roles"])
    assert {s["value"] for s in body["severities"]} == {"rendah", "sedang", "tinggi"}
    assert topics[0].slug in [t["slug"] for t in body["topics"]]
    assert body["kelurahan"] == [
        {
            "code": people["k1"].code,
            "name": people["k1"].name,
            "kecamatan": people["k1"].kecamatan.name,
        }
    ]
    assert set(body["redaction"]) == {"nik", "phone", "email"}
    assert body["server_time"]


def test_statuses_since_a_cursor_bring_only_changes(people, client_a):
    report = build_report(people["officer_a"], people["k1"], status="submitted")
    build_report(people["officer_b"], people["k2"], status="submitted")  # not officer A's
    first = client_a.get("/api/v1/field/statuses/").json()
    assert [r["id"] for r in first["results"]] == [report.pk]
    assert first["results"][0]["status"] == "submitted"
    empty = client_a.get("/api/v1/field/statuses/", {"since": first["next_since"]}).json()
    assert empty["results"] == [] and empty["next_since"] == first["next_since"]
    report.return_with_comment(people["supervisor"], "Lengkapi jumlah peserta.")
    changed = client_a.get("/api/v1/field/statuses/", {"since": first["next_since"]}).json()
    assert [(r["id"], r["status"], r["review_comment"]) for r in changed["results"]] == [
        (report.pk, "returned", "Lengkapi jumlah peserta.")
    ]
    bad = client_a.get("/api/v1/field/statuses/", {"since": "not-a-cursor"})
    assert bad.status_code == 400 and bad.json()["error"]["fields"]["since"]


def test_location_is_stored_privately_and_idempotently(people, client_a):
    report = build_report(people["officer_a"], people["k1"])
    point = {
        "latitude": -6.178306,
        "longitude": 106.631889,
        "accuracy_m": 12,
        "recorded_at": timezone.now().isoformat(),
    }
    url = f"{REPORTS}{report.pk}/location/"
    first = client_a.put(url, point, format="json", HTTP_IDEMPOTENCY_KEY="loc-1")
    again = client_a.put(url, point, format="json", HTTP_IDEMPOTENCY_KEY="loc-1")
    assert (
        first.status_code == 200
        and again.status_code == 200
        and again["Idempotent-Replayed"] == "true"
    )
    location = VisitLocation.objects.get(report=report)
    assert float(location.latitude) == pytest.approx(-6.178306) and location.accuracy_m == 12
    # Never public: the approved report's public API shows no coordinates.
    report.submit(people["user_a"])
    report.approve(people["supervisor"])
    public = APIClient().get(f"/api/v1/visits/{report.pk}/").content.decode()
    assert "106.63" not in public and "-6.17" not in public


def test_location_of_another_officers_report_or_an_approved_one_is_refused(people, client_a):
    other = build_report(people["officer_b"], people["k2"])
    approved = build_report(
        people["officer_a"], people["k1"], status="approved", approver=people["supervisor"]
    )
    point = {
        "latitude": 1,
        "longitude": 2,
        "accuracy_m": 3,
        "recorded_at": timezone.now().isoformat(),
    }
    assert client_a.put(f"{REPORTS}{other.pk}/location/", point, format="json").status_code == 404
    response = client_a.put(f"{REPORTS}{approved.pk}/location/", point, format="json")
    assert response.status_code == 409 and response.json()["error"]["code"] == "invalid_transition"
    assert not VisitLocation.objects.exists()


# -- bad input from the phone: a clear Indonesian message, nothing half-saved --------------------------
def test_kelurahan_outside_the_area_is_refused_in_indonesian(people):
    client = with_token(sign_in("officer-a").json()["token"])
    response = client.post(
        REPORTS, payload(people["k2"]), format="json", HTTP_IDEMPOTENCY_KEY="k-1"
    )
    assert response.status_code == 403
    assert "kelurahan" in response.json()["error"]["message"].lower()
    assert not VisitReport.objects.exists()


def test_clock_skew_start_in_the_future_is_refused_and_nothing_saved(people):
    client = with_token(sign_in("officer-a").json()["token"])
    future = (timezone.now() + timedelta(minutes=40)).isoformat()
    response = client.post(REPORTS, payload(people["k1"], started_at=future), format="json")
    assert response.status_code == 400
    assert "masa depan" in " ".join(response.json()["error"]["fields"]["started_at"]).lower()
    assert not VisitReport.objects.exists()


def test_empty_summary_cannot_be_submitted(people):
    client = with_token(sign_in("officer-a").json()["token"])
    created = client.post(REPORTS, payload(people["k1"], public_summary=""), format="json").json()
    response = client.post(f"{REPORTS}{created['id']}/submit/")
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["public_summary"]
    assert VisitReport.objects.get().status == "draft"


def test_edit_after_approval_is_refused(people):
    client = with_token(sign_in("officer-a").json()["token"])
    report = build_report(
        people["officer_a"], people["k1"], status="approved", approver=people["supervisor"]
    )
    response = client.put(
        f"{REPORTS}{report.pk}/", payload(people["k1"], public_summary="Diubah."), format="json"
    )
    assert response.status_code == 409
    report.refresh_from_db()
    assert report.public_summary != "Diubah."


def test_non_image_and_too_many_pixels_are_refused_and_nothing_stored(people, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = with_token(sign_in("officer-a").json()["token"])
    report = build_report(people["officer_a"], people["k1"])
    text = SimpleUploadedFile("foto.jpg", b"bukan foto sama sekali", content_type="image/jpeg")
    response = client.post(f"{REPORTS}{report.pk}/photos/", {"file": text}, format="multipart")
    assert response.status_code == 415
    huge = SimpleUploadedFile(
        "50mp.png", image_bytes("PNG", size=(8660, 5780)), content_type="image/png"
    )
    response = client.post(f"{REPORTS}{report.pk}/photos/", {"file": huge}, format="multipart")
    assert response.status_code == 413 and "piksel" in response.json()["error"]["message"].lower()
    assert report.photos.count() == 0
