"""Admin of the 3 Pilar partners: invitations (admins invite by e-mail), partner accounts (scope,
deactivate) and the log of every page partners opened (read only)."""

from django.contrib import messages
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from core.mail import queue_mail
from openinfo.pilar.models import PilarAccessLog, PilarInvitation, PilarPartner


class ReadOnlyPolicy(ModelPermissionPolicy):
    """The access log is evidence: nobody adds, edits or deletes it in the admin."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        return user.is_active and (user.is_superuser or super().user_has_permission(user, "view"))

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class InvitationViewSet(SnippetViewSet):
    model = PilarInvitation
    icon = "mail"
    menu_label = _("Invitations")
    list_display = ["name", "email", "role", "state_label", "expires_at", "accepted_at"]
    list_filter = ["role", "revoked"]
    search_fields = ["name", "email"]
    copy_view_enabled = False
    panels = [
        FieldPanel("name"),
        FieldPanel("email"),
        FieldPanel("role"),
        FieldPanel("organisation"),
        FieldPanel("kelurahan"),
        FieldPanel("revoked"),
    ]


class PartnerViewSet(SnippetViewSet):
    model = PilarPartner
    icon = "group"
    menu_label = _("Partners")
    list_display = ["name", "role", "organisation", "active"]
    list_filter = ["role", "active"]
    search_fields = ["name", "organisation"]
    copy_view_enabled = False
    panels = [
        FieldPanel("name"),
        FieldPanel("role"),
        FieldPanel("organisation"),
        FieldPanel("kelurahan"),
        FieldPanel("active"),
    ]


register_permission_policy(PilarAccessLog, ReadOnlyPolicy(PilarAccessLog))


class AccessLogViewSet(SnippetViewSet):
    model = PilarAccessLog
    icon = "history"
    menu_label = _("Partner access log")
    list_display = ["at", "partner", "path", "kelurahan", "ip"]
    list_filter = ["partner"]
    inspect_view_enabled = True
    copy_view_enabled = False


class PilarGroup(SnippetViewSetGroup):
    items = (InvitationViewSet, PartnerViewSet, AccessLogViewSet)
    menu_icon = "group"
    menu_label = _("3 Pilar partners")
    menu_name = "pilar"


register_snippet(PilarGroup)


@hooks.register("after_create_snippet")
def send_invitation(request, instance):
    """A new invitation: its one-time link goes by e-mail (after commit, through the worker) and
    is shown once to the admin (to pass on by WhatsApp if the e-mail does not arrive)."""
    if not isinstance(instance, PilarInvitation):
        return
    raw = instance.new_token()
    instance.invited_by = request.user if request.user.is_authenticated else None
    instance.save(update_fields=["token_hash", "expires_at", "invited_by"])
    link = request.build_absolute_uri(reverse("pilar:accept", args=[raw]))
    body = render_to_string(
        "pilar/email/invitation.txt", {"invitation": instance, "link": link}, request=request
    )
    queue_mail(_t("Invitation: Sambang Digital partner account"), body, [instance.email])
    messages.success(
        request,
        _t("Invitation e-mailed to %(email)s. One-time link (shown only now): %(link)s")
        % {"email": instance.email, "link": link},
    )
