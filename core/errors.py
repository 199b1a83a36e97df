"""One error shape for every API error: {"error": {"code", "message", "fields"}} (DESIGN §7)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler

GENERIC_MESSAGES = {
    400: lambda: _("The request is not valid."),
    401: lambda: _("Authentication is required or the credentials are not valid."),
    403: lambda: _("You do not have permission to perform this action."),
    404: lambda: _("Not found."),
    405: lambda: _("Method not allowed."),
    406: lambda: _("The requested format is not available."),
    409: lambda: _("The request conflicts with the current state."),
    413: lambda: _("The request is too large."),
    415: lambda: _("Unsupported media type."),
    429: lambda: _("Too many requests. Try again later."),
    500: lambda: _("An internal error occurred."),
    503: lambda: _("The service is temporarily unavailable."),
}


def error_body(status_code, code, message, fields=None):
    return {"error": {"code": code, "message": str(message), "fields": fields or {}}}


def _flatten(detail):
    if isinstance(detail, dict):
        return {key: _flatten(value) for key, value in detail.items()}
    if isinstance(detail, list):
        return [_flatten(item) for item in detail]
    return str(detail)


def _first_code(codes):
    if isinstance(codes, dict):
        for value in codes.values():
            return _first_code(value)
    if isinstance(codes, list):
        return _first_code(codes[0]) if codes else "invalid"
    return str(codes)


def exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    fields = {}
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail
        if isinstance(detail, dict):
            non_field = detail.get("non_field_errors")
            fields = {k: _flatten(v) for k, v in detail.items() if k != "non_field_errors"}
            message = str(non_field[0]) if non_field else GENERIC_MESSAGES[400]()
        elif isinstance(detail, list) and detail:
            message = str(detail[0])
        else:
            message = str(detail)
        code = getattr(exc, "error_code", None) or _first_code(exc.get_codes())
        if code in ("invalid", "required") and fields:
            code = "validation_error"
    else:
        detail = getattr(exc, "detail", None)
        message = str(detail) if detail else GENERIC_MESSAGES.get(response.status_code, str)()
        code = getattr(exc, "error_code", None) or getattr(detail, "code", None) or exc.default_code
    response.data = error_body(response.status_code, code, message, fields)
    return response


def json_error(request, status_code, code):
    return JsonResponse(
        error_body(status_code, code, GENERIC_MESSAGES[status_code]()), status=status_code
    )


def api_not_found(request, exception=None):
    return json_error(request, status.HTTP_404_NOT_FOUND, "not_found")


def api_server_error(request):
    return json_error(request, status.HTTP_500_INTERNAL_SERVER_ERROR, "server_error")


class TransitionError(ValidationError):
    """A state change the current status does not allow, or a failed check; nothing was changed.

    The one lifecycle error of every domain: `status` is the HTTP status an API answers with
    (409 for a wrong state, 400 for a failed check) and `fields` the per-field messages.
    """

    def __init__(self, message, code="invalid_transition", status=409, fields=None):
        super().__init__(message, code=code)
        self.status = status
        self.fields = fields or {}

    def __str__(self):
        return str(self.message)
