"""Public forms of the information service: request, tracking lookup, objection."""

import re
import uuid

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from home.forms import NamedErrorsMixin
from openinfo.models import InformationRequest, Objection

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
UPLOAD_SIGNATURES = {  # extension -> magic bytes; the content must match, not only the name
    "pdf": (b"%PDF-",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
}
IDENTITY_PATTERNS = {
    InformationRequest.IdentityType.KTP: (r"^\d{16}$", _("A NIK has exactly 16 digits.")),
    InformationRequest.IdentityType.SIM: (r"^\d{12,14}$", _("A SIM number has 12 to 14 digits.")),
    InformationRequest.IdentityType.PASPOR: (
        r"^[A-Z]{1,2}\d{6,7}$",
        _("A passport number is one or two letters followed by 6 or 7 digits."),
    ),
}
PHONE_PATTERN = re.compile(r"^(\+62|62|0)8\d{7,12}$")
TOKEN_SALT = "openinfo.request-form"


def new_form_token():
    return signing.dumps(uuid.uuid4().hex, salt=TOKEN_SALT)


def read_form_token(value):
    """The submission id inside a form token we issued (valid for a day), else None."""
    try:
        token = signing.loads(value or "", salt=TOKEN_SALT, max_age=24 * 3600)
    except signing.BadSignature:
        return None
    return token if isinstance(token, str) and re.fullmatch(r"[0-9a-f]{32}", token) else None


def validate_upload(upload):
    if upload.size > MAX_UPLOAD_BYTES:
        raise forms.ValidationError(_("The file is larger than 5 MB."), code="too_large")
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    signatures = UPLOAD_SIGNATURES.get(extension)
    head = upload.read(16)
    upload.seek(0)
    if not signatures or not any(head.startswith(sig) for sig in signatures):
        raise forms.ValidationError(_("Upload a PDF, JPG or PNG file."), code="bad_type")


class InformationRequestForm(NamedErrorsMixin, forms.ModelForm):
    """Permohonan informasi publik. `website` is a honeypot that people never see."""

    form_token = forms.CharField(widget=forms.HiddenInput)
    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    agree = forms.BooleanField(
        label=_(
            "I declare that the data above is true and that I will use the information as the "
            "law allows."
        ),
    )
    agree_message = _("Tick the declaration to send the request.")

    class Meta:
        model = InformationRequest
        fields = [
            "requester_name",
            "identity_type",
            "identity_number",
            "address",
            "phone",
            "email",
            "information_requested",
            "purpose",
            "obtain_method",
            "delivery_method",
            "power_of_attorney",
        ]
        labels = {
            "requester_name": _("Full name"),
            "identity_number": _("Identity number"),
            "information_requested": _("Information requested"),
            "purpose": _("Purpose of the request"),
            "obtain_method": _("How do you want to obtain the information?"),
            "delivery_method": _("How do you want to receive it?"),
            "power_of_attorney": _("Power of attorney (if you request on behalf of someone else)"),
        }
        help_texts = {
            "identity_number": _("KTP: the 16-digit NIK."),
            "information_requested": _("Describe the information as precisely as you can."),
            "power_of_attorney": _("PDF, JPG or PNG, at most 5 MB."),
            "phone": _("Fill in your phone number, your e-mail or both."),
        }
        widgets = {
            "identity_type": forms.RadioSelect,
            "obtain_method": forms.RadioSelect,
            "delivery_method": forms.RadioSelect,
            "address": forms.Textarea(attrs={"rows": 2}),
            "information_requested": forms.Textarea(attrs={"rows": 4}),
            "purpose": forms.Textarea(attrs={"rows": 2}),
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "requester_name": forms.TextInput(attrs={"autocomplete": "name"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("identity_type", "obtain_method", "delivery_method"):
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0]]
        self.fields["power_of_attorney"].widget = forms.ClearableFileInput(
            attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}
        )
        self.fields["agree"].error_messages["required"] = self.agree_message
        self.fields["email"].error_messages["invalid"] = _(
            "Enter an e-mail address such as nama@contoh.id in “E-mail”."
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

    def clean_requester_name(self):
        name = " ".join(self.cleaned_data["requester_name"].split())
        if len(name) < 3:
            raise forms.ValidationError(_("Write your full name."))
        return name

    def clean_phone(self):
        phone = re.sub(r"[\s\-().]", "", self.cleaned_data.get("phone", ""))
        if phone and not PHONE_PATTERN.match(phone):
            raise forms.ValidationError(_("Enter a mobile number such as 0812 3456 7890."))
        return phone

    def clean_power_of_attorney(self):
        upload = self.cleaned_data.get("power_of_attorney")
        if upload and hasattr(upload, "size"):
            validate_upload(upload)
        return upload

    def clean(self):
        data = super().clean()
        kind = data.get("identity_type")
        number = re.sub(r"[\s.\-]", "", data.get("identity_number", "") or "").upper()
        if kind and number:
            pattern, message = IDENTITY_PATTERNS[kind]
            if not re.match(pattern, number):
                self.add_error("identity_number", message)
            else:
                data["identity_number"] = number
        if not data.get("phone") and not data.get("email") and "phone" not in self.errors:
            self.add_error(
                "phone", _("Fill in a phone number or an e-mail address so we can reach you.")
            )
        if (
            data.get("delivery_method") == InformationRequest.DeliveryMethod.EMAIL
            and not data.get("email")
            and "email" not in self.errors
        ):
            self.add_error(
                "email", _("Fill in your e-mail address to receive the information by e-mail.")
            )
        return data


def normalise_code(value):
    return re.sub(r"[\s\-]", "", value or "").upper()


class VisibleSecretInput(forms.TextInput):
    """Shown while typed, never sent back: a failed lookup does not echo the secret into the page."""

    def format_value(self, value):
        return None


class TrackForm(NamedErrorsMixin, forms.Form):
    # Both are printed on the receipt; the secret stays visible while typed (people copy it from
    # paper), and browsers must not offer to save or autofill it.
    code = forms.CharField(
        label=_("Tracking code"),
        max_length=40,
        help_text=_("10 letters and digits, e.g. K7M2Q9XPLA."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "class": "code-input",
            }
        ),
    )
    secret = forms.CharField(
        label=_("Secret"),
        max_length=40,
        help_text=_("12 letters and digits, under the tracking code."),
        widget=VisibleSecretInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "class": "code-input",
            }
        ),
    )

    def clean_code(self):
        code = normalise_code(self.cleaned_data["code"])
        if not re.fullmatch(r"[A-Z0-9]{10}", code):
            raise forms.ValidationError(
                _("A tracking code has 10 letters and digits, as on your receipt.")
            )
        return code

    def clean_secret(self):
        secret = normalise_code(self.cleaned_data["secret"])
        if not re.fullmatch(r"[A-Z0-9]{12}", secret):
            raise forms.ValidationError(
                _("The secret has 12 letters and digits, as on your receipt.")
            )
        return secret


class ObjectionForm(NamedErrorsMixin, forms.Form):
    ground = forms.ChoiceField(
        label=_("Ground of the objection (Pasal 35(1) UU 14/2008)"),
        choices=Objection.Ground.choices,
        widget=forms.RadioSelect,
    )
    reasons = forms.CharField(
        label=_("Your reasons"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )

    def __init__(self, *args, grounds=None, **kwargs):
        """`grounds`: the letters that fit the request (InformationRequest.objection_grounds)."""
        super().__init__(*args, **kwargs)
        if grounds is not None:
            self.fields["ground"].choices = [
                (value, label) for value, label in Objection.Ground.choices if value in grounds
            ]
