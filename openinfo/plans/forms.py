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
