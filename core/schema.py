"""OpenAPI generation: the schema documents the public /api/v1/ only (not the admin's own API), with
one error shape, the Api-Key scheme and the partner reads' parameters and headers."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, inline_serializer
from rest_framework import serializers

from core.reads import PartnerReadMixin


def only_public_api(endpoints):
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]


def fields_make_items_partial(result, generator, request, public):
    """A read that takes `fields` returns only the fields named, so the item it returns cannot
    require any property: drop `required` from the item component of every such 200 response
    (list pages and single items; nested objects keep theirs)."""
    components = result.get("components", {}).get("schemas", {})

    def component(ref):
        return components.get(ref.rsplit("/", 1)[-1]) if ref else None

    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict):
                continue
            if not any(p.get("name") == "fields" for p in operation.get("parameters", [])):
                continue
            content = operation.get("responses", {}).get("200", {}).get("content", {})
            for media in content.values():
                body = component(media.get("schema", {}).get("$ref"))
                results = (body or {}).get("properties", {}).get("results", {})
                item = component(results.get("items", {}).get("$ref")) if results else body
                if item is not None:
                    item.pop("required", None)
    return result


ErrorSerializer = inline_serializer(
    name="Error",
    fields={
        "error": inline_serializer(
            name="ErrorDetail",
            fields={
                "code": serializers.CharField(
                    help_text="Machine-readable code, e.g. validation_error."
                ),
                "message": serializers.CharField(
                    help_text="Human-readable, in the Accept-Language."
                ),
                "fields": serializers.DictField(
                    child=serializers.JSONField(),
                    help_text="Per-parameter or per-field messages (400); empty otherwise.",
                ),
            },
        )
    },
)

ERROR_EXAMPLES = {
    "400": (
        "Invalid parameters",
        "validation_error",
        "The request is not valid.",
        {"fields": ["Unknown field: nrp. Choose from id, name, rank."]},
    ),
    "401": (
        "Bad or revoked API key",
        "authentication_failed",
        "The API key is not valid or has been revoked.",
        {},
    ),
    "403": (
        "Key lacks the scope",
        "permission_denied",
        "This API key does not have the webhooks:manage scope.",
        {},
    ),
    "404": ("No such object", "not_found", "Not found.", {}),
    "429": (
        "Rate limit reached",
        "throttled",
        "Request was throttled. Expected available in 12 seconds.",
        {},
    ),
}
ERROR_DESCRIPTIONS = {
    "400": "Invalid query parameters or body (unknown field, filter, ordering, cursor or date).",
    "401": "Missing (where required), malformed, unknown or revoked API key.",
    "403": "The API key lacks the scope this endpoint needs.",
    "404": "Not found.",
    "429": "Rate limit reached; retry after `Retry-After` seconds.",
}


class PartnerAutoSchema(AutoSchema):
    """Adds to every /api/v1/ operation the error responses (one documented shape, with examples),
    and to partner reads the `fields`/`updated_since` and conditional-request parameters, the
    ETag/Last-Modified/Cache-Control response headers and the 304."""

    def get_auth(self):
        auths = super().get_auth()
        # Public reads work without a key (at the anonymous rate): say so with an empty requirement.
        if getattr(self.view, "allow_anonymous", True) and {} not in auths:
            auths.append({})
        return auths

    def _is_partner_read(self):
        return isinstance(self.view, PartnerReadMixin) and self.method == "GET"

    def get_override_parameters(self):
        params = list(super().get_override_parameters())
        if self._is_partner_read():
            params.append(
                OpenApiParameter(
                    "fields",
                    OpenApiTypes.STR,
                    description="Comma-separated fields to return, e.g. `id,name`; an unknown field is a 400.",
                )
            )
            if self._is_list_view():
                params.append(
                    OpenApiParameter(
                        "updated_since",
                        OpenApiTypes.DATETIME,
                        description="Only items changed at or after this ISO 8601 date or date-time "
                        "(combine with /changes/ to see deletions).",
                    )
                )
            params += [
                OpenApiParameter(
                    "If-None-Match",
                    OpenApiTypes.STR,
                    OpenApiParameter.HEADER,
                    description="An ETag from an earlier response; 304 when unchanged.",
                ),
                OpenApiParameter(
                    "If-Modified-Since",
                    OpenApiTypes.STR,
                    OpenApiParameter.HEADER,
                    description="An HTTP date; 304 when nothing changed since.",
                ),
                OpenApiParameter(
                    "ETag",
                    OpenApiTypes.STR,
                    OpenApiParameter.HEADER,
                    response=[200, 304],
                    description="Validator of this response.",
                ),
                OpenApiParameter(
                    "Last-Modified",
                    OpenApiTypes.STR,
                    OpenApiParameter.HEADER,
                    response=[200, 304],
                    description="Latest change of the data shown.",
                ),
                OpenApiParameter(
                    "Cache-Control",
                    OpenApiTypes.STR,
                    OpenApiParameter.HEADER,
                    response=[200, 304],
                    description="e.g. `public, max-age=30`.",
                ),
            ]
        params.append(
            OpenApiParameter(
                "Retry-After",
                OpenApiTypes.INT,
                OpenApiParameter.HEADER,
                response=[429],
                description="Seconds to wait.",
            )
        )
        params.append(
            OpenApiParameter(
                "WWW-Authenticate",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                response=[401],
                description='`Api-Key realm="api"`',
            )
        )
        return params

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if not self.path.startswith("/api/v1/"):
            return responses
        if self._is_partner_read():
            responses.setdefault(
                "304",
                {
                    "description": "Not modified (If-None-Match or If-Modified-Since matched).",
                    "headers": self._get_response_headers_for_code("304", direction),
                },
            )
        error_ref = self.resolve_serializer(ErrorSerializer, "response").ref
        codes = ["400", "401", "429"]
        if getattr(self.view, "required_scope", None) is not None:
            codes.append("403")
        if "{" in self.path:
            codes.append("404")
        for code in codes:
            if code in responses:
                continue
            summary, error_code, message, fields = ERROR_EXAMPLES[code]
            response = {
                "description": ERROR_DESCRIPTIONS[code],
                "content": {
                    "application/json": {
                        "schema": error_ref,
                        "examples": {
                            error_code: {
                                "summary": summary,
                                "value": {
                                    "error": {
                                        "code": error_code,
                                        "message": message,
                                        "fields": fields,
                                    }
                                },
                            }
                        },
                    }
                },
            }
            headers = self._get_response_headers_for_code(code, direction)
            if headers:
                response["headers"] = headers
            responses[code] = response
        return responses
