"""Admin forms for activity reports: the report form (an officer files only as themselves, only
their unit's activity types and only where their unit files; the activity type's own details),
the photo upload and the signal follow-up on the review screen."""

from django import forms
from django.db import models
from django.forms.models import fields_for_model
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from home.models import Kelurahan, Officer
from openinfo.models import ActivityType, SignalStatus
from openinfo.satbinmas import roles
from openinfo.visits import permissions as perms
from openinfo.visits.models.details import DETAILS, check_details, input_fields, save_details


def detail_form_name(kind, name):
    """The admin form's name of a detail field, e.g. `siskamling_check__post`."""
    return f"{kind}__{name}"


def _required(model, name):
    field = model._meta.get_field(name)
    return not (field.blank or field.has_default() or isinstance(field, models.BooleanField))


def _detail_form_fields():
    """Every detail model's input fields, optional on the form: which are required depends on the
    activity type chosen (VisitReportAdminForm.clean)."""
    declared = {}
    for kind, (model, _related) in DETAILS.items():
        for name, field in fields_for_model(model, fields=input_fields(model)).items():
            field.required = False
            declared[detail_form_name(kind, name)] = field
    return declared


DETAIL_FORM_FIELDS = _detail_form_fields()


def _filled(value):
    return value not in (None, "", False)


class VisitReportAdminForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._detail_values = None
        detail = self.instance.detail() if self.instance.pk else None
        for kind, (model, _related) in DETAILS.items():
            for name in input_fields(model):
                form_name = detail_form_name(kind, name)
                if form_name not in self.fields:
                    continue
                if detail is not None and kind == self.instance.activity_type:
                    value = getattr(detail, name)
                    self.fields[form_name].initial = getattr(value, "pk", value)
        if detail_form_name("siskamling_check", "post") in self.fields:
            field = self.fields[detail_form_name("siskamling_check", "post")]
            field.queryset = field.queryset.filter(retired=False).select_related("kelurahan")
        if detail_form_name("fkpm_meeting", "forum") in self.fields:
            field = self.fields[detail_form_name("fkpm_meeting", "forum")]
            field.queryset = field.queryset.filter(active=True).select_related("kelurahan")
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
        self.fields["kelurahan"].queryset = roles.filing_kelurahan(officer)
        if self.fields["kelurahan"].queryset.count() == 1 and not self.instance.pk:
            self.fields["kelurahan"].initial = self.fields["kelurahan"].queryset.get().pk
        if "activity_type" in self.fields:
            mine = roles.activity_types_for(officer)
            self.fields["activity_type"].choices = [("", "---------")] + [
                (kind, label) for kind, label in ActivityType.choices if kind in mine
            ]

    def clean(self):
        cleaned = super().clean()
        user = self.for_user
        kelurahan = cleaned.get("kelurahan")
        if user is not None and not user.is_superuser and kelurahan is not None:
            if not perms.can_create_for(user, kelurahan):
                self.add_error("kelurahan", _("This kelurahan is not assigned to you."))
        officer, kind = cleaned.get("officer"), cleaned.get("activity_type")
        if officer is not None and kind and not roles.may_file_type(officer, kind):
            self.add_error("activity_type", _("This activity type is recorded by another unit."))
        self._clean_details(kind, kelurahan)
        self.instance._details_pending = self._detail_values is not None
        if self.instance.pk and not self.instance.is_editable:
            raise forms.ValidationError(_("Only drafts and returned reports can be changed."))
        return cleaned

    def _clean_details(self, kind, kelurahan):
        """The chosen type's details: required fields filled, the rules across fields and tables
        (details.check_details, as in the field API); other types' details must stay empty."""
        for other, (model, _related) in DETAILS.items():
            names = [n for n in input_fields(model) if detail_form_name(other, n) in self.fields]
            values = {n: self.cleaned_data.get(detail_form_name(other, n)) for n in names}
            if other != kind:
                for name, value in values.items():
                    if _filled(value):
                        self.add_error(
                            detail_form_name(other, name),
                            _("Only for another activity type; leave it empty."),
                        )
                continue
            for name in names:
                if _required(model, name) and not _filled(values[name]):
                    self.add_error(
                        detail_form_name(kind, name),
                        _("This field is required for this activity type."),
                    )
            for name, messages in check_details(kind, values, kelurahan).items():
                for message in messages:
                    self.add_error(detail_form_name(kind, name), message)
            self._detail_values = {
                name: value
                if value is not None or _required(model, name)
                else _default(model, name)
                for name, value in values.items()
            }

    def save(self, commit=True):
        instance = super().save(commit=commit)
        if commit and instance.pk:
            save_details(instance, self._detail_values)
        return instance


def _default(model, name):
    field = model._meta.get_field(name)
    return field.get_default()


VisitReportAdminForm.declared_fields.update(DETAIL_FORM_FIELDS)
VisitReportAdminForm.base_fields.update(DETAIL_FORM_FIELDS)


class VisitPhotoUploadForm(forms.Form):
    # A plain FileField: the content is judged by images.sanitize (the field API's check), not here.
    file = forms.FileField(label=_("Photo (JPEG, PNG or WebP)"))
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)


class SignalStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=SignalStatus.choices)
    note = forms.CharField(
        label=_("Note"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
