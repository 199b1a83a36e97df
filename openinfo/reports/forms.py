"""The resident's message form: one validation for the web form and the partner API (api.py).

Nothing is stored while any field is wrong: the photo is sanitized in memory here (content-sniffed,
size and pixel limits, EXIF/GPS dropped, re-encoded) and written only when the message is filed.
"""

import re

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from home.models import Kecamatan, Kelurahan
from openinfo.ppid.forms import PHONE_PATTERN, new_form_token, read_form_token
from openinfo.reports.models import ContactChoice, Kind
from openinfo.visits.images import PhotoRejected, sanitize

MESSAGE_MAX = 5000
WHEN_WHERE_MAX = 500
PHOTO_MAX_BYTES = getattr(settings, "REPORTS_PHOTO_MAX_BYTES", 8 * 1024 * 1024)
PHOTO_MAX_PIXELS = getattr(settings, "REPORTS_PHOTO_MAX_PIXELS", 40_000_000)

__all__ = ["MessageForm", "PublicMessageForm", "new_form_token", "normalise_phone", "contact_key"]


def normalise_phone(value):
    return re.sub(r"[\s\-().]", "", value or "")


def contact_key(data):
    """What the per-contact limit counts: the normalised phone (as 62...) or the lower-cased e-mail."""
    if data.get("contact_phone"):
        digits = re.sub(r"\D", "", data["contact_phone"])
        return "phone:" + ("62" + digits[1:] if digits.startswith("0") else digits)
    if data.get("contact_email"):
        return "email:" + data["contact_email"].strip().lower()
    return None


def kelurahan_choices():
    groups = {}
    for kelurahan in Kelurahan.objects.select_related("kecamatan").order_by(
        "kecamatan__name", "name"
    ):
        groups.setdefault(kelurahan.kecamatan.name, []).append((kelurahan.code, kelurahan.name))
    return [("", _("— choose your kelurahan —")), *groups.items()]


class MessageForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What do you want to send?"),
        choices=Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose what you want to send."),
            "invalid_choice": _("Choose what you want to send."),
        },
    )
    kelurahan = forms.ChoiceField(
        label=_("Kelurahan"),
        help_text=_("The kelurahan where it happens or where you live."),
        error_messages={
            "required": _("Choose your kelurahan."),
            "invalid_choice": _("We do not know that kelurahan. Choose it from the list."),
        },
    )
    message = forms.CharField(
        label=_("What happened, or your question"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "At most 5,000 characters. Do not write the NIK or phone numbers of other people."
        ),
        error_messages={"required": _("Write what happened or your question.")},
    )
    when_where = forms.CharField(
        label=_("When and where (optional)"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text=_("For example: Saturday night around 23.00, near the RW 05 field."),
    )
    photo = forms.FileField(
        label=_("Photo (optional)"),
        required=False,
        help_text=_("JPEG, PNG or WebP, at most 8 MB. Location and camera data are removed."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    contact_choice = forms.ChoiceField(
        label=_("May the officer contact you?"),
        choices=ContactChoice.choices,
        widget=forms.RadioSelect,
        initial=ContactChoice.ANONYMOUS,
        error_messages={
            "required": _("Choose whether you want to stay anonymous."),
            "invalid_choice": _("Choose whether you want to stay anonymous."),
        },
    )
    contact_phone = forms.CharField(
        label=_("Phone or WhatsApp number"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    contact_email = forms.EmailField(
        label=_("E-mail address"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": _("Enter an e-mail address such as nama@contoh.id.")},
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the police process what I send, including any personal data in it, to "
            "handle this message (UU 27/2022 on personal data protection)."
        ),
        error_messages={"required": _("Tick the consent box to send the message.")},
    )

    field_order = [
        "kind",
        "kelurahan",
        "message",
        "when_where",
        "photo",
        "contact_choice",
        "contact_phone",
        "contact_email",
        "consent",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kelurahan"].choices = kelurahan_choices()
        self.clean_photo_file = None

    def error_summary(self):
        """[(anchor id, message)] for the GOV.UK-style error summary; also links each field's error
        message to its input (aria-describedby) so screen readers read it with the field."""
        items = [("", error) for error in self.non_field_errors()]
        for name in self.fields:
            if name not in self.errors or name in ("form_token", "website"):
                continue
            bound = self[name]
            anchor = bound.auto_id + ("_0" if bound.widget_type == "radioselect" else "")
            described = [f"{bound.auto_id}_error"] + (
                [f"{bound.auto_id}_helptext"] if bound.help_text else []
            )
            self.fields[name].widget.attrs["aria-describedby"] = " ".join(described)
            items += [(anchor, error) for error in self.errors[name]]
        if "form_token" in self.errors:
            items += [("", error) for error in self.errors["form_token"]]
        if "website" in self.errors:
            items += [("", error) for error in self.errors["website"]]
        return items

    def clean_kelurahan(self):
        code = self.cleaned_data["kelurahan"]
        kelurahan = Kelurahan.objects.select_related("kecamatan").filter(code=code).first()
        if kelurahan is None:
            raise forms.ValidationError(
                _("We do not know that kelurahan. Choose it from the list.")
            )
        return kelurahan

    def clean_message(self):
        text = self.cleaned_data["message"].strip()
        if len(text) > MESSAGE_MAX:
            raise forms.ValidationError(
                _("The message can have at most 5,000 characters (it has %(count)d).")
                % {"count": len(text)},
                code="max_length",
            )
        if len(text) < 10:
            raise forms.ValidationError(
                _("Write at least a sentence (10 characters)."), code="min_length"
            )
        return text

    def clean_when_where(self):
        text = self.cleaned_data["when_where"].strip()
        if len(text) > WHEN_WHERE_MAX:
            raise forms.ValidationError(_("When and where can have at most 500 characters."))
        return text

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        if not upload:
            return None
        try:
            self.clean_photo_file = sanitize(
                upload, max_bytes=PHOTO_MAX_BYTES, max_pixels=PHOTO_MAX_PIXELS
            )
        except PhotoRejected as rejected:
            raise forms.ValidationError(rejected.message, code=rejected.code) from None
        return upload

    def clean_contact_phone(self):
        phone = normalise_phone(self.cleaned_data.get("contact_phone"))
        if phone and not PHONE_PATTERN.match(phone):
            raise forms.ValidationError(_("Enter a mobile number such as 0812 3456 7890."))
        return phone

    def clean(self):
        data = super().clean()
        choice = data.get("contact_choice")
        if (
            choice == ContactChoice.PHONE
            and not data.get("contact_phone")
            and "contact_phone" not in self.errors
        ):
            self.add_error(
                "contact_phone",
                _("Fill in your phone or WhatsApp number, or choose to stay anonymous."),
            )
        if (
            choice == ContactChoice.EMAIL
            and not data.get("contact_email")
            and "contact_email" not in self.errors
        ):
            self.add_error(
                "contact_email", _("Fill in your e-mail address, or choose to stay anonymous.")
            )
        # Only the chosen way of contact is kept: an anonymous message stores no contact at all.
        if choice != ContactChoice.PHONE:
            data["contact_phone"] = ""
            self.errors.pop("contact_phone", None)
        if choice != ContactChoice.EMAIL:
            data["contact_email"] = ""
            self.errors.pop("contact_email", None)
        return data

    def message_fields(self):
        """The cleaned data as ResidentMessage.file() takes it."""
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "kelurahan": data["kelurahan"],
            "message": data["message"],
            "when_where": data["when_where"],
            "contact_choice": data["contact_choice"],
            "contact_phone": data["contact_phone"],
            "contact_email": data["contact_email"],
            "photo": self.clean_photo_file.image if self.clean_photo_file else None,
        }


class PublicMessageForm(MessageForm):
    """The web form: a one-time token against double submission and a honeypot (`website`)."""

    form_token = forms.CharField(widget=forms.HiddenInput)
    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("This field must stay empty."), code="honeypot")
        return ""

    def clean_form_token(self):
        token = read_form_token(self.cleaned_data.get("form_token"))
        if token is None:
            raise forms.ValidationError(
                _("The form has expired. Please send it again."), code="expired"
            )
        return token


def kecamatan_for_figures():
    return list(Kecamatan.objects.order_by("name"))
