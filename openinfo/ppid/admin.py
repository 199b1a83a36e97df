"""Wagtail admin for PPID staff: the register, requests with deadlines in view, holidays.

Requests arrive only through the public form (no "add" in the admin); status changes happen on
the handling page, one button per allowed transition (each a model method).
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import Column
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from openinfo.models import (
    ExemptionBasis,
    Holiday,
    InformationRequest,
    Objection,
    PublicInformation,
    ResponseDocument,
    Status,
    TransitionError,
)
from openinfo.ppid import deadlines
from openinfo.ppid.access import is_ppid_staff


class NoAddPermissionPolicy(ModelPermissionPolicy):
    """Requests are filed by residents through the public form, never typed in by staff."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return super().user_has_any_permission(user, [a for a in actions if a != "add"])


register_permission_policy(InformationRequest, NoAddPermissionPolicy(InformationRequest))


def deadline_badge(req):
    """Due date with working days left; overdue in red, due within 2 days in amber."""
    left = req.days_left()
    due = req.effective_due_date.strftime("%d-%m-%Y")
    if left is None:
        return format_html('<span class="w-text-text-meta">{}</span>', _("answered"))
    if left < 0:
        return format_html(
            '<strong class="ppid-overdue" style="color:#fff;background:#cd4444;padding:2px 6px;'
            'border-radius:3px">{} · {}</strong>',
            due,
            _("%(n)d working days overdue") % {"n": -left},
        )
    style = "background:#ffd966;padding:2px 6px;border-radius:3px" if left <= 2 else ""
    return format_html(
        '<span style="{}">{} · {}</span>', style, due, _("%(n)d working days left") % {"n": left}
    )


def handle_link(req):
    return format_html(
        '<a class="button button-small" href="{}">{}</a>',
        reverse("openinfo_ppid_handle", args=[req.pk]),
        _("Handle"),
    )


class InformationRequestViewSet(SnippetViewSet):
    model = InformationRequest
    icon = "mail"
    menu_label = gettext_lazy("Information requests")
    list_display = [
        "registration_number",
        Column("received_at", label=gettext_lazy("received"), sort_key="received_at"),
        "status",
        Column(
            "deadline",
            label=gettext_lazy("due date / days left"),
            accessor=deadline_badge,
            sort_key="due_date",
        ),
        Column("handle", label="", accessor=handle_link),
    ]
    list_filter = ["status", "year"]
    search_fields = ["registration_number", "tracking_code"]
    ordering = ["due_date"]
    copy_view_enabled = False


class PublicInformationViewSet(SnippetViewSet):
    model = PublicInformation
    icon = "list-ul"
    menu_label = gettext_lazy("Register (DIP)")
    list_display = ["title", "category", "year", "unit", "live"]
    list_filter = ["category", "year", "live"]
    search_fields = ["title"]


class ObjectionViewSet(SnippetViewSet):
    model = Objection
    icon = "warning"
    menu_label = gettext_lazy("Objections")
    list_display = ["request", "ground", "filed_at", "due_date", "status"]
    list_filter = ["status", "ground"]
    inspect_view_enabled = True
    copy_view_enabled = False

    def get_queryset(self, request):
        return Objection.objects.select_related("request")


class HolidayViewSet(SnippetViewSet):
    model = Holiday
    icon = "date"
    menu_label = gettext_lazy("Holidays")
    list_display = ["date", "name", "kind"]
    list_filter = ["kind"]
    ordering = ["-date"]


class PPIDGroup(SnippetViewSetGroup):
    items = (InformationRequestViewSet, ObjectionViewSet, PublicInformationViewSet, HolidayViewSet)
    menu_icon = "doc-full-inverse"
    menu_label = gettext_lazy("PPID")
    menu_name = "ppid"


# ----- handling page -------------------------------------------------------------------------


