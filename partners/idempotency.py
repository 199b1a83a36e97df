"""Idempotency-Key support for write endpoints (DESIGN §7: a retried submission returns the first result).

Usage on a DRF view or viewset action::

    @idempotent
    def create(self, request, *args, **kwargs): ...

With an `Idempotency-Key` header the first response (status and body) is stored with the key, the
user and a hash of the request (method, path, data, uploaded files' contents). A retry with the
same key and the same request gets the stored response again (header `Idempotent-Replayed: true`)
and nothing runs twice; the same key with a different request answers 409; a key whose first
request is still running answers 409 too. Server errors are not stored, so they can be retried.
Without the header the view runs as usual.
"""

import functools
import hashlib
import json
from datetime import timedelta

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.response import Response

from core.errors import exception_handler
from partners.models import IdempotencyRecord

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = IdempotencyRecord.MAX_KEY_LENGTH
RETENTION = timedelta(days=getattr(settings, "IDEMPOTENCY_RETENTION_DAYS", 7))


class IdempotencyConflict(exceptions.APIException):
    status_code = 409
    default_detail = _("This Idempotency-Key was already used for a different request.")
    default_code = "idempotency_key_reused"


class IdempotencyInProgress(exceptions.APIException):
    status_code = 409
    default_detail = _("A request with this Idempotency-Key is still being processed.")
    default_code = "idempotency_in_progress"


def request_fingerprint(request, scope):
    digest = hashlib.sha256()
    digest.update(f"{request.method} {request.path} {scope}\n".encode())
    data = request.data
    if hasattr(data, "lists"):  # QueryDict (multipart/form): order-independent
        plain = {k: v for k, v in data.lists() if k not in request.FILES}
    else:
        plain = data
    digest.update(json.dumps(plain, sort_keys=True, cls=DjangoJSONEncoder, default=str).encode())
    for name in sorted(request.FILES):
        for upload in request.FILES.getlist(name):
            digest.update(name.encode())
            for chunk in upload.chunks():
                digest.update(chunk)
            upload.seek(0)
    return digest.hexdigest()


def idempotent(view_method):
    @functools.wraps(view_method)
    def wrapper(self, request, *args, **kwargs):
        key = request.headers.get(HEADER)
        if not key or not request.user.is_authenticated:
            return view_method(self, request, *args, **kwargs)
        if len(key) > MAX_KEY_LENGTH:
            raise exceptions.ValidationError(
                {HEADER: [_("At most %(n)d characters.") % {"n": MAX_KEY_LENGTH}]}
            )
        scope = f"{type(self).__name__}.{view_method.__name__}"
        fingerprint = request_fingerprint(request, scope)
        IdempotencyRecord.objects.filter(created_at__lt=timezone.now() - RETENTION).delete()
        try:
            with transaction.atomic():
                record = IdempotencyRecord.objects.create(
                    user=request.user, key=key, scope=scope, request_hash=fingerprint
                )
        except IntegrityError:
            existing = IdempotencyRecord.objects.get(user=request.user, key=key)
            if existing.request_hash != fingerprint:
                raise IdempotencyConflict() from None
            if existing.status_code is None:
                raise IdempotencyInProgress() from None
            response = Response(existing.response_body, status=existing.status_code)
            response["Idempotent-Replayed"] = "true"
            return response
        try:
            response = view_method(self, request, *args, **kwargs)
        except exceptions.APIException as exc:
            if exc.status_code >= 500:
                record.delete()
                raise
            # Store the error the client saw, as the handler will shape it.
            shaped = exception_handler(exc, {"view": self, "request": request})
            _complete(record, shaped.status_code, shaped.data)
            raise
        except Exception:
            record.delete()
            raise
        if response.status_code >= 500:
            record.delete()
        else:
            _complete(record, response.status_code, response.data)
        return response

    return wrapper


def _complete(record, status_code, data):
    record.status_code = status_code
    record.response_body = json.loads(json.dumps(data, cls=DjangoJSONEncoder))
    record.completed_at = timezone.now()
    record.save(update_fields=["status_code", "response_body", "completed_at"])
