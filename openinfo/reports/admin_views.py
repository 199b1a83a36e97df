"""Triage of residents' messages in the Wagtail admin: the queue with due dates, one message with its
timeline and actions (reply, convert to an early-warning signal, forward, close), its photo, and the
editors' path from an answered question to a Tanya Jawab draft. Every view checks permissions.py."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from counselling.models import QuestionAnswer, Topic, redaction_errors
from home.models import Kelurahan
from openinfo.models import Severity, SignalCategory, SignalStatus, TransitionError
from openinfo.reports import permissions as perms
from openinfo.reports.models import (
    CloseReason,
    MessageActionError,
    MessageEvent,
    ResidentMessage,
    Status,
)
from openinfo.reports.notify import whatsapp_link

QUEUE_FILTERS = {
    "open": (gettext_lazy("Waiting for an answer"), lambda qs: qs.open()),
    "overdue": (gettext_lazy("Overdue"), lambda qs: qs.overdue()),
    "answered": (gettext_lazy("Answered"), lambda qs: qs.filter(status=Status.ANSWERED)),
    "closed": (gettext_lazy("Closed"), lambda qs: qs.filter(status=Status.CLOSED)),
    "all": (gettext_lazy("All"), lambda qs: qs),
}


def _require_access(request):
    if not perms.has_triage_access(request.user):
        raise PermissionDenied


def queue(request):
    _require_access(request)
    chosen = request.GET.get("status") if request.GET.get("status") in QUEUE_FILTERS else "open"
    queryset = QUEUE_FILTERS[chosen][1](
        perms.visible_messages(request.user).select_related("kelurahan__kecamatan", "signal")
    ).order_by("due_date", "received_at")
    page = Paginator(queryset, 50).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "reports/admin/queue.html",
        {
            "page_obj": page,
            "messages_page": page.object_list,
            "today": timezone.localdate(),
            "filters": [(key, label) for key, (label, _f) in QUEUE_FILTERS.items()],
            "chosen": chosen,
            "page_title": _("Lapor & Tanya"),
        },
    )


def _visible(request, pk):
    _require_access(request)
    message = get_object_or_404(
        ResidentMessage.objects.select_related(
            "kelurahan__kecamatan", "unit", "signal", "guidance"
        ),
        pk=pk,
    )
    if not perms.can_view(request.user, message):
        raise PermissionDenied
    return message


def _actionable(request, pk):
    message = _visible(request, pk)
    if not perms.can_act(request.user, message):
        raise PermissionDenied
    return message


class ConvertForm(forms.Form):
    category = forms.ChoiceField(label=gettext_lazy("Category"), choices=SignalCategory.choices)
    severity = forms.ChoiceField(label=gettext_lazy("Severity"), choices=Severity.choices)
    description = forms.CharField(
        label=gettext_lazy("Internal description"), widget=forms.Textarea(attrs={"rows": 3})
    )


def detail(request, pk):
    message = _visible(request, pk)
    events = list(message.events.select_related("user", "from_kelurahan", "to_kelurahan"))
    replies = [e for e in events if e.kind == MessageEvent.Kind.REPLIED]
    return TemplateResponse(
        request,
        "reports/admin/detail.html",
        {
            "message": message,
            "events": events,
            "can_act": perms.can_act(request.user, message) and message.status != Status.CLOSED,
            "can_follow_up_signal": perms.can_act(request.user, message) and message.signal_id,
            "can_make_guidance": perms.can_make_guidance(request.user)
            and message.kind == "pertanyaan"
            and message.first_reply_at
            and not message.guidance_id
            and not message.anonymised_at,
            "whatsapp_links": [
                (event, whatsapp_link(message, event.public_text)) for event in replies
            ]
            if message.contact_phone
            else [],
            "convert_form": ConvertForm(initial={"description": message.message}),
            "close_reasons": CloseReason.choices,
            "signal_status_choices": SignalStatus.choices,
            "kelurahan_list": Kelurahan.objects.select_related("kecamatan").order_by(
                "kecamatan__name", "name"
            ),
            "today": timezone.localdate(),
            "page_title": str(message),
        },
    )


def _done(request, message, text):
    messages.success(request, text)
    return redirect("reports_detail", pk=message.pk)


@require_POST
def act(request, pk, action):
    message = _actionable(request, pk)
    try:
        if action == "reply":
            message.reply(request.user, request.POST.get("text", ""))
            return _done(
                request,
                message,
                _("The answer was saved; the resident sees it on the tracking page."),
            )
        if action == "convert":
            form = ConvertForm(request.POST)
            if not form.is_valid():
                raise MessageActionError(
                    _("Choose the signal's category and severity and describe it.")
                )
            message.convert_to_signal(request.user, **form.cleaned_data)
            return _done(request, message, _("The message is now an early-warning signal."))
        if action == "forward":
            kelurahan = Kelurahan.objects.filter(code=request.POST.get("kelurahan", "")).first()
            if kelurahan is None:
                raise MessageActionError(_("Choose the kelurahan to forward to."))
            message.forward(request.user, kelurahan, request.POST.get("note", ""))
            messages.success(
                request, _("The message was forwarded to %(kelurahan)s.") % {"kelurahan": kelurahan}
            )
            if not perms.can_view(request.user, message):
                return redirect("reports_queue")
            return redirect("reports_detail", pk=message.pk)
        if action == "close":
            message.close(
                request.user, request.POST.get("reason", ""), request.POST.get("note", "")
            )
            return _done(request, message, _("The message was closed."))
        if action == "signal":
            if not message.signal_id:
                raise Http404
            status = request.POST.get("status", "")
            message.signal.change_status(status, request.user, request.POST.get("note", ""))
            return _done(request, message, _("The signal's status was updated."))
    except (MessageActionError, TransitionError) as error:
        messages.error(request, str(error.message))
        return redirect("reports_detail", pk=message.pk)
    raise Http404


def photo(request, pk):
    message = _visible(request, pk)
    if not message.photo:
        raise Http404
    response = FileResponse(message.photo.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    return response


# ----- editors: from an answered question to a Tanya Jawab draft ------------------------------


class GuidanceForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Question in one line"), max_length=200)
    question = forms.CharField(
        label=gettext_lazy("Question (anonymised)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )
    answer = forms.CharField(
        label=gettext_lazy("Answer"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000
    )
    topics = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Topics"),
        queryset=Topic.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )

    def clean(self):
        data = super().clean()
        for name, message in redaction_errors(
            **{k: data.get(k, "") for k in ("title", "question", "answer")}
        ).items():
            self.add_error(name, message)
        return data


def guidance_list(request):
    if not perms.can_make_guidance(request.user):
        raise PermissionDenied
    questions = perms.answered_questions().order_by("-first_reply_at")[:100]
    return TemplateResponse(
        request,
        "reports/admin/guidance_list.html",
        {
            "questions": questions,
            "page_title": _("Answered questions for Tanya Jawab"),
        },
    )


def make_guidance(request, pk):
    """A Tanya Jawab draft from an answered question: only the question's text and the public answer
    are offered, for the editor to rewrite; the redaction guard must pass; who asked is never copied.
    The draft then goes through the editorial workflow like an article."""
    if not perms.can_make_guidance(request.user):
        raise PermissionDenied
    message = get_object_or_404(perms.answered_questions(), pk=pk)
    reply = message.events.filter(kind=MessageEvent.Kind.REPLIED).order_by("at", "pk").last()
    form = GuidanceForm(
        request.POST or None,
        initial={
            "question": message.message,
            "answer": reply.public_text if reply else "",
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        entry = QuestionAnswer(
            title=data["title"],
            question=data["question"],
            answer=data["answer"],
            slug=_unique_slug(data["title"]),
            live=False,
        )
        entry.save()
        entry.topics.set(data["topics"])
        entry.save_revision(user=request.user)
        message.guidance = entry
        message.save(update_fields=["guidance", "updated_at"])
        message.events.create(kind=MessageEvent.Kind.GUIDANCE, user=request.user, note=entry.title)
        messages.success(
            request,
            _("A Tanya Jawab draft was created. Submit it for approval from its edit page."),
        )
        return redirect(reverse("wagtailsnippets_counselling_questionanswer:edit", args=[entry.pk]))
    return TemplateResponse(
        request,
        "reports/admin/make_guidance.html",
        {
            "form": form,
            "message": message,
            "page_title": _("New Tanya Jawab entry"),
        },
    )


def _unique_slug(title):
    base = slugify(title)[:180] or "tanya-jawab"
    slug, n = base, 2
    while QuestionAnswer.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug
