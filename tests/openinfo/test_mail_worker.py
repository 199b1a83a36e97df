"""A mail server that is down never turns a filed request into an error (issue 18): the receipt
with the secret is shown, the e-mail waits in the task queue and the worker retries it."""

import socket
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core.mail import BLANKED
from openinfo.models import InformationRequest
from tests.openinfo.test_public_form import URL, valid_data


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # nothing listens once the socket is closed


@pytest.fixture
def queued(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", closed_port(), 2
    return settings


def run_worker():
    # The worker closes "old" connections between tasks; inside the test's transaction that would
    # close the test's own connection (on PostgreSQL), as Django's test client avoids for requests.
    from unittest import mock

    with mock.patch(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    ):
        call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)


def mail_tasks():
    return DBTaskResult.objects.filter(task_path="core.mail.send_email").order_by("enqueued_at")


def test_smtp_down_during_filing_shows_the_receipt_and_the_worker_retries(
    client, db, queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, valid_data())
    assert response.status_code == 302
    req = InformationRequest.objects.get()
    receipt = client.get(response["Location"])
    assert receipt.status_code == 200
    secret = receipt.content.decode().split('id="tracking-secret">')[1].split("<")[0]
    assert req.check_secret(secret)
    (queued_mail,) = mail_tasks()
    assert queued_mail.status == "READY"

    run_worker()  # the SMTP connection is refused: the attempt fails, a later one is queued
    first, retry = mail_tasks()
    first.refresh_from_db()
    assert first.status == "SUCCESSFUL" and first.return_value["sent"] == 0
    assert "refused" in first.return_value["error"].lower() or "111" in first.return_value["error"]
    assert first.args_kwargs["args"][1] == BLANKED  # the secret is not kept in the queue
    assert retry.status == "READY" and retry.run_after > timezone.now() + timedelta(seconds=30)
    assert retry.args_kwargs["kwargs"] == {"attempt": 2}

    # The mail server is back and the retry is due: the worker sends it.
    queued.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now() - timedelta(seconds=1))
    run_worker()
    retry.refresh_from_db()
    assert retry.status == "SUCCESSFUL" and retry.return_value == {"sent": 1}
    assert len(mail.outbox) == 1 and secret in mail.outbox[0].body
    assert retry.args_kwargs["args"][1] == BLANKED


def test_a_mail_that_fails_for_good_is_marked_failed(
    client, db, queued, django_capture_on_commit_callbacks
):
    queued.MAIL_MAX_ATTEMPTS = 1
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(URL, valid_data()).status_code == 302
    run_worker()
    (task,) = mail_tasks()
    assert task.status == "FAILED" and "ConnectionRefusedError" in task.exception_class_path
    assert task.args_kwargs["args"][1] == BLANKED


def test_immediate_backend_with_smtp_down_still_files(
    client, db, settings, django_capture_on_commit_callbacks
):
    # Settings where tasks run in the request (tests, TASKS_BACKEND=immediate): no 500 either.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", closed_port(), 2
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, valid_data())
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
    assert InformationRequest.objects.count() == 1


def test_failed_tasks_are_listed_in_the_admin_for_superusers(
    client, db, queued, django_user_model, django_capture_on_commit_callbacks
):
    queued.MAIL_MAX_ATTEMPTS = 1
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, valid_data())
    run_worker()
    (task,) = mail_tasks()
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "x")
    client.force_login(admin)
    listing = client.get("/admin/tasks/?status=FAILED")
    assert listing.status_code == 200
    assert "core.mail.send_email" in listing.content.decode()
    detail = client.get(f"/admin/tasks/inspect/{task.pk}/")
    assert detail.status_code == 200 and "ConnectionRefusedError" in detail.content.decode()
    clerk = django_user_model.objects.create_user("clerk", "c@example.org", "x")
    clerk.user_permissions.add(*Permission.objects.filter(codename="access_admin"))
    client.force_login(clerk)
    assert client.get("/admin/tasks/").status_code in (302, 403)
