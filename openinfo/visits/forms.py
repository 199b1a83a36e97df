"""Admin forms for visit reports: the report form (an officer files only as themselves and only for
assigned kelurahan), the photo upload and the signal follow-up on the review screen."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from home.models import Kelurahan, Officer
from openinfo.models import SignalStatus
from openinfo.visits import permissions as perms


class VisitReportAdminForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if "topics" in self.fields:
            self.fields["topics"].widget = forms.CheckboxSelectMultiple()
            self.fields["topics"].queryset = self.fields["topics"].queryset.order_by(
                "order", "name"
            )
        if user is None or user.is_superuser:
            return
        officer = perms.officer_of(user)
        if officer is None:
            self.fields["officer"].queryset = Officer.objects.none()
            self.fields["kelurahan"].queryset = Kelurahan.objects.none()
            return
        # Plain selects: the snippet chooser modal would list every officer and all 104 kelurahan.
        self.fields["officer"].widget = forms.Select()
        self.fields["officer"].queryset = Officer.objects.filter(pk=officer.pk)
        self.fields["officer"].initial = officer.pk
        self.fields["officer"].empty_label = None
        self.fields["kelurahan"].widget = forms.Select()
        self.fields["kelurahan"].queryset = officer.kelurahan.select_related("kecamatan")
        if self.fields["kelurahan"].queryset.count() == 1 and not self.instance.pk:
            self.fields["kelurahan"].initial = self.fields["kelurahan"].queryset.get().pk

    def clean(self):
        cleaned = super().clean()
        user = self.for_user
        kelurahan = cleaned.get("kelurahan")
        if user is not None and not user.is_superuser and kelurahan is not None:
            if not perms.can_create_for(user, kelurahan):
                self.add_error("kelurahan", _("This kelurahan is not assigned to you."))
        if self.instance.pk and not self.instance.is_editable:
            raise forms.ValidationError(_("Only drafts and returned reports can be changed."))
        return cleaned


class VisitPhotoUploadForm(forms.Form):
    # A plain FileField: the content is judged by images.sanitize (the field API's check), not here.
    file = forms.FileField(label=_("Photo (JPEG, PNG or WebP)"))
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)


class SignalStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=SignalStatus.choices)
    note = forms.CharField(
        label=_("Note"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
