"""Lifecycle history of a visit report in words ("Diajukan untuk persetujuan oleh Bripka Budi"),
not codes ("submit · bhabin1")."""

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

ACTIONS = {
    "create": _("Created"),
    "submit": _("Submitted for approval"),
    "approve": _("Approved and published"),
    "return": _("Returned to the officer for correction"),
}


@register.filter
def transition_action(transition):
    return ACTIONS.get(transition.action, transition.action)


@register.filter
def person(user):
    """An officer's rank and name, else the account's full name, else its username."""
    if user is None:
        return _("the system")
    officer = getattr(user, "officer", None)
    try:
        if officer is not None:
            return f"{officer.rank} {officer.name}"
    except Exception:  # noqa: BLE001 - RelatedObjectDoesNotExist
        pass
    return user.get_full_name() or user.get_username()
