"""Signals of the partner API."""

from django.dispatch import Signal

# Sent once the transaction that recorded a ChangeEvent has committed; kwargs: event.
change_recorded = Signal()
