import datetime
import threading

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection

from openinfo.models import InformationRequest, RequestEvent, Status, TransitionError
from tests.openinfo.factories import at, file_request

D = datetime.date


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_user("ppid1", "ppid1@example.org", "x")


def test_filing_gives_a_readable_number_a_due_date_and_a_hashed_secret(db):
    req, secret = file_request(received_at=at(2026, 3, 2))
    assert req.registration_number == f"PPID/2026/{req.sequence:06d}"
    assert len(req.tracking_code) == 10 and len(secret) == 12
    assert secret not in req.secret_hash and req.check_secret(secret)
    assert not req.check_secret("WRONGSECRET1")
    # Mon 2 Mar 2026 + 10 working days (no holidays in between) = Mon 16 Mar.
    assert req.due_date == D(2026, 3, 16)
    assert req.status == Status.RECEIVED
    assert list(req.events.values_list("kind", flat=True)) == ["received"]


def test_numbers_count_up_within_a_year_and_restart_in_the_next(db):
    a, _ = file_request(received_at=at(2026, 12, 30))
    b, _ = file_request(received_at=at(2026, 12, 31))
    c, _ = file_request(received_at=at(2027, 1, 4))
    assert b.sequence == a.sequence + 1
    assert c.registration_number == "PPID/2027/000001"


ALLOWED = [
    (Status.RECEIVED, "start_processing", Status.IN_PROCESS),
    (Status.RECEIVED, "extend", Status.EXTENDED),
    (Status.IN_PROCESS, "extend", Status.EXTENDED),
    (Status.RECEIVED, "fulfil", Status.FULFILLED),
    (Status.IN_PROCESS, "fulfil", Status.FULFILLED),
    (Status.EXTENDED, "fulfil", Status.FULFILLED),
    (Status.IN_PROCESS, "fulfil_partly", Status.PARTIALLY_FULFILLED),
    (Status.EXTENDED, "fulfil_partly", Status.PARTIALLY_FULFILLED),
    (Status.RECEIVED, "reject", Status.REJECTED),
    (Status.IN_PROCESS, "reject", Status.REJECTED),
    (Status.EXTENDED, "reject", Status.REJECTED),
]
ACTIONS = ["start_processing", "extend", "fulfil", "fulfil_partly", "reject"]


def act(req, action, user):
    if action == "start_processing":
        return req.start_processing(by=user)
    if action == "extend":
        return req.extend("Dokumen berada di arsip Polsek, perlu dihimpun", days=7, by=user)
    if action == "fulfil":
        return req.fulfil("Informasi terlampir", by=user)
    if action == "fulfil_partly":
        return req.fulfil(
            "Sebagian memuat data pribadi dan dihitamkan",
            by=user,
            partial=True,
            exemption_basis="h",
        )
    return req.reject("a", "Sedang dalam proses penyidikan", by=user)


def bring_to(req, status, user):
    if status == Status.IN_PROCESS:
        req.start_processing(by=user)
    elif status == Status.EXTENDED:
        req.start_processing(by=user)
        req.extend("Perlu koordinasi antar satuan", days=3, by=user)
    elif status == Status.FULFILLED:
        req.fulfil("ok", by=user)
    elif status == Status.PARTIALLY_FULFILLED:
        req.fulfil("sebagian", by=user, partial=True)
    elif status == Status.REJECTED:
        req.reject("a", by=user)
    req.refresh_from_db()
    assert req.status == status


@pytest.mark.parametrize("start,action,target", ALLOWED)
def test_allowed_transition_changes_status_records_event_and_notifies(
    staff, start, action, target, django_capture_on_commit_callbacks
):
    req, _ = file_request()
    bring_to(req, start, staff)
    mail.outbox.clear()
    events_before = req.events.count()
    with django_capture_on_commit_callbacks(execute=True):
        event = act(req, action, staff)
    req.refresh_from_db()
    assert req.status == target
    assert req.events.count() == events_before + 1
    assert event.by == staff and event.to_status == target and event.at
    assert len(mail.outbox) == 1 and req.registration_number in mail.outbox[0].subject


REFUSED = [
    (start, action)
    for start in Status.values
    for action in ACTIONS
    if (start, action) not in {(s, a) for s, a, _ in ALLOWED}
    and not (start == Status.RECEIVED and action == "fulfil_partly")
]


@pytest.mark.parametrize("start,action", REFUSED)
def test_refused_transition_raises_and_changes_nothing(staff, start, action):
    req, _ = file_request()
    bring_to(req, start, staff)
    before = (req.status, req.events.count(), req.extended_due_date, req.responded_at)
    mail.outbox.clear()
    with pytest.raises(TransitionError) as excinfo:
        act(req, action, staff)
    assert excinfo.value.messages[0]
    req.refresh_from_db()
    assert (req.status, req.events.count(), req.extended_due_date, req.responded_at) == before
    assert mail.outbox == []


def test_partial_answer_straight_from_received_is_allowed(staff):
    req, _ = file_request()
    act(req, "fulfil_partly", staff)
    req.refresh_from_db()
    assert req.status == Status.PARTIALLY_FULFILLED


def test_extension_is_once_with_reason_and_at_most_seven_days(staff):
    req, _ = file_request(received_at=at(2026, 2, 2))
    with pytest.raises(TransitionError):
        req.extend("", by=staff)
    with pytest.raises(TransitionError):
        req.extend("alasan", days=8, by=staff)
    req.extend("Arsip di gudang Polsek", days=7, by=staff)
    req.refresh_from_db()
    # Mon 2 Feb 2026 + 10 working days skips 16 Feb (cuti bersama) and 17 Feb (Imlek): Wed 18 Feb.
    assert req.due_date == D(2026, 2, 18)
    # Extension of 7: 19, 20, 23, 24, 25, 26, 27 Feb.
    assert req.extended_due_date == D(2026, 2, 27)
    assert req.effective_due_date == D(2026, 2, 27)
    with pytest.raises(TransitionError):
        req.extend("lagi", days=1, by=staff)


def test_rejection_requires_the_exemption_basis(staff):
    req, _ = file_request()
    with pytest.raises(TransitionError):
        req.reject("", "tanpa dasar", by=staff)
    req.refresh_from_db()
    assert req.status == Status.RECEIVED
    req.reject("a", "Dalam proses penyidikan", by=staff)
    req.refresh_from_db()
    assert req.status == Status.REJECTED and req.exemption_basis == "a"


def test_days_left_and_overdue(db):
    req, _ = file_request(received_at=at(2026, 3, 2))  # due Mon 16 Mar
    assert req.days_left(today=D(2026, 3, 12)) == 2  # Fri 13, Mon 16
    assert not req.is_overdue(today=D(2026, 3, 16))
    assert req.is_overdue(today=D(2026, 3, 17))
    assert req.days_left(today=D(2026, 3, 17)) == -1


@pytest.mark.postgres
def test_simultaneous_submissions_never_share_a_number(django_db_blocker):
    """Eight threads file at once on PostgreSQL; the year's counter row serialises them."""
    numbers, errors = [], []
    barrier = threading.Barrier(8)

    def submit():
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            req, _ = file_request(received_at=at(2031, 5, 5), submission_token=None)
            numbers.append(req.registration_number)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            thread_connection.close()

    with django_db_blocker.unblock():
        assert connection.vendor == "postgresql"
        try:
            threads = [threading.Thread(target=submit) for _ in range(8)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            assert errors == []
            assert len(numbers) == 8 and len(set(numbers)) == 8
            assert sorted(numbers) == [f"PPID/2031/{n:06d}" for n in range(1, 9)]
        finally:
            # Committed outside a test transaction: clean up by hand (no flush of shared data).
            InformationRequest.objects.filter(year=2031).delete()
            from openinfo.models import RegistrationCounter

            RegistrationCounter.objects.filter(year=2031).delete()
            RequestEvent.objects.filter(request__isnull=True).delete()
            connection.close()