class ExtendForm(forms.Form):
    days = forms.IntegerField(
        label=gettext_lazy("working days"),
        min_value=1,
        max_value=deadlines.MAX_EXTENSION_DAYS,
        initial=deadlines.MAX_EXTENSION_DAYS,
    )
    reason = forms.CharField(
        label=gettext_lazy("written reason"), widget=forms.Textarea(attrs={"rows": 2})
    )


class AnswerForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("answer to the requester"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    exemption_basis = forms.ChoiceField(
        label=gettext_lazy("legal basis (Pasal 17)"),
        required=False,
        choices=[("", "—"), *ExemptionBasis.choices],
    )


class ObjectionAnswerForm(forms.Form):
    objection = forms.IntegerField(widget=forms.HiddenInput)
    answer = forms.CharField(
        label=gettext_lazy("answer of the superior"), widget=forms.Textarea(attrs={"rows": 3})
    )


def _require_staff(request):
    if not is_ppid_staff(request.user):
        raise PermissionDenied


def handle_request(request, pk):
    _require_staff(request)
    req = get_object_or_404(InformationRequest, pk=pk)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "start":
                req.start_processing(by=request.user)
            elif action == "extend":
                form = ExtendForm(request.POST)
                if not form.is_valid():
                    raise TransitionError(
                        _("An extension needs a written reason and 1 to 7 working days.")
                    )
                req.extend(form.cleaned_data["reason"], form.cleaned_data["days"], by=request.user)
            elif action in ("fulfil", "partial", "reject"):
                form = AnswerForm(request.POST)
                form.is_valid()
                note, basis = (
                    form.cleaned_data.get("note", ""),
                    form.cleaned_data.get("exemption_basis", ""),
                )
                if action == "fulfil":
                    req.fulfil(note, by=request.user)
                elif action == "partial":
                    req.fulfil(note, by=request.user, partial=True, exemption_basis=basis)
                else:
                    req.reject(basis, note, by=request.user)
            elif action == "answer_objection":
                form = ObjectionAnswerForm(request.POST)
                if not form.is_valid():
                    raise TransitionError(_("Write the superior's answer."))
                objection = get_object_or_404(req.objections, pk=form.cleaned_data["objection"])
                objection.record_answer(form.cleaned_data["answer"], by=request.user)
            else:
                raise TransitionError(_("Unknown action."))
        except TransitionError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, _("Saved. The requester was notified."))
        return redirect("openinfo_ppid_handle", pk=req.pk)
    return TemplateResponse(
        request,
        "openinfo/admin/handle_request.html",
        {
            "req": req,
            "header_title": req.registration_number,
            "page_title": _("Information request"),
            "page_subtitle": req.registration_number,
            "header_icon": "mail",
            "events": req.events.select_related("by"),
            "objections": req.objections.all(),
            "documents": req.response_documents.all(),
            "extend_form": ExtendForm(),
            "answer_form": AnswerForm(),
            "can_start": req.status == Status.RECEIVED,
            "can_extend": req.is_open and not req.extended_due_date,
            "can_answer": req.is_open,
            "edit_url": reverse("wagtailsnippets_openinfo_informationrequest:edit", args=[req.pk]),
            "deadline": deadline_badge(req),
        },
    )


def staff_file(request, kind, pk):
    """Power of attorney or response document, for PPID staff only."""
    _require_staff(request)
    if kind == "kuasa":
        req = get_object_or_404(InformationRequest, pk=pk)
        if not req.power_of_attorney:
            raise Http404
        handle = req.power_of_attorney
    else:
        handle = get_object_or_404(ResponseDocument, pk=pk).file
    return FileResponse(
        handle.open("rb"), as_attachment=True, filename=handle.name.rsplit("/", 1)[-1]
    )


admin_urlpatterns = [
    path("ppid/permohonan/<int:pk>/tangani/", handle_request, name="openinfo_ppid_handle"),
    path("ppid/berkas/<str:kind>/<int:pk>/", staff_file, name="openinfo_ppid_file"),
]
