"""Cursor pagination for every list: stable under inserts, `limit` bounded, bad cursors are a 400."""

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, pagination


class CursorPagination(pagination.CursorPagination):
    page_size = 20
    max_page_size = 100
    page_size_query_param = "limit"
    ordering = "-pk"
    invalid_cursor_message = _("The cursor is not valid.")

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw in (None, ""):
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if not 1 <= size <= self.max_page_size:
            raise exceptions.ValidationError(
                {
                    "limit": [
                        _("Must be a whole number from 1 to %(max)d.") % {"max": self.max_page_size}
                    ]
                }
            )
        return size

    def paginate_queryset(self, queryset, request, view=None):
        self._model = queryset.model
        return super().paginate_queryset(queryset, request, view)

    def decode_cursor(self, request):
        try:
            cursor = super().decode_cursor(request)
        except exceptions.NotFound as exc:
            raise self._invalid() from exc
        if cursor is not None and cursor.position is not None:
            self._check_position(cursor.position)
        return cursor

    def _invalid(self):
        return exceptions.ValidationError({self.cursor_query_param: [self.invalid_cursor_message]})

    def _check_position(self, position):
        """A cursor is signed by nobody: its position must parse as the ordering field's value, or
        the database would be asked `pk < 'notadate'` (a 500). No text column holds a NUL byte."""
        if "\x00" in str(position):
            raise self._invalid()
        model = getattr(self, "_model", None)
        name = self.ordering[0].lstrip("-") if self.ordering else "pk"
        try:
            field = model._meta.pk if name == "pk" else model._meta.get_field(name)
        except (AttributeError, FieldDoesNotExist):
            return
        try:
            value = field.to_python(position)
            if hasattr(field, "get_prep_value"):
                field.get_prep_value(value)
        except (ValidationError, ValueError, TypeError, OverflowError) as exc:
            raise self._invalid() from exc
        if isinstance(value, int) and not -(2**63) <= value < 2**63:
            raise self._invalid()

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        return schema

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": self.max_page_size,
                }
                parameter["description"] = (
                    f"Items per page, 1 to {self.max_page_size} (default {self.page_size})."
                )
        return parameters
