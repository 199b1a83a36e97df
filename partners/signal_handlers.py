"""Receivers of the partner API, connected in `PartnersConfig.ready()`."""

from partners.signals import change_recorded
from partners.webhooks import fan_out


def _fan_out_change(sender, event, **kwargs):
    fan_out(event.pk)


def connect():
    change_recorded.connect(_fan_out_change, dispatch_uid="partners.webhooks.fan_out")
