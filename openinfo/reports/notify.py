"""E-mails to residents who gave an address: the receipt and each answer. Sent after commit; a failing
mail server is logged and never turns a saved message or answer into an error."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

logger = logging.getLogger(__name__)


def tracking_url():
    return settings.BASE_URL.rstrip("/") + reverse("reports:track")


def _send(subject, template, context, to):
    try:
        with translation.override("id"):
            body = render_to_string(template, {**context, "tracking_url": tracking_url()})
        return send_mail(subject, body, None, [to])
    except Exception:  # noqa: BLE001 - the record is saved; the mail is best effort
        logger.exception("Lapor & Tanya mail to the resident failed")
        return 0


def send_receipt(message, secret):
    if not message.contact_email:
        return 0
    return _send(
        f"[Lapor & Tanya] {message.tracking_code}",
        "reports/email/receipt.txt",
        {"message": message, "secret": secret},
        message.contact_email,
    )


def send_reply(message, event):
    if not message.contact_email:
        return 0
    return _send(
        f"[Lapor & Tanya] Jawaban untuk {message.tracking_code}",
        "reports/email/reply.txt",
        {"message": message, "event": event},
        message.contact_email,
    )


def whatsapp_link(message, text):
    """A wa.me link that opens WhatsApp on the officer's phone with the answer prefilled, addressed to
    the resident's number (62...); '' without a number. Everything in `text` is URL-encoded."""
    from urllib.parse import quote

    number = message.whatsapp_number()
    if not number:
        return ""
    with translation.override("id"):
        body = render_to_string(
            "reports/whatsapp.txt",
            {
                "message": message,
                "text": text,
                "tracking_url": tracking_url(),
            },
        ).strip()
    return f"https://wa.me/{number}?text={quote(body, safe='')}"
