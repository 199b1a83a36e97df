"""The admin's task form: the assigner's choices are limited to whom they may assign to."""

import secrets
from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from home.models import Kelurahan
from openinfo.models import ActivityType, Severity, SignalCategory
from openinfo.tasks import permissions as perms
from openinfo.tasks.models import MAX_TEXT

# The activity a signal usually calls for (the assigner may change it).
SIGNAL_ACTIVITY = {
    SignalCategory.KONFLIK_SOSIAL: ActivityType.PROBLEM_SOLVING,
    SignalCategory.NARKOBA: ActivityType.PENYULUHAN,
    SignalCategory.TAWURAN: ActivityType.PATROLI_DIALOGIS,
    SignalCategory.PREMANISME: ActivityType.PATROLI_DIALOGIS,
    SignalCategory.POLITIK: ActivityType.KOORDINASI_3PILAR,
    SignalCategory.BENCANA: ActivityType.KOORDINASI_3PILAR,
    SignalCategory.RADIKALISME: ActivityType.PENYULUHAN,
    SignalCategory.KRIMINALITAS: ActivityType.PATROLI_DIALOGIS,
}


def initial_from_signal(signal):
    """What a task made from a signal starts with: the activity its category calls for, the
    signal's kelurahan and the link; high severity is due tomorrow, the rest in three days."""
    days = 1 if signal.severity == Severity.TINGGI else 3
    return {
        "activity_type": SIGNAL_ACTIVITY.get(signal.category, ActivityType.SAMBANG),
        "kelurahan": signal.kelurahan_id,
        "due_date": timezone.localdate() + timedelta(days=days),
        "instructions": _(
            "Follow up the early-warning signal no. %(id)d (%(category)s, %(severity)s) and report "
            "the activity."
        )
        % {
            "id": signal.pk,
            "category": signal.get_category_display(),
            "severity": signal.get_severity_display(),
        },
    }


class TaskForm(forms.Form):
    activity_type = forms.ChoiceField(label=_("Activity expected"), choices=ActivityType.choices)
    assignee_officer = forms.ModelChoiceField(
        label=_("Assign to an officer"), queryset=None, required=False
    )
    assignee_unit = forms.ModelChoiceField(
        label=_("… or to a whole unit"), queryset=None, required=False
    )
    kelurahan = forms.ModelChoiceField(
        label=_("Kelurahan"),
        queryset=Kelurahan.objects.select_related("kecamatan").order_by("kecamatan__name", "name"),
        required=False,
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    due_date = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))
    instructions = forms.CharField(
        label=_("Instructions"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 4})
    )
    signal = forms.IntegerField(required=False, widget=forms.HiddenInput)
    resident_message = forms.IntegerField(required=False, widget=forms.HiddenInput)
    # One key per opened form: a double click or a resent POST finds the task made the first time.
    key = forms.CharField(max_length=64, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["assignee_officer"].queryset = perms.assignable_officers(user).order_by(
            "satbinmas_membership__unit__order", "name"
        )
        self.fields["assignee_officer"].label_from_instance = _officer_label
        self.fields["assignee_unit"].queryset = perms.assignable_units(user)
        if not self.is_bound:
            self.initial.setdefault("key", secrets.token_hex(16))

    def clean_due_date(self):
        value = self.cleaned_data["due_date"]
        if value < timezone.localdate():
            raise forms.ValidationError(_("The due date cannot be in the past."))
        return value

    def clean(self):
        data = super().clean()
        if bool(data.get("assignee_officer")) == bool(data.get("assignee_unit")):
            self.add_error("assignee_officer", _("Choose either one officer or one unit."))
        return data


def _officer_label(officer):
    membership = getattr(officer, "satbinmas_membership", None)
    unit = f" · {membership.unit}" if membership else ""
    return f"{officer.rank} {officer.name}{unit}"


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Comment"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 2})
    )
