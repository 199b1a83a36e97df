"""Filing holds the year's registration-counter lock only for the inserts (issue 18): the secret's
password hash, which costs ~0.5 s by design, is computed before the lock is taken."""

from openinfo.ppid.models import requests as request_models
from openinfo.ppid.models.calendar import RegistrationCounter
from tests.openinfo.factories import at, file_request


def test_the_secret_is_hashed_before_the_counter_is_locked(db, monkeypatch):
    steps = []
    real_hash, real_next = request_models.make_password, RegistrationCounter.next_number.__func__

    def hashing(secret):
        steps.append("hash")
        return real_hash(secret)

    def locking(cls, year):
        steps.append("lock")
        return real_next(cls, year)

    monkeypatch.setattr(request_models, "make_password", hashing)
    monkeypatch.setattr(RegistrationCounter, "next_number", classmethod(locking))
    req, secret = file_request(received_at=at(2026, 3, 2))
    assert steps == ["hash", "lock"]
    assert req.check_secret(secret)
