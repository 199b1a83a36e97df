"""E-mails of the information service: receipts, status changes, staff reminders. Each is queued
for the task worker after commit (`core.mail`), so a mail server that is down never fails a filing."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from core.links import absolute_url
from core.mail import queue_mail
from openinfo.ppid.access import ppid_staff_emails


def _tracking_url():
    return absolute_url(reverse("openinfo:track"))


def send_receipt(request, secret):
    """The registration number, tracking code and secret, once, to the requester's address."""
    if not request.email:
        return 0
    with translation.override("id"):
        body = render_to_string(
            "openinfo/email/receipt.txt",
            {
                "req": request,
                "secret": secret,
                "tracking_url": _tracking_url(),
            },
        )
        subject = f"[PPID] {request.registration_number}"
    return queue_mail(subject, body, [request.email])


def notify_requester(request, event):
    if not request.email:
        return 0
    with translation.override("id"):
        body = render_to_string(
            "openinfo/email/status.txt",
            {
                "req": request,
                "event": event,
                "tracking_url": _tracking_url(),
            },
        )
        subject = f"[PPID] {request.registration_number}: {event.get_kind_display()}"
    return queue_mail(subject, body, [request.email])


def notify_staff_of_objection(objection):
    recipients = ppid_staff_emails()
    if not recipients:
        return 0
    with translation.override("id"):
        body = render_to_string("openinfo/email/objection_staff.txt", {"objection": objection})
    return queue_mail(f"[PPID] Keberatan {objection.request.registration_number}", body, recipients)
