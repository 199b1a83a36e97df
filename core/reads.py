"""Consistent partner reads for every public endpoint: `fields=` selection, strict query parameters,
`updated_since`, explicit ordering, and ETag/Last-Modified/Cache-Control with cheap 304s.

Use `PartnerReadMixin` first in a read-only viewset's bases; the viewset keeps its own serializer,
filterset, ordering and queryset. The list validator comes from one aggregate (max `updated_at` and
count over the filtered queryset, plus `etag_dependencies`), computed before anything is serialized.
"""

import hashlib
from datetime import UTC, datetime, time

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.http import http_date
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, filters
from rest_framework.response import Response

PAGINATION_PARAMS = {"cursor", "limit"}
COMMON_PARAMS = {"fields", "format"}


def _as_datetime(value):
    """Aggregates over raw SQL come back as datetimes (PostgreSQL) or text in UTC (SQLite)."""
    if value is None or isinstance(value, datetime):
        return (
            value if value is None or timezone.is_aware(value) else timezone.make_aware(value, UTC)
        )
    parsed = parse_datetime(str(value))
    if parsed is not None and timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, UTC)
    return parsed


class StrictOrderingFilter(filters.OrderingFilter):
    """An ordering on a field that is not offered is a 400, not silently ignored."""

    def get_ordering(self, request, queryset, view):
        params = request.query_params.get(self.ordering_param)
        if params:
            requested = [p.strip() for p in params.split(",") if p.strip()]
            valid = {
                name for name, _label in self.get_valid_fields(queryset, view, {"request": request})
            }
            unknown = [p for p in requested if p.lstrip("-") not in valid]
            if unknown or not requested:
                raise exceptions.ValidationError(
                    {
                        self.ordering_param: [
                            _("Unknown ordering: %(value)s. Choose from %(valid)s.")
                            % {
                                "value": ", ".join(unknown) or params,
                                "valid": ", ".join(sorted(valid)),
                            }
                        ]
                    }
                )
        return super().get_ordering(request, queryset, view)


def parse_updated_since(raw):
    """ISO 8601 date or date-time (naive means Jakarta time); anything else is a 400."""
    value = None
    try:
        value = parse_datetime(raw)
        if value is None:
            day = parse_date(raw)
            if day is not None:
                value = datetime.combine(day, time.min)
    except ValueError:
        value = None
    if value is None:
        raise exceptions.ValidationError(
            {
                "updated_since": [
                    _("Use an ISO 8601 date or date-time, e.g. 2026-01-31T08:00:00+07:00.")
                ]
            }
        )
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


