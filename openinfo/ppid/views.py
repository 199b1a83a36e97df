"""Public views of the information service: request form, receipt, tracking, objection.

No view here ever shows the requester's identity; the receipt and the tracking pages only show
the request's number, dates, status and timeline.
"""

import hashlib

from django.contrib import messages
from django.contrib.auth.hashers import check_password, make_password
from django.db import IntegrityError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods

from openinfo.models import InformationRequest, Status, TransitionError
from openinfo.ppid.forms import (
    InformationRequestForm,
    ObjectionForm,
    TrackForm,
    new_form_token,
    read_form_token,
)
from openinfo.ppid.notify import send_receipt
from openinfo.ppid.ratelimit import hit

RECEIPTS_SESSION_KEY = "ppid_receipts"  # tracking code -> secret until shown once, then None
TRACKED_SESSION_KEY = "ppid_tracked"  # tracking codes this browser proved it knows the secret of
FINGERPRINTS_SESSION_KEY = "ppid_submitted"  # content fingerprint -> tracking code
_DUMMY_HASH = None


def _dummy_hash():
    # Checked when a code is unknown, so unknown codes cost the same time as wrong secrets.
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = make_password("NOT-A-SECRET")
    return _DUMMY_HASH


def _too_many(request, template, context):
    context["rate_limited"] = True
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(getattr(request, "retry_after", 0) or 60)
    return response


def index(request):
    return render(request, "openinfo/index.html", {})


def _fingerprint(data):
    raw = "|".join(
        str(data.get(k, "")).strip().lower()
        for k in (
            "identity_number",
            "information_requested",
            "purpose",
            "obtain_method",
            "delivery_method",
        )
    )
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


@csrf_protect
@require_http_methods(["GET", "POST"])
@cache_control(private=True, max_age=0)
def request_form(request):
    """Double submissions are caught twice: by the form's token (refresh, double click) and by a
    fingerprint of the same content from the same browser session (back to a re-fetched form)."""
    if request.method == "POST":
        token_value = request.POST.get("form_token")
        token = read_form_token(token_value)
        if token:
            existing = InformationRequest.objects.filter(submission_token=token).first()
            if existing is not None:
                # Refresh or back-and-resubmit of a form already filed: the same request, not a new one.
                return redirect("openinfo:receipt", code=existing.tracking_code)
        form = InformationRequestForm(request.POST, request.FILES)
        if not hit(request, "request"):
            return _too_many(request, "openinfo/request_form.html", {"form": form})
        if form.is_valid():
            fingerprint = _fingerprint(form.cleaned_data)
            earlier = request.session.get(FINGERPRINTS_SESSION_KEY, {}).get(fingerprint)
            if earlier and InformationRequest.objects.filter(tracking_code=earlier).exists():
                return redirect("openinfo:receipt", code=earlier)
            data = dict(form.cleaned_data)
            for name in ("form_token", "website", "agree"):
                data.pop(name, None)
            try:
                req, secret = InformationRequest.file(
                    submission_token=form.cleaned_data["form_token"], **data
                )
            except IntegrityError:
                existing = get_object_or_404(
                    InformationRequest, submission_token=form.cleaned_data["form_token"]
                )
                return redirect("openinfo:receipt", code=existing.tracking_code)
            receipts = request.session.get(RECEIPTS_SESSION_KEY, {})
            receipts[req.tracking_code] = secret
            request.session[RECEIPTS_SESSION_KEY] = receipts
            tracked = request.session.get(TRACKED_SESSION_KEY, [])
            request.session[TRACKED_SESSION_KEY] = [*tracked, req.tracking_code][-20:]
            fingerprints = request.session.get(FINGERPRINTS_SESSION_KEY, {})
            fingerprints[fingerprint] = req.tracking_code
            request.session[FINGERPRINTS_SESSION_KEY] = dict(list(fingerprints.items())[-20:])
            send_receipt(req, secret)
            return redirect("openinfo:receipt", code=req.tracking_code)
    else:
        form = InformationRequestForm(initial={"form_token": new_form_token()})
    return render(request, "openinfo/request_form.html", {"form": form})


@never_cache
def receipt(request, code):
    receipts = request.session.get(RECEIPTS_SESSION_KEY, {})
    if code not in receipts:
        raise Http404
    req = get_object_or_404(InformationRequest, tracking_code=code)
    secret = receipts[code]
    if secret:
        receipts[code] = None  # shown once
        request.session[RECEIPTS_SESSION_KEY] = receipts
    return render(request, "openinfo/receipt.html", {"req": req, "secret": secret})


@never_cache
@csrf_protect
@require_http_methods(["GET", "POST"])
def track(request):
    form = TrackForm(request.POST or None)
    context = {"form": form}
    if request.method == "POST":
        if not hit(request, "track"):
            return _too_many(request, "openinfo/track.html", context)
        if form.is_valid():
            req = InformationRequest.objects.filter(tracking_code=form.cleaned_data["code"]).first()
            if req is None:
                check_password(form.cleaned_data["secret"], _dummy_hash())
            elif req.check_secret(form.cleaned_data["secret"]):
                tracked = request.session.get(TRACKED_SESSION_KEY, [])
                request.session[TRACKED_SESSION_KEY] = [*tracked, req.tracking_code][-20:]
                return redirect("openinfo:track-detail", code=req.tracking_code)
            form.add_error(None, _("The tracking code or the secret is not correct."))
    return render(request, "openinfo/track.html", context)


def _tracked_request(request, code):
    if code not in request.session.get(TRACKED_SESSION_KEY, []):
        return None
    return InformationRequest.objects.filter(tracking_code=code).first()


@never_cache
def track_detail(request, code):
    req = _tracked_request(request, code)
    if req is None:
        return redirect("openinfo:track")
    show_documents = req.status in (Status.FULFILLED, Status.PARTIALLY_FULFILLED)
    _ground_date, last_day, closed_reason = req.objection_window()
    return render(
        request,
        "openinfo/track_detail.html",
        {
            "req": req,
            "events": req.events.all(),
            "documents": req.response_documents.all() if show_documents else [],
            "objections": req.objections.all(),
            "objection_closed_reason": closed_reason,
            "objection_last_day": last_day,
        },
    )


@never_cache
@csrf_protect
@require_http_methods(["GET", "POST"])
def objection(request, code):
    req = _tracked_request(request, code)
    if req is None:
        return redirect("openinfo:track")
    _ground_date, last_day, closed_reason = req.objection_window()
    form = ObjectionForm(request.POST or None, grounds=req.objection_grounds())
    if request.method == "POST" and not closed_reason:
        if not hit(request, "objection"):
            return _too_many(request, "openinfo/objection.html", {"req": req, "form": form})
        if form.is_valid():
            try:
                req.file_objection(form.cleaned_data["ground"], form.cleaned_data["reasons"])
            except TransitionError as exc:
                form.add_error(None, exc.messages[0])
            else:
                messages.success(request, _("Your objection has been filed."))
                return redirect("openinfo:track-detail", code=req.tracking_code)
    return render(
        request,
        "openinfo/objection.html",
        {
            "req": req,
            "form": form,
            "closed_reason": closed_reason,
            "last_day": last_day,
        },
    )


def response_document(request, code, pk):
    req = _tracked_request(request, code)
    if req is None or req.status not in (Status.FULFILLED, Status.PARTIALLY_FULFILLED):
        raise Http404
    doc = get_object_or_404(req.response_documents, pk=pk)
    return FileResponse(
        doc.file.open("rb"), as_attachment=True, filename=doc.file.name.rsplit("/", 1)[-1]
    )
