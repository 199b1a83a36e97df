"""Admin for the partner API: issue (key shown once) and revoke API keys with their usage; webhook
endpoints and their delivery log."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets import ListingButton

from partners import changes
from partners.models import ApiKey, Scope, WebhookDelivery, WebhookEndpoint
from partners.webhooks import check_url, deliver_endpoint


class ApiKeyForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        label=_("scopes"),
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[Scope.CONTENT_READ],
    )

    class Meta:
        model = ApiKey
        fields = ["organisation", "contact_email", "scopes", "rate", "allowed_origins"]

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)


class ApiKeyCreateView(generic.CreateView):
    def form_valid(self, form):
        key = form.save(commit=False)
        raw_key = key.issue()
        key.save()
        self.object = key
        return TemplateResponse(
            self.request,
            "cms/admin/api_key_created.html",
            {
                "api_key": key,
                "raw_key": raw_key,
                "index_url": reverse(self.index_url_name),
                "header_icon": "key",
                "page_title": _("API key created"),
            },
        )


class ApiKeyIndexView(generic.IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.is_active:
            buttons.append(
                ListingButton(
                    _("Revoke"),
                    url=reverse("cms_apikey:revoke", args=[instance.pk]),
                    icon_name="lock",
                    priority=25,
                )
            )
        return buttons


def _status(key):
    return _("revoked") if key.revoked_at else _("active")


class ApiKeyViewSet(ModelViewSet):
    model = ApiKey
    icon = "key"
    menu_label = _("API keys")
    url_prefix = "partner-api/keys"
    url_namespace = "cms_apikey"
    add_view_class = ApiKeyCreateView
    index_view_class = ApiKeyIndexView
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = [
        "organisation",
        "prefix",
        Column("status", label=_("status"), accessor=_status),
        "scopes",
        "rate",
        "last_used_at",
        "request_count",
    ]
    list_filter = ["revoked_at"]
    search_fields = ["organisation", "contact_email", "prefix"]
    inspect_view_fields = [
        "organisation",
        "contact_email",
        "scopes",
        "rate",
        "allowed_origins",
        "prefix",
        "created_at",
        "revoked_at",
        "last_used_at",
        "request_count",
    ]

    def get_form_class(self, for_update=False):
        return ApiKeyForm

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("revoke/<int:pk>/", self.revoke_view, name="revoke"),
        ]

    def revoke_view(self, request, pk):
        key = get_object_or_404(ApiKey, pk=pk)
        if not self.permission_policy.user_has_permission(request.user, "change"):
            return redirect("wagtailadmin_home")
        if request.method == "POST":
            key.revoke()
            messages.success(request, _("API key %(key)s revoked.") % {"key": key})
            return redirect(self.get_url_name("index"))
        return TemplateResponse(
            request,
            "cms/admin/api_key_revoke.html",
            {
                "api_key": key,
                "index_url": reverse(self.get_url_name("index")),
                "header_icon": "key",
                "page_title": _("Revoke API key"),
            },
        )


class WebhookEndpointForm(forms.ModelForm):
    url = forms.URLField(label=_("URL"), max_length=500, assume_scheme="https")
    event_types = forms.MultipleChoiceField(
        label=_("event types"),
        widget=forms.CheckboxSelectMultiple,
        choices=(),
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["api_key", "url", "event_types", "active"]

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event_types"].choices = [("*", _("every event"))] + [
            (name, name) for name in changes.event_names()
        ]

    def clean_url(self):
        url = self.cleaned_data["url"]
        check_url(url)
        return url

    def save(self, commit=True):
        endpoint = super().save(commit=False)
        if endpoint.active and endpoint.disabled_at:
            # Re-enabled by an admin: start counting afresh and deliver what waited.
            endpoint.disabled_at, endpoint.failure_count = None, 0
            endpoint._resume = True
        if commit:
            endpoint.save()
            if getattr(endpoint, "_resume", False):
                endpoint.deliveries.filter(status=WebhookDelivery.Status.PENDING).update(
                    next_attempt_at=timezone.now()
                )
                deliver_endpoint.enqueue(endpoint.pk)
        return endpoint


class WebhookEndpointViewSet(ModelViewSet):
    model = WebhookEndpoint
    icon = "link-external"
    menu_label = _("Webhook endpoints")
    url_prefix = "partner-api/webhooks"
    url_namespace = "cms_webhookendpoint"
    copy_view_enabled = False
    list_display = ["url", "api_key", "event_types", "active", "failure_count", "disabled_at"]
    list_filter = ["active"]
    search_fields = ["url"]

    def get_form_class(self, for_update=False):
        return WebhookEndpointForm


class WebhookDeliveryViewSet(ModelViewSet):
    """The delivery log: read-only listing and detail."""

    model = WebhookDelivery
    icon = "history"
    menu_label = _("Webhook deliveries")
    url_prefix = "partner-api/deliveries"
    url_namespace = "cms_webhookdelivery"
    copy_view_enabled = False
    inspect_view_enabled = True
    form_fields = []
    list_display = [
        "event",
        "endpoint",
        "status",
        "attempts",
        "response_code",
        "duration_ms",
        "next_attempt_at",
        "created_at",
    ]
    list_filter = ["status", "endpoint"]
    inspect_view_fields = [
        "event",
        "endpoint",
        "status",
        "attempts",
        "response_code",
        "duration_ms",
        "error",
        "next_attempt_at",
        "created_at",
        "delivered_at",
        "payload",
    ]

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            **{"add_url_name": None, "edit_url_name": None, "delete_url_name": None, **kwargs}
        )

    def get_urlpatterns(self):
        allowed = {"index", "index_results", "inspect"}
        return [p for p in super().get_urlpatterns() if p.name in allowed]


class PartnerApiGroup(ModelViewSetGroup):
    menu_label = _("Partner API")
    menu_icon = "key"
    menu_name = "partner-api"
    items = (ApiKeyViewSet, WebhookEndpointViewSet, WebhookDeliveryViewSet)


@hooks.register("register_admin_viewset")
def register_partner_api_viewsets():
    return PartnerApiGroup()