class PartnerReadMixin:
    required_scope = "content:read"  # a partner key needs this scope (partners.models.Scope)
    allow_anonymous = True
    updated_field = "updated_at"
    etag_dependencies = ()  # other models whose changes show in this endpoint's output
    cache_max_age = None  # seconds; default settings.API_CACHE_MAX_AGE

    # --- query parameters ---------------------------------------------------------------------

    def allowed_query_params(self):
        allowed = set(COMMON_PARAMS)
        if self.action == "list":
            allowed.add("updated_since")
            if self.paginator is not None:
                allowed |= PAGINATION_PARAMS
            backends = self.filter_backends or []
            if any(issubclass(b, filters.OrderingFilter) for b in backends):
                allowed.add(getattr(self, "ordering_param", None) or "ordering")
            filterset_class = getattr(self, "filterset_class", None)
            if filterset_class is not None and backends:
                allowed |= set(filterset_class.base_filters)
        return allowed

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.selected_fields = self.updated_since = None
        if self.action not in ("list", "retrieve"):
            return  # e.g. an unsupported method: let DRF answer 405 rather than judge its parameters
        unknown = sorted(set(request.query_params) - self.allowed_query_params())
        if unknown:
            raise exceptions.ValidationError(
                {name: [_("Unknown query parameter.")] for name in unknown}
            )
        self.selected_fields = self._parse_fields(request.query_params.get("fields"))
        raw_since = request.query_params.get("updated_since")
        self.updated_since = parse_updated_since(raw_since) if raw_since is not None else None
        if self.action == "list" and self.paginator is not None:
            # A bad `limit` or cursor is a 400 even when a precondition would have matched (304).
            self.paginator.get_page_size(request)
            self.paginator.decode_cursor(request)

    def _parse_fields(self, raw):
        if raw is None:
            return None
        wanted = [name.strip() for name in raw.split(",") if name.strip()]
        available = list(self.get_serializer_class()().fields)
        unknown = [name for name in wanted if name not in available]
        if unknown or not wanted:
            raise exceptions.ValidationError(
                {
                    "fields": [
                        _("Unknown field: %(value)s. Choose from %(valid)s.")
                        % {"value": ", ".join(unknown) or raw, "valid": ", ".join(available)}
                    ]
                }
            )
        return set(wanted)

    def get_serializer(self, *args, **kwargs):
        serializer = super().get_serializer(*args, **kwargs)
        wanted = getattr(self, "selected_fields", None)
        if wanted:
            target = getattr(serializer, "child", serializer)
            for name in list(target.fields):
                if name not in wanted:
                    target.fields.pop(name)
        return serializer

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if getattr(self, "updated_since", None) is not None:
            queryset = queryset.filter(**{f"{self.updated_field}__gte": self.updated_since})
        return queryset

    # --- conditional requests -----------------------------------------------------------------

    def _validators(self, parts, last_modified):
        token = "|".join(
            [
                type(self).__name__,
                self.action,
                self.request.get_full_path(),
                translation.get_language() or "",
                *map(str, parts),
            ]
        )
        return f'"{hashlib.sha256(token.encode()).hexdigest()[:32]}"', last_modified

    def get_etag_dependencies(self):
        """What else the output shows: a model (its `updated_at`), `(model, field)`, or
        `(callable returning a queryset, field)` for a subset such as the live pages of a type."""
        return self.etag_dependencies

    def _summary(self, queryset):
        """max(updated field) and row count of the filtered queryset, then of each dependency, in one
        hand-assembled SQL query (the ORM's aggregate machinery costs more than the query itself)."""
        quote = connection.ops.quote_name
        inner = queryset.order_by().values("pk", self.updated_field)
        column = quote(self.updated_field)
        try:
            sql, params = inner.query.sql_with_params()
            selects, from_clause, params = (
                [f"MAX(t.{column})", "COUNT(*)"],
                f" FROM ({sql}) t",
                list(params),
            )
        except EmptyResultSet:  # e.g. a filter value out of the column's range: nothing matches
            selects, from_clause, params = ["NULL", "0"], "", []
        select_params = []
        for dependency in self.get_etag_dependencies():
            source, field_name = (
                dependency if isinstance(dependency, tuple) else (dependency, "updated_at")
            )
            if isinstance(source, type):
                dep_column = quote(source._meta.get_field(field_name).column)
                table = quote(source._meta.db_table)
                selects += [
                    f"(SELECT MAX({dep_column}) FROM {table})",
                    f"(SELECT COUNT(*) FROM {table})",
                ]
                continue
            dep_sql, dep_params = source().order_by().values(field_name).query.sql_with_params()
            dep_column = quote(field_name)
            selects += [
                f"(SELECT MAX(d.{dep_column}) FROM ({dep_sql}) d)",
                f"(SELECT COUNT(*) FROM ({dep_sql}) d)",
            ]
            select_params += [*dep_params, *dep_params]
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {', '.join(selects)}{from_clause}", select_params + params)
            row = cursor.fetchone()
        stamps = [_as_datetime(value) for value in row[0::2]]
        return list(row), [stamp for stamp in stamps if stamp is not None]

    def list_validators(self, queryset):
        parts, stamps = self._summary(queryset)
        return self._validators(parts, max(stamps) if stamps else None)

    def _not_modified(self, request, etag, last_modified):
        response = get_conditional_response(
            request._request,
            etag=etag,
            last_modified=int(last_modified.timestamp()) if last_modified else None,
        )
        if response is not None:
            self._set_cache_headers(response, etag, last_modified)
        return response

    def _set_cache_headers(self, response, etag, last_modified):
        response["ETag"] = etag
        if last_modified is not None:
            response["Last-Modified"] = http_date(last_modified.timestamp())
        max_age = self.cache_max_age
        if max_age is None:
            max_age = getattr(settings, "API_CACHE_MAX_AGE", 30)
        patch_cache_control(response, public=True, max_age=max_age)
        return response

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        etag, last_modified = self.list_validators(queryset)
        not_modified = self._not_modified(request, etag, last_modified)
        if not_modified is not None:
            return not_modified
        page = self.paginate_queryset(queryset)
        if page is not None:
            response = self.get_paginated_response(self.get_serializer(page, many=True).data)
        else:
            response = Response(self.get_serializer(queryset, many=True).data)
        return self._set_cache_headers(response, etag, last_modified)

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        queryset = type(instance)._default_manager.filter(pk=instance.pk)
        parts, stamps = self._summary(queryset)
        parts.insert(0, instance.pk)
        etag, last_modified = self._validators(parts, max(stamps) if stamps else None)
        not_modified = self._not_modified(request, etag, last_modified)
        if not_modified is not None:
            return not_modified
        response = Response(self.get_serializer(instance).data)
        return self._set_cache_headers(response, etag, last_modified)
