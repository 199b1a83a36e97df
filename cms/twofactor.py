"""Two-factor authentication for the admin (TOTP through django-otp, recovery codes as a static device).

- Required for everyone who can read personal data or early warnings: superusers and the groups in
  TWO_FACTOR_REQUIRED_GROUPS (PPID staff, supervisors, leadership, administrators). Until they have
  enrolled and verified in this session, every admin page sends them to enrolment or verification.
- Optional for everyone else (editors): once they enrol, it is required for them too.
- Recovery codes: ten one-time codes shown once at enrolment (and when regenerated).

Login lockout per account and per address is django-axes (settings AXES_*), with the project's
client-address rule (cms/clientaddr.py).
"""

import base64
import io
import secrets

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODES = 10
EXEMPT_NAMES = ("login", "logout", "2fa/", "jsi18n", "password_reset")


def required_groups():
    return getattr(settings, "TWO_FACTOR_REQUIRED_GROUPS", ())


def two_factor_required(user):
    if not user.is_authenticated or not getattr(settings, "TWO_FACTOR_ENFORCED", True):
        return False
    if user.is_superuser or user_has_device(user, confirmed=True):
        return True
    return user.groups.filter(name__in=required_groups()).exists()


class RequireTwoFactorMiddleware:
    """After django_otp's OTPMiddleware: admin pages need a verified second factor where required."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = "/admin/"

    def __call__(self, request):
        user = getattr(request, "user", None)
        path_ = request.path
        if (
            user is not None
            and user.is_authenticated
            and path_.startswith(self.prefix)
            and not any(path_[len(self.prefix) :].startswith(name) for name in EXEMPT_NAMES)
            and not user.is_verified()
            and two_factor_required(user)
        ):
            target = (
                "twofactor_verify" if user_has_device(user, confirmed=True) else "twofactor_setup"
            )
            return redirect(f"{reverse(target)}?next={request.get_full_path()}")
        return self.get_response(request)


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


def _next(request):
    target = request.POST.get("next") or request.GET.get("next") or reverse("wagtailadmin_home")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = reverse("wagtailadmin_home")
    return target


def new_recovery_codes(user):
    device, _created = StaticDevice.objects.get_or_create(user=user, name="recovery")
    device.token_set.all().delete()
    codes = [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def _qr_svg(url):
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


@never_cache
def setup(request):
    """Enrol an authenticator app: scan, confirm one code, receive the recovery codes once."""
    user = request.user
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"].replace(" ", "")):
            device.confirmed = True
            device.save()
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
            otp_login(request, device)
            codes = new_recovery_codes(user)
            return TemplateResponse(
                request,
                "cms/twofactor/recovery_codes.html",
                {
                    "codes": codes,
                    "next": _next(request),
                    "page_title": _("Recovery codes"),
                },
            )
        form.add_error(
            "token", _("The code is not correct. Check your phone's clock and try again.")
        )
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return TemplateResponse(
        request,
        "cms/twofactor/setup.html",
        {
            "form": form,
            "secret": secret,
            "qr_svg": _qr_svg(device.config_url),
            "next": _next(request),
            "required": two_factor_required(user),
            "page_title": _("Set up two-factor authentication"),
        },
    )


@never_cache
def verify(request):
    """The second step of each login: a code from the app, or one recovery code."""
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"].replace(" ", ""))
        if device is not None:
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                left = device.token_set.count()
                messages.warning(
                    request, _("You used a recovery code; %(left)d remain.") % {"left": left}
                )
            return redirect(_next(request))
        form.add_error("token", _("The code is not correct."))
    return TemplateResponse(
        request,
        "cms/twofactor/verify.html",
        {
            "form": form,
            "next": _next(request),
            "page_title": _("Two-factor authentication"),
        },
    )


@never_cache
def recovery_codes(request):
    """New recovery codes (the old ones stop working); only after verifying in this session."""
    if not request.user.is_verified():
        return redirect(f"{reverse('twofactor_verify')}?next={request.path}")
    if request.method == "POST":
        return TemplateResponse(
            request,
            "cms/twofactor/recovery_codes.html",
            {
                "codes": new_recovery_codes(request.user),
                "next": reverse("wagtailadmin_home"),
                "page_title": _("Recovery codes"),
            },
        )
    return TemplateResponse(
        request, "cms/twofactor/regenerate.html", {"page_title": _("Recovery codes")}
    )


urlpatterns = [
    path("2fa/setup/", setup, name="twofactor_setup"),
    path("2fa/verify/", verify, name="twofactor_verify"),
    path("2fa/recovery-codes/", recovery_codes, name="twofactor_recovery_codes"),
]
