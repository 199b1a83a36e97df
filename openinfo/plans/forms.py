from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from openinfo.visits.models.reports import SignalCategory


class SituationPeriodForm(WagtailAdminModelForm):
    categories = forms.MultipleChoiceField(
        label=_("signal categories"),
        choices=SignalCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The early-warning categories the summary counts."),
    )


class PlanForm(WagtailAdminModelForm):
    """A plan with its stages: every stage must lie within the plan's period (the stage's own
    `clean` cannot see a plan that is not saved yet)."""

    def is_valid(self):
        valid = super().is_valid()
        if not valid:
            return False
        start, end = self.cleaned_data.get("start"), self.cleaned_data.get("end")
        for form in self.formsets["stages"].forms:
            data = getattr(form, "cleaned_data", None) or {}
            if data.get("DELETE") or not data.get("start") or not data.get("end"):
                continue
            if data["start"] < start or data["end"] > end:
                form.add_error("start", _("A stage must lie within its plan's period."))
                valid = False
        return valid
