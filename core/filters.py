"""Filters for every list: a filter parameter that is sent must carry a valid value; `?date_to=`
is a 400 like any other invalid value, not a silently ignored filter."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend

BLANK_MESSAGE = _("This value may not be blank.")
BOOLEAN_MESSAGE = _("Must be true or false.")
BOOLEAN_VALUES = {"true", "false", "1", "0"}


class RejectBlankMixin:
    def is_valid(self):
        valid = super().is_valid()
        for name in self.filters:
            if name in self.data and all(value.strip() == "" for value in self.data.getlist(name)):
                self.form.add_error(name, BLANK_MESSAGE)
                valid = False
            elif (
                name in self.data
                and isinstance(self.filters[name], django_filters.BooleanFilter)
                and self.data.get(name, "").strip().lower() not in BOOLEAN_VALUES
                and name not in self.form.errors
            ):
                # The null-boolean widget reads "null" as "no filter" and "2" as true; a client that
                # sent a value meant a filter, so anything but true/false is refused.
                self.form.add_error(name, BOOLEAN_MESSAGE)
                valid = False
        return valid


class StrictFilterSet(RejectBlankMixin, django_filters.FilterSet):
    """Invalid or blank filter values raise a ValidationError (400 with the error shape)."""


class StrictDjangoFilterBackend(DjangoFilterBackend):
    def get_filterset_class(self, view, queryset=None):
        filterset_class = super().get_filterset_class(view, queryset)
        if filterset_class is not None and not issubclass(filterset_class, RejectBlankMixin):
            filterset_class = type(
                filterset_class.__name__, (RejectBlankMixin, filterset_class), {}
            )
        return filterset_class

    def filter_queryset(self, request, queryset, view):
        """A request that names no filter (the usual partner poll) skips building the filter form:
        an unbound filterset would return the queryset unchanged anyway."""
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None:
            return queryset
        names = filterset_class.base_filters
        if not any(
            param == name or param.startswith(f"{name}_")
            for param in request.query_params
            for name in names
        ):
            return queryset
        return super().filter_queryset(request, queryset, view)


class IntegerFilter(django_filters.NumberFilter):
    """A whole number (django-filter's NumberFilter takes decimals, so `?year=0.5` would pass)."""

    field_class = forms.IntegerField
