"""Partner accounts of the 3 Pilar (Babinsa, Lurah) and academics: who they are, which kelurahan
they may look at, the invitations that created them and the log of every page they opened.

A partner sees counts and public summaries only (openinfo/pilar/figures.py); never an internal
field, a signal's description or anybody's personal data.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib import admin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

INVITATION_DAYS = 7


def token_hash(raw):
    return hashlib.sha256(str(raw or "").encode("utf-8", "surrogatepass")).hexdigest()


class Role(models.TextChoices):
    BABINSA = "babinsa", _("Babinsa (army village officer)")
    LURAH = "lurah", _("Lurah (head of kelurahan)")
    ACADEMIC = "academic", _("Academic")
    COMMUNITY = "community", _("Community figure")


# The participant role (openinfo.visits ParticipantRole) that marks a report as a joint activity
# with a partner of this role.
JOINT_PARTICIPANT_ROLE = {Role.BABINSA: "babinsa", Role.LURAH: "lurah"}


class PilarPartner(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="pilar_partner",
        verbose_name=_("user"),
    )
    name = models.CharField(_("name"), max_length=120)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    organisation = models.CharField(
        _("organisation"),
        max_length=160,
        blank=True,
        help_text=_("E.g. Koramil, the kelurahan office, a university."),
    )
    kelurahan = models.ManyToManyField(
        "home.Kelurahan",
        related_name="pilar_partners",
        verbose_name=_("kelurahan"),
        help_text=_("The only kelurahan whose figures this partner may see."),
    )
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Inactive partners can no longer sign in.")
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("3 Pilar partner")
        verbose_name_plural = _("3 Pilar partners")

    def __str__(self):
        return f"{self.name} ({self.get_role_display()})"


class InvitationQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(accepted_at=None, revoked=False, expires_at__gt=timezone.now())


class PilarInvitation(models.Model):
    """An admin invites a partner by e-mail; the link (a one-time secret, stored hashed) lets them
    choose a password. Used once; expires after INVITATION_DAYS days; revocable."""

    email = models.EmailField(_("e-mail"))
    name = models.CharField(_("name"), max_length=120)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    organisation = models.CharField(_("organisation"), max_length=160, blank=True)
    kelurahan = models.ManyToManyField(
        "home.Kelurahan", related_name="+", verbose_name=_("kelurahan")
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("expires"), editable=False)
    revoked = models.BooleanField(_("revoked"), default=False)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True, editable=False)
    partner = models.OneToOneField(
        PilarPartner,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitation",
        editable=False,
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("partner invitation")
        verbose_name_plural = _("partner invitations")

    def __str__(self):
        return f"{self.name} <{self.email}>"

    def save(self, *args, **kwargs):
        if not self.token_hash:  # the admin hook issues the link's token right after creation
            self.new_token()
        super().save(*args, **kwargs)

    def new_token(self):
        """A fresh secret for the link (the old one stops working); returns the raw token."""
        raw = secrets.token_urlsafe(32)
        self.token_hash = token_hash(raw)
        self.expires_at = timezone.now() + timedelta(days=INVITATION_DAYS)
        return raw

    STATE_LABELS = {
        "open": _("open"),
        "accepted": _("accepted"),
        "revoked": _("revoked"),
        "expired": _("expired"),
    }

    @admin.display(description=_("state"))
    def state_label(self):
        return self.STATE_LABELS[self.state]

    @property
    def state(self):
        if self.accepted_at:
            return "accepted"
        if self.revoked:
            return "revoked"
        if self.expires_at and self.expires_at <= timezone.now():
            return "expired"
        return "open"


class PilarAccessLog(models.Model):
    """Every page a partner opened: who, what, which kelurahan, when, from where."""

    partner = models.ForeignKey(
        PilarPartner, on_delete=models.CASCADE, related_name="accesses", verbose_name=_("partner")
    )
    path = models.CharField(_("page"), max_length=300)
    kelurahan = models.ForeignKey(
        "home.Kelurahan",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("kelurahan"),
    )
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("partner access")
        verbose_name_plural = _("partner accesses")

    def __str__(self):
        return f"{self.partner} {self.path} {self.at:%Y-%m-%d %H:%M}"
