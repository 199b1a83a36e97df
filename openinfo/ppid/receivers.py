"""Reactions to PPID records, connected in `OpeninfoConfig.ready()`: e-mails go out once the
transaction that recorded the event has committed, through the task worker (`core.mail.queue_mail`), so
a mail failure never undoes a state change nor shows an error page."""

from django.db.models.signals import post_save
from wagtail.signals import published

from openinfo.ppid.access import move_exempt_documents
from openinfo.ppid.models.register import PublicInformation
from openinfo.ppid.models.requests import Objection, RequestEvent
from openinfo.ppid.notify import notify_requester, notify_staff_of_objection


def _event_recorded(sender, instance, created, raw=False, **kwargs):
    # The receipt (with the one-time secret) is sent by the filing view, not per event.
    if not created or raw or instance.kind == RequestEvent.Kind.RECEIVED:
        return
    notify_requester(instance.request, instance)


def _objection_filed(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        notify_staff_of_objection(instance)


def _register_item_published(sender, instance, **kwargs):
    move_exempt_documents(instance)


def connect():
    post_save.connect(
        _event_recorded, sender=RequestEvent, dispatch_uid="openinfo.ppid.event_recorded"
    )
    post_save.connect(
        _objection_filed, sender=Objection, dispatch_uid="openinfo.ppid.objection_filed"
    )
    published.connect(
        _register_item_published,
        sender=PublicInformation,
        dispatch_uid="openinfo.ppid.register_item_published",
    )
