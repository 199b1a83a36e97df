"""Public views of Lapor & Tanya: the form, the receipt (code and secret shown once), tracking and the
monthly figures. No view here shows the message, the photo or the contact; tracking shows the
status, dates and the officer's public answers only."""

import datetime
import hashlib

from django.contrib.auth.hashers import check_password, make_password
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods

from home.models import Kelurahan
from openinfo.ppid.forms import TrackForm
from openinfo.reports import figures
from openinfo.reports.forms import PublicMessageForm, contact_key, new_form_token
from openinfo.reports.models import Kind, ResidentMessage
from openinfo.reports.notify import send_receipt
from openinfo.reports.ratelimit import hit_contact, hit_ip

RECEIPTS_SESSION_KEY = "lapor_receipts"  # tracking code -> secret until shown once, then None
TRACKED_SESSION_KEY = "lapor_tracked"  # codes this browser proved it knows the secret of
FINGERPRINTS_SESSION_KEY = "lapor_sent"  # content fingerprint -> tracking code
_DUMMY_HASH = []
SHORT_KIND_LABELS = {
    "informasi": gettext_lazy("Information"),
    "pertanyaan": gettext_lazy("Legal questions"),
    "pengaduan": gettext_lazy("Complaints"),
}


def _dummy_hash():
    # Checked for unknown codes, so an unknown code costs the same time as a wrong secret.
    if not _DUMMY_HASH:
        _DUMMY_HASH.append(make_password("NOT-A-SECRET"))
    return _DUMMY_HASH[0]


def _remember(request, key, code, value=None, as_list=False):
    if as_list:
        request.session[key] = [*request.session.get(key, []), code][-20:]
    else:
        stored = request.session.get(key, {})
        stored[code] = value
        request.session[key] = dict(list(stored.items())[-20:])


def _initial(request):
    initial = {"form_token": new_form_token()}
    code = (request.GET.get("kelurahan") or "").strip()
    if code and Kelurahan.objects.filter(code=code).exists():
        initial["kelurahan"] = code
    if request.GET.get("jenis") in Kind.values:
        initial["kind"] = request.GET["jenis"]
    return initial


def _render_form(request, form, status=200, **extra):
    return render(request, "reports/form.html", {"form": form, **extra}, status=status)


@csrf_protect
@require_http_methods(["GET", "POST"])
@cache_control(private=True, max_age=0)  # not no-store: "back" must restore the form and its token
def message_form(request):
    if request.method != "POST":
        return _render_form(request, PublicMessageForm(initial=_initial(request)))
    form = PublicMessageForm(request.POST, request.FILES)
    if not hit_ip(request, "submit"):
        return _render_form(request, form, status=429, rate_limited=True)
    if not form.is_valid():
        return _render_form(request, form, status=400)
    token = form.cleaned_data["form_token"]
    existing = ResidentMessage.objects.filter(submission_token=token).first()
    if existing is not None:
        return _already_sent(request, form, existing)
    # Back to a re-fetched form and sent again: the same content from this browser is the same message.
    fingerprint = _fingerprint(form.cleaned_data)
    earlier = request.session.get(FINGERPRINTS_SESSION_KEY, {}).get(fingerprint)
    if earlier and ResidentMessage.objects.filter(tracking_code=earlier).exists():
        return redirect("reports:receipt", code=earlier)
    if not hit_contact(contact_key(form.cleaned_data)):
        form.add_error(
            None,
            _(
                "You have sent several messages with this contact today. Please wait "
                "for the answer, or call your officer. In an emergency call 110."
            ),
        )
        return _render_form(request, form, status=429)
    try:
        with transaction.atomic():
            message, secret = ResidentMessage.file(submission_token=token, **form.message_fields())
    except IntegrityError:  # the same token won a race from a double click
        existing = ResidentMessage.objects.filter(submission_token=token).first()
        if existing is None:
            raise
        return _already_sent(request, form, existing)
    _remember(request, RECEIPTS_SESSION_KEY, message.tracking_code, secret)
    _remember(request, TRACKED_SESSION_KEY, message.tracking_code, as_list=True)
    _remember(request, FINGERPRINTS_SESSION_KEY, fingerprint, message.tracking_code)
    transaction.on_commit(lambda: send_receipt(message, secret))
    return redirect("reports:receipt", code=message.tracking_code)


def _fingerprint(data):
    raw = "|".join(
        str(data.get(name) or "").strip().lower()
        for name in ("kind", "kelurahan", "message", "when_where", "contact_phone", "contact_email")
    )
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def _already_sent(request, form, existing):
    """A replayed token: this browser gets its receipt again (without the secret), anyone else a plain
    message; nothing is stored or sent again."""
    if existing.tracking_code in request.session.get(RECEIPTS_SESSION_KEY, {}):
        return redirect("reports:receipt", code=existing.tracking_code)
    form.add_error(
        None, _("This form has already been sent. Open the form again to send a new message.")
    )
    return _render_form(request, form, status=409)


@never_cache
def receipt(request, code):
    receipts = request.session.get(RECEIPTS_SESSION_KEY, {})
    if code not in receipts:
        raise Http404
    message = ResidentMessage.objects.filter(tracking_code=code).first()
    if message is None:
        raise Http404
    secret = receipts[code]
    if secret:
        receipts[code] = None  # shown once
        request.session[RECEIPTS_SESSION_KEY] = receipts
    return render(request, "reports/receipt.html", {"message": message, "secret": secret})


@never_cache
@csrf_protect
@require_http_methods(["GET", "POST"])
def track(request):
    form = TrackForm(request.POST or None)
    if request.method == "POST":
        if not hit_ip(request, "track"):
            return render(
                request, "reports/track.html", {"form": form, "rate_limited": True}, status=429
            )
        if form.is_valid():
            message = ResidentMessage.objects.filter(
                tracking_code=form.cleaned_data["code"]
            ).first()
            if message is None:
                check_password(form.cleaned_data["secret"], _dummy_hash())
            elif message.check_secret(form.cleaned_data["secret"]):
                _remember(request, TRACKED_SESSION_KEY, message.tracking_code, as_list=True)
                return redirect("reports:track-detail", code=message.tracking_code)
            form.add_error(None, _("The tracking code or the secret is not correct."))
    return render(request, "reports/track.html", {"form": form})


@never_cache
def track_detail(request, code):
    if code not in request.session.get(TRACKED_SESSION_KEY, []):
        return redirect("reports:track")
    message = (
        ResidentMessage.objects.select_related("kelurahan__kecamatan")
        .prefetch_related("events")
        .filter(tracking_code=code)
        .first()
    )
    if message is None:
        return redirect("reports:track")
    return render(
        request,
        "reports/track_detail.html",
        {
            "message": message,
            "events": message.public_events(),
        },
    )


def _month_param(raw):
    try:
        year, month = (int(part) for part in (raw or "").split("-"))
        return datetime.date(year, month, 1)
    except ValueError:
        return None


def figures_page(request):
    today = timezone.localdate()
    month = _month_param(request.GET.get("bulan")) or today.replace(day=1)
    if month > today:
        month = today.replace(day=1)
    table = figures.monthly(month.year, month.month)
    previous = (month - datetime.timedelta(days=1)).replace(day=1)
    following = (month + datetime.timedelta(days=32)).replace(day=1)
    return render(
        request,
        "reports/figures.html",
        {
            "month": month,
            "table": table,
            "kinds": Kind.choices,
            "previous_month": previous,
            "next_month": following if following <= today else None,
        },
    )
