"""Field API: scope, validation, lifecycle over HTTP, idempotency."""

from datetime import timedelta

import pytest
from django.utils import timezone

from openinfo.models import VisitReport
from tests.openinfo.visits.conftest import build_report

pytestmark = pytest.mark.django_db
URL = "/api/v1/field/reports/"


def payload(kelurahan, **overrides):
    data = {
        "kelurahan": kelurahan.code,
        "activity_type": "sambang",
        "started_at": (timezone.now() - timedelta(hours=3)).isoformat(),
        "duration_minutes": 90,
        "rw": "04",
        "participants": [{"role": "warga", "count": 15}, {"role": "babinsa", "count": 1}],
        "public_summary": "Sambang ke pos kamling RW 04, membahas ronda malam.",
        "internal_notes": "catatan internal",
        "signals": [
            {
                "category": "tawuran",
                "severity": "sedang",
                "description": "Kelompok pemuda berkumpul",
            }
        ],
    }
    data.update(overrides)
    return data


def test_requires_token(api_client, people):
    assert api_client.get(URL).status_code in (401, 403)
    assert api_client.post(URL, payload(people["k1"]), format="json").status_code in (401, 403)


def test_officer_files_and_submits_a_report(client_a, people, topics):
    response = client_a.post(
        URL, payload(people["k1"], topics=[t.slug for t in topics[:2]]), format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft" and body["officer"] == people["officer_a"].pk
    assert sorted(body["topics"]) == sorted(t.slug for t in topics[:2])
    report = VisitReport.objects.get(pk=body["id"])
    assert report.participant_total == 16 and report.signals.count() == 1
    patched = client_a.patch(f"{URL}{report.pk}/", {"rw": "05"}, format="json")
    assert patched.status_code == 200 and patched.json()["rw"] == "05"
    submitted = client_a.post(f"{URL}{report.pk}/submit/")
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    again = client_a.post(f"{URL}{report.pk}/submit/")
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "invalid_transition"
    assert client_a.patch(f"{URL}{report.pk}/", {"rw": "06"}, format="json").status_code == 409


def test_kelurahan_not_assigned_is_403(client_a, people):
    response = client_a.post(URL, payload(people["k2"]), format="json")
    assert response.status_code == 403
    assert not VisitReport.objects.exists()


def test_officer_a_cannot_read_edit_or_submit_officer_b_reports(client_a, client_b, people):
    report_b = build_report(people["officer_b"], people["k2"])
    assert client_a.get(f"{URL}{report_b.pk}/").status_code == 404
    assert client_a.patch(f"{URL}{report_b.pk}/", {"rw": "09"}, format="json").status_code == 404
    assert client_a.post(f"{URL}{report_b.pk}/submit/").status_code == 404
    assert client_a.post(f"{URL}{report_b.pk}/photos/").status_code == 404
    assert [r["id"] for r in client_a.get(URL).json()["results"]] == []
    assert [r["id"] for r in client_b.get(URL).json()["results"]] == [report_b.pk]
    report_b.refresh_from_db()
    assert report_b.rw == "03" and report_b.status == "draft"


def test_supervisor_scope_is_their_unit(client_supervisor, people):
    from tests.openinfo.visits.conftest import token_client

    report = build_report(people["officer_b"], people["k2"], status="submitted")
    other = token_client(people["other_supervisor"])
    assert other.get(f"{URL}{report.pk}/").status_code == 404
    assert other.post(f"{URL}{report.pk}/approve/").status_code == 404
    assert client_supervisor.get(f"{URL}{report.pk}/").status_code == 200
    # a supervisor reviews but does not submit or edit an officer's report
    assert client_supervisor.patch(
        f"{URL}{report.pk}/", {"rw": "1"}, format="json"
    ).status_code in (403, 409)
    response = client_supervisor.post(
        f"{URL}{report.pk}/approve/", {"comment": "ok"}, format="json"
    )
    assert response.status_code == 200 and response.json()["status"] == "approved"
    assert client_supervisor.post(f"{URL}{report.pk}/approve/").status_code == 409


def test_officer_cannot_approve(client_a, people):
    report = build_report(people["officer_a"], people["k1"], status="submitted")
    assert client_a.post(f"{URL}{report.pk}/approve/").status_code == 403


def test_return_requires_comment(client_supervisor, people):
    report = build_report(people["officer_a"], people["k1"], status="submitted")
    response = client_supervisor.post(f"{URL}{report.pk}/return/", {}, format="json")
    assert response.status_code == 400 and "comment" in response.json()["error"]["fields"]
    response = client_supervisor.post(
        f"{URL}{report.pk}/return/", {"comment": "Lengkapi"}, format="json"
    )
    assert response.status_code == 200 and response.json()["status"] == "returned"


def test_redaction_blocks_approval_over_api(client_supervisor, people):
    report = build_report(
        people["officer_a"],
        people["k1"],
        status="submitted",
        summary="Warga NIK 3671012345670001 melapor.",
    )
    response = client_supervisor.post(f"{URL}{report.pk}/approve/", {}, format="json")
    assert response.status_code == 400
    assert "3671012345670001" in response.json()["error"]["fields"]["public_summary"][0]


@pytest.mark.parametrize(
    "override,field",
    [
        ({"started_at": (timezone.now() + timedelta(days=2)).isoformat()}, "started_at"),
        ({"duration_minutes": 0}, "duration_minutes"),
        ({"duration_minutes": 5000}, "duration_minutes"),
        ({"activity_type": "piknik"}, "activity_type"),
        ({"participants": [{"role": "warga", "count": -3}]}, "participants"),
    ],
)
def test_field_level_validation_errors(client_a, people, override, field):
    response = client_a.post(URL, payload(people["k1"], **override), format="json")
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]


