"""Idempotency keys survive crashes (issue 18): at every point where the process may die between
claiming the key, writing the report and storing the answer, a retry either replays the stored
answer or runs once; no key answers 409 `in_progress` past its lease."""

from datetime import timedelta

import pytest
from django.utils import timezone

from openinfo.models import VisitReport
from partners import idempotency
from partners.models import IdempotencyRecord
from tests.openinfo.visits.test_field_api import URL, payload

pytestmark = pytest.mark.django_db


class Crash(BaseException):
    """Stands for kill -9: nothing after it runs, not even the clean-up of a live process."""


def post(client, data, key):
    return client.post(URL, data, format="json", HTTP_IDEMPOTENCY_KEY=key)


def die_after_the_report_is_written(monkeypatch):
    def crash(*args, **kwargs):
        raise Crash()

    monkeypatch.setattr(idempotency, "_complete", crash)
    monkeypatch.setattr(idempotency, "_release", lambda *a: None)  # a dead process frees nothing


def test_crash_between_report_and_stored_answer_rolls_both_back(client_a, people, monkeypatch):
    data = payload(people["k1"])
    die_after_the_report_is_written(monkeypatch)
    with pytest.raises(Crash):
        post(client_a, data, "crash-1")
    # The report and the answer were in one transaction: neither exists, the key is in flight.
    assert not VisitReport.objects.exists()
    record = IdempotencyRecord.objects.get(key="crash-1")
    assert record.status_code is None and record.lease_expires_at > timezone.now()
    monkeypatch.undo()

    # Within the lease the retry is told to wait, with Retry-After.
    early = post(client_a, data, "crash-1")
    assert early.status_code == 409
    assert early.json()["error"]["code"] == "idempotency_in_progress"
    assert 1 <= int(early["Retry-After"]) <= 60

    # Once the lease has run out the retry runs the write, once; later retries replay it.
    IdempotencyRecord.objects.filter(pk=record.pk).update(
        lease_expires_at=timezone.now() - timedelta(seconds=1)
    )
    retried = post(client_a, data, "crash-1")
    assert retried.status_code == 201, retried.content
    replay = post(client_a, data, "crash-1")
    assert replay.status_code == 201 and replay["Idempotent-Replayed"] == "true"
    assert replay.json() == retried.json()
    assert VisitReport.objects.count() == 1


def test_crash_after_claiming_the_key_lets_the_retry_run_after_the_lease(
    client_a, people, settings
):
    # The process died right after step 1: the key is claimed, nothing else happened.
    settings.IDEMPOTENCY_LEASE_SECONDS = 60
    data = payload(people["k1"])
    first = post(client_a, data, "crash-2")  # learn the request hash and user from a real attempt
    assert first.status_code == 201
    VisitReport.objects.all().delete()
    IdempotencyRecord.objects.filter(key="crash-2").update(
        status_code=None,
        response_body=None,
        completed_at=None,
        lease_token="dead",
        lease_expires_at=timezone.now() - timedelta(seconds=5),
    )
    retried = post(client_a, data, "crash-2")
    assert retried.status_code == 201, retried.content
    assert VisitReport.objects.count() == 1
    assert IdempotencyRecord.objects.get(key="crash-2").status_code == 201


def test_a_key_left_in_flight_by_old_code_is_not_stuck(client_a, people):
    data = payload(people["k1"])
    post(client_a, data, "crash-3")
    VisitReport.objects.all().delete()
    # A record from before leases: in flight, no lease, created an hour ago.
    IdempotencyRecord.objects.filter(key="crash-3").update(
        status_code=None,
        response_body=None,
        completed_at=None,
        lease_token="",
        lease_expires_at=None,
        created_at=timezone.now() - timedelta(hours=1),
    )
    assert post(client_a, data, "crash-3").status_code == 201
    assert VisitReport.objects.count() == 1


def test_crash_after_commit_replays_the_stored_answer(client_a, people):
    data = payload(people["k1"])
    first = post(client_a, data, "crash-4")  # committed; imagine the response never arrived
    record = IdempotencyRecord.objects.get(key="crash-4")
    assert record.status_code == 201 and record.response_body["id"] == first.json()["id"]
    again = post(client_a, data, "crash-4")
    assert again.status_code == 201 and again.json() == first.json()
    assert VisitReport.objects.count() == 1


def test_a_failure_the_process_survives_frees_the_key_at_once(client_a, people, monkeypatch):
    data = payload(people["k1"])

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(idempotency, "_complete", fail)
    with pytest.raises(RuntimeError):
        post(client_a, data, "crash-5")
    monkeypatch.undo()
    assert not IdempotencyRecord.objects.filter(key="crash-5").exists()
    assert post(client_a, data, "crash-5").status_code == 201
    assert VisitReport.objects.count() == 1
