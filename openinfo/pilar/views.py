"""The partners' pages under /mitra/: sign in, accept an invitation, the overview of their
kelurahan and one kelurahan's figures. Logged-in partners only; every page they open is logged."""

from functools import wraps

from django.contrib import auth
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import LoginView, LogoutView
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from core.clientaddr import client_ip_or_none
from openinfo.pilar import figures
from openinfo.pilar.forms import AcceptInvitationForm
from openinfo.pilar.models import PilarAccessLog, PilarInvitation, PilarPartner, token_hash


def active_partner(user):
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    try:
        partner = user.pilar_partner
    except PilarPartner.DoesNotExist:
        return None
    return partner if partner.active else None


def partner_page(view):
    """Signed-in active partners only (others: the sign-in page, or 403 for other accounts); the
    response is never cached; the access is logged."""

    @wraps(view)
    @never_cache
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect(f"{reverse('pilar:login')}?next={request.path}")
        partner = active_partner(request.user)
        if partner is None:
            raise PermissionDenied
        request.pilar_partner = partner
        response, kelurahan = view(request, partner, *args, **kwargs)
        PilarAccessLog.objects.create(
            partner=partner,
            path=request.get_full_path()[:300],
            kelurahan=kelurahan,
            ip=client_ip_or_none(request),
        )
        return response

    return wrapper


@partner_page
def overview(request, partner):
    kelurahan = list(partner.kelurahan.select_related("kecamatan").order_by("name"))
    ids = [k.pk for k in kelurahan]
    since = figures.since_date()
    counts = figures.activity_counts(ids, since)
    signals = figures.open_signal_counts(ids)
    rows = [
        {
            "kelurahan": k,
            "activities": counts[k.pk],
            "signals": signals[k.pk],
            "open_signals": sum(n for _label, n in signals[k.pk]),
        }
        for k in kelurahan
    ]
    return render(
        request,
        "pilar/overview.html",
        {"partner": partner, "rows": rows, "since": since, "days": figures.PERIOD_DAYS},
    ), None


@partner_page
def kelurahan_detail(request, partner, code):
    kelurahan = partner.kelurahan.select_related("kecamatan").filter(code=str(code)[:20]).first()
    if kelurahan is None:  # not theirs, or no such kelurahan: the same answer
        raise Http404
    since = figures.since_date()
    summaries, joint = figures.public_summaries(kelurahan, partner.role)
    return render(
        request,
        "pilar/kelurahan.html",
        {
            "partner": partner,
            "kelurahan": kelurahan,
            "activities": figures.activity_counts([kelurahan.pk], since)[kelurahan.pk],
            "signals": figures.open_signal_counts([kelurahan.pk])[kelurahan.pk],
            "summaries": summaries,
            "joint": joint,
            "since": since,
            "days": figures.PERIOD_DAYS,
        },
    ), kelurahan


class PartnerAuthenticationForm(AuthenticationForm):
    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if active_partner(user) is None:
            raise auth.forms.ValidationError(
                _("This account is not an active partner account."), code="not_partner"
            )


class PartnerLoginView(LoginView):
    template_name = "pilar/login.html"
    authentication_form = PartnerAuthenticationForm
    redirect_authenticated_user = False

    def get_default_redirect_url(self):
        return reverse("pilar:overview")


class PartnerLogoutView(LogoutView):
    next_page = "pilar:login"


@never_cache
def accept_invitation(request, token):
    """The invitation link: choose a password, become a partner. Used once; a second submit (a
    retry, a double click) finds the invitation accepted and creates nothing."""
    invitation = PilarInvitation.objects.filter(token_hash=token_hash(token)).first()
    if invitation is None or invitation.state != "open":
        state = invitation.state if invitation else "unknown"
        return render(
            request,
            "pilar/invitation_closed.html",
            {"state": state},
            status=410 if invitation else 404,
        )
    form = AcceptInvitationForm(request.POST or None, invitation=invitation)
    if request.method == "POST" and form.is_valid():
        try:
            partner = _accept(invitation.pk, form.cleaned_data["password1"])
        except _Closed as closed:
            return render(
                request, "pilar/invitation_closed.html", {"state": str(closed)}, status=410
            )
        except IntegrityError:
            form.add_error(None, _("An account with this e-mail already exists. Ask the admin."))
        else:
            auth.login(request, partner.user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("pilar:overview")
    return render(
        request,
        "pilar/accept.html",
        {"form": form, "invitation": invitation},
        status=400 if request.method == "POST" else 200,
    )


class _Closed(Exception):
    pass


@transaction.atomic
def _accept(pk, password):
    invitation = PilarInvitation.objects.select_for_update().get(pk=pk)
    if invitation.state != "open":
        raise _Closed(invitation.state)
    User = get_user_model()
    username = invitation.email.lower()
    if User.objects.filter(username=username).exists():
        raise IntegrityError("username taken")
    user = User.objects.create_user(username=username, email=invitation.email, password=password)
    partner = PilarPartner.objects.create(
        user=user,
        name=invitation.name,
        role=invitation.role,
        organisation=invitation.organisation,
        invited_by=invitation.invited_by,
    )
    partner.kelurahan.set(invitation.kelurahan.all())
    invitation.partner = partner
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["partner", "accepted_at"])
    return partner
