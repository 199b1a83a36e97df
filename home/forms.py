"""The public site's form convention (GOV.UK pattern): every message names its field, so the error
summary at the top of a form reads on its own. Used by the PPID forms, the finder and "Lapor & Tanya";
templates/includes/error_summary.html and field.html render them."""

from django import forms
from django.utils.translation import gettext_lazy as _


def required_message(field, label):
    if isinstance(field.widget, forms.CheckboxInput):
        return _("Tick “%(label)s” to continue.") % {"label": label}
    if isinstance(field.widget, forms.RadioSelect | forms.Select | forms.CheckboxSelectMultiple):
        return _("Choose an answer for “%(label)s”.") % {"label": label}
    if isinstance(field, forms.FileField):
        return _("Choose a file for “%(label)s”.") % {"label": label}
    return _("Fill in “%(label)s”.") % {"label": label}


class NamedErrorsMixin:
    """Replaces Django's generic "This field is required." with a message naming the field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if field.widget.is_hidden:
                continue
            label = field.label or ""
            field.error_messages["required"] = required_message(field, label)
            if "max_length" in field.error_messages or getattr(field, "max_length", None):
                field.error_messages["max_length"] = _(
                    "“%(label)s” can have at most %%(limit_value)d characters (it has %%(show_value)d)."
                ) % {"label": label}
