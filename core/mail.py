"""E-mail through the task worker (issue 18): queued once the transaction has committed, sent by
`manage.py db_worker`, retried with backoff, failed-for-good tasks listed in the admin.

A mail server that is down therefore never turns a saved record into an error page. Bodies may
carry a one-time secret (the PPID receipt), so the queued copy is blanked once the message has
been sent or has failed for good.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django_tasks import task
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

BLANKED = "(isi dihapus setelah dikirim / body removed once sent)"


def backoff(attempt):
    """Wait before attempt `attempt + 1`: 1, 4, 16, 64 minutes ... at most 6 hours."""
    return timedelta(minutes=min(4 ** (attempt - 1), 360))


def _forget_body(context, subject, recipients, attempt):
    """Blank the stored copy of the message in the database queue (a no-op on other backends)."""
    if not isinstance(send_email.get_backend(), DatabaseBackend):
        return
    DBTaskResult.objects.filter(pk=context.task_result.id).update(
        args_kwargs={"args": [subject, BLANKED, recipients], "kwargs": {"attempt": attempt}}
    )


@task(takes_context=True)
def send_email(context, subject, body, recipients, attempt=1):
    """Send one message; on failure queue the next attempt (with backoff) or fail for good."""
    try:
        sent = EmailMessage(subject, body, None, recipients).send()
    except Exception as exc:
        backend = send_email.get_backend()
        if attempt < settings.MAIL_MAX_ATTEMPTS and backend.supports_defer:
            retry_at = timezone.now() + backoff(attempt)
            send_email.using(run_after=retry_at).enqueue(
                subject, body, recipients, attempt=attempt + 1
            )
            logger.warning(
                "mail %r to %d recipient(s) failed (attempt %d, %s); retry at %s",
                subject,
                len(recipients),
                attempt,
                exc,
                retry_at.isoformat(),
            )
            _forget_body(context, subject, recipients, attempt)
            return {"sent": 0, "retry_at": retry_at.isoformat(), "error": str(exc)}
        logger.error("mail %r failed for good after %d attempt(s): %s", subject, attempt, exc)
        _forget_body(context, subject, recipients, attempt)
        raise
    _forget_body(context, subject, recipients, attempt)
    return {"sent": sent}


def queue_mail(subject, body, recipients):
    """Queue a message for the worker once the current transaction commits (at once outside one).
    Returns the number of recipients queued for."""
    recipients = [r for r in recipients if r]
    if not recipients:
        return 0
    transaction.on_commit(
        lambda: send_email.enqueue(str(subject), str(body), recipients), robust=True
    )
    return len(recipients)
