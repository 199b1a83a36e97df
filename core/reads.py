"""Consistent partner reads for every public endpoint: `fields=` selection, strict query parameters,
`updated_since`, explicit ordering, and ETag/Last-Modified/Cache-Control with cheap 304s.

Use `PartnerReadMixin` first in a read-only viewset's bases; the viewset keeps its own serializer,
filterset, ordering and queryset. Validators come from the content versions of the models the output
shows (the queryset's model plus `etag_dependencies`, core/contentcache.py): a 304 costs one cache
lookup and touches no content table, and a full read is served from the content cache when an entry
for the same path, normalised query, language, media type and versions exists.
"""

from datetime import UTC, datetime, time

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.http import http_date
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, filters
from rest_framework.response import Response

from core import contentcache

_VERSION_NAMES: dict = {}
PAGINATION_PARAMS = {"cursor", "limit"}
COMMON_PARAMS = {"fields", "format"}


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
    try:
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        value.astimezone(UTC)  # 0001-01-01 in Jakarta or 9999-12-31T23:59:59-14:00 leave the range
    except (OverflowError, ValueError) as exc:
        raise exceptions.ValidationError(
            {"updated_since": [_("The date is out of range.")]}
        ) from exc
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

    # --- conditional requests and the content cache ------------------------------------------

    def get_etag_dependencies(self):
        """What else the output shows: a model, `(model, field)`, or `(callable returning a queryset,
        field)` for a subset such as the live pages of a type. Each maps to a content version."""
        return self.etag_dependencies

    def content_models(self):
        queryset = getattr(self, "queryset", None)
        models = [queryset.model if queryset is not None else self.get_queryset().model]
        for dependency in self.get_etag_dependencies():
            source = dependency[0] if isinstance(dependency, tuple) else dependency
            models.append(source if isinstance(source, type) else source().model)
        return models

    def content_version_names(self):
        """The content versions this endpoint's output depends on (see core/contentcache.py); worked
        out once per viewset and action (building the querysets may run a query, e.g. `.public()`)."""
        key = (type(self), self.action)
        names = _VERSION_NAMES.get(key)
        if names is None:
            names = _VERSION_NAMES[key] = contentcache.names_for_models(self.content_models())
        return names

    def _cacheable(self, request):
        """Anonymous reads, and those of authenticators that declare `shares_public_reads` (partner
        API keys: the body is the same public representation), share entries; a session user's
        reads are built for them alone."""
        authenticator = request.successful_authenticator
        return authenticator is None or getattr(authenticator, "shares_public_reads", False)

    def _set_cache_headers(self, response, etag, last_modified):
        response["ETag"] = etag
        if last_modified is not None:
            response["Last-Modified"] = http_date(last_modified.timestamp())
        max_age = self.cache_max_age
        if max_age is None:
            max_age = getattr(settings, "API_CACHE_MAX_AGE", 30)
        patch_cache_control(response, public=True, max_age=max_age)
        return response

    def _read(self, request, build):
        """Validators from the content versions alone (no content table is touched), a 304 for a
        matching `If-None-Match`/`If-Modified-Since`, else the stored body, else `build()`.
        Anonymous reads usually never get here: `ContentCacheMiddleware` answers their hits and
        304s from the entry this method describes (`request.content_cache_api`)."""
        django_request = request._request
        names = self.content_version_names()
        # An anonymous read the middleware found no entry for: `global` is read with the view's
        # versions (the same lookup), before the body is built, so the entry it stores is marked.
        marking = getattr(django_request, "content_cache_anonymous", False) and (
            getattr(django_request, "content_cache_global", None) is None
        )
        found = contentcache.known_versions(
            django_request, [*names, contentcache.GLOBAL] if marking else names
        )
        if marking:
            django_request.content_cache_global = found[contentcache.GLOBAL][0]
        versions = {name: found[name] for name in names}
        parts = (
            type(self).__module__,
            type(self).__qualname__,
            self.action,
            request.path,
            contentcache.normalised_query(django_request),
            translation.get_language() or "",
            getattr(request, "accepted_media_type", ""),
        )
        _key, etag = contentcache.key_and_etag("api", parts, versions)
        last_modified = contentcache.last_modified(versions)
        stamp = int(last_modified.timestamp()) if last_modified else None
        not_modified = get_conditional_response(django_request, etag=etag, last_modified=stamp)
        if not_modified is not None:
            return self._set_cache_headers(not_modified, etag, last_modified)
        cacheable = contentcache.enabled() and self._cacheable(request)
        if cacheable:
            key = getattr(django_request, "content_cache_key", None) or contentcache.request_key(
                django_request, "api"
            )
            django_request.content_cache_api = {
                "versions": {name: value for name, (value, _at) in versions.items()},
                "etag": etag,
                "last_modified": stamp,
                "throttles": [
                    f"{type(t).__module__}.{type(t).__qualname__}" for t in self.get_throttles()
                ],
            }
            entry = contentcache.get_entry(key)
            body = (
                contentcache.entry_body(entry)
                if entry is not None and entry.get("etag") == etag
                else None
            )
            if body is not None:
                response = HttpResponse(body, status=entry["status"])
                response["Content-Type"] = dict((h.lower(), v) for h, v in entry["headers"]).get(
                    "content-type", "application/json"
                )
                return self._set_cache_headers(response, etag, last_modified)
        response = build()
        if cacheable and response.status_code == 200:

            def remember(rendered):
                # A partner key's read (the middleware stores anonymous ones, with every header):
                # the body for the next read here, not for the middleware to replay.
                if not getattr(django_request, "content_cache_anonymous", False):
                    contentcache.set_entry(
                        key,
                        contentcache.entry_from_response(
                            django_request, rendered, "api", key, {}, etag
                        ),
                    )

            response.add_post_render_callback(remember)
        return self._set_cache_headers(response, etag, last_modified)

    def list(self, request, *args, **kwargs):
        def build():
            queryset = self.filter_queryset(self.get_queryset())
            page = self.paginate_queryset(queryset)
            if page is not None:
                return self.get_paginated_response(self.get_serializer(page, many=True).data)
            return Response(self.get_serializer(queryset, many=True).data)

        return self._read(request, build)

    def retrieve(self, request, *args, **kwargs):
        return self._read(request, lambda: Response(self.get_serializer(self.get_object()).data))