def test_validation_messages_follow_accept_language(client_a, people):
    data = payload(people["k1"], started_at=(timezone.now() + timedelta(days=2)).isoformat())
    english = client_a.post(URL, data, format="json", HTTP_ACCEPT_LANGUAGE="en")
    indonesian = client_a.post(URL, data, format="json", HTTP_ACCEPT_LANGUAGE="id")
    assert english.json()["error"]["fields"]["started_at"] == [
        "The start time cannot be in the future."
    ]
    assert indonesian.json()["error"]["fields"]["started_at"] == [
        "Waktu mulai tidak boleh di masa depan."
    ]


class TestIdempotency:
    def test_retry_returns_first_response_and_creates_nothing_new(self, client_a, people):
        data = payload(people["k1"])
        first = client_a.post(URL, data, format="json", HTTP_IDEMPOTENCY_KEY="abc-1")
        retry = client_a.post(URL, data, format="json", HTTP_IDEMPOTENCY_KEY="abc-1")
        assert first.status_code == retry.status_code == 201
        assert first.json() == retry.json()
        assert retry["Idempotent-Replayed"] == "true"
        assert VisitReport.objects.count() == 1

    def test_same_key_different_payload_is_409(self, client_a, people):
        client_a.post(URL, payload(people["k1"]), format="json", HTTP_IDEMPOTENCY_KEY="abc-2")
        other = client_a.post(
            URL, payload(people["k1"], rw="09"), format="json", HTTP_IDEMPOTENCY_KEY="abc-2"
        )
        assert other.status_code == 409
        assert other.json()["error"]["code"] == "idempotency_key_reused"
        assert VisitReport.objects.count() == 1

    def test_keys_are_per_user(self, client_a, client_b, people):
        client_a.post(URL, payload(people["k1"]), format="json", HTTP_IDEMPOTENCY_KEY="shared")
        response = client_b.post(
            URL, payload(people["k2"]), format="json", HTTP_IDEMPOTENCY_KEY="shared"
        )
        assert response.status_code == 201
        assert VisitReport.objects.count() == 2

    def test_retried_submit_replays_instead_of_409(self, client_a, people):
        report = build_report(people["officer_a"], people["k1"])
        first = client_a.post(f"{URL}{report.pk}/submit/", HTTP_IDEMPOTENCY_KEY="sub-1")
        retry = client_a.post(f"{URL}{report.pk}/submit/", HTTP_IDEMPOTENCY_KEY="sub-1")
        assert first.status_code == retry.status_code == 200
        assert report.transitions.count() == 1

    def test_error_responses_are_replayed_too(self, client_a, people):
        data = payload(people["k1"], duration_minutes=0)
        first = client_a.post(URL, data, format="json", HTTP_IDEMPOTENCY_KEY="bad-1")
        retry = client_a.post(URL, data, format="json", HTTP_IDEMPOTENCY_KEY="bad-1")
        assert first.status_code == retry.status_code == 400
        assert first.json() == retry.json()


def test_signal_status_update_keeps_history(client_a, people):
    report = build_report(
        people["officer_a"],
        people["k1"],
        status="approved",
        approver=people["supervisor"],
        signals=[("narkoba", "tinggi", "deskripsi", "open")],
    )
    signal = report.signals.get()
    response = client_a.patch(
        f"/api/v1/field/signals/{signal.pk}/",
        {"status": "monitored", "note": "dipantau"},
        format="json",
    )
    assert response.status_code == 200
    assert [h["to"] for h in response.json()["history"]] == ["open", "monitored"]


def test_field_list_constant_queries(client_a, people, django_assert_max_num_queries):
    for _ in range(3):
        build_report(
            people["officer_a"], people["k1"], signals=[("narkoba", "tinggi", "x", "open")]
        )
    with django_assert_max_num_queries(14) as few:
        client_a.get(URL)
    for _ in range(10):
        build_report(
            people["officer_a"], people["k1"], signals=[("narkoba", "tinggi", "x", "open")]
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client_a.get(URL)
