"""Idempotency-Key support for write endpoints (DESIGN §7: a retried submission returns the first result).

Usage on a DRF view or viewset action::

    @idempotent
    def create(self, request, *args, **kwargs): ...

With an `Idempotency-Key` header the first response (status and body) is stored with the key, the
user and a hash of the request (method, path, data, uploaded files' contents). A retry with the
same key and the same request gets the stored response again (header `Idempotent-Replayed: true`)
and nothing runs twice; the same key with a different request answers 409; a key whose first
request is still running answers 409 `idempotency_in_progress` with `Retry-After`. Server errors
are not stored, so they can be retried. Without the header the view runs as usual.

Crash safety (issue 18), in two steps:
1. the key is claimed in its own short transaction with a lease (`IDEMPOTENCY_LEASE_SECONDS`);
2. the record is locked, the view runs and the answer is stored in ONE transaction, so the effect
   and the stored answer commit together or not at all.
A process that dies after 1 leaves an in-flight key whose lease expires: the next retry takes it
over and runs the view. One that dies during 2 rolls back both the effect and the answer. One that
dies after 2 committed leaves the answer, which the retry replays. While a request holds the lock,
a takeover waits for it and then sees the stored answer, so the view never runs twice.
"""

import functools
import hashlib
import json
import math
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.response import Response

from core.errors import exception_handler
from partners.models import ApiKey, IdempotencyRecord

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = IdempotencyRecord.MAX_KEY_LENGTH
RETENTION = timedelta(days=getattr(settings, "IDEMPOTENCY_RETENTION_DAYS", 7))


def lease():
    return timedelta(seconds=getattr(settings, "IDEMPOTENCY_LEASE_SECONDS", 60))


class IdempotencyConflict(exceptions.APIException):
    status_code = 409
    default_detail = _("This Idempotency-Key was already used for a different request.")
    default_code = "idempotency_key_reused"


class IdempotencyInProgress(exceptions.APIException):
    status_code = 409
    default_detail = _("A request with this Idempotency-Key is still being processed.")
    default_code = "idempotency_in_progress"

    def __init__(self, retry_after):
        super().__init__()
        self.wait = max(1, math.ceil(retry_after))  # DRF's handler turns it into Retry-After


class _Replay(Exception):
    def __init__(self, record):
        self.record = record


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


def _replay(record):
    response = Response(record.response_body, status=record.status_code)
    response["Idempotent-Replayed"] = "true"
    return response


def _claim(request, key, scope, fingerprint):
    """Step 1: own the key (new, or an in-flight one whose lease expired). Returns the lease token;
    raises _Replay for a completed key, IdempotencyConflict / IdempotencyInProgress otherwise."""
    now = timezone.now()
    token = secrets.token_hex(16)
    try:
        with transaction.atomic():
            IdempotencyRecord.objects.create(
                **_owner(request),
                key=key,
                scope=scope,
                request_hash=fingerprint,
                lease_token=token,
                lease_expires_at=now + lease(),
            )
        return token
    except IntegrityError:
        pass
    existing = IdempotencyRecord.objects.get(**_owner(request), key=key)
    if existing.request_hash != fingerprint:
        raise IdempotencyConflict()
    if existing.status_code is not None:
        raise _Replay(existing)
    expires = existing.lease_expires_at
    if expires is not None and expires > now:
        raise IdempotencyInProgress((expires - now).total_seconds())
    # The first attempt died (or its lease ran out): take the key over. A live holder keeps the
    # row locked in step 2, so this waits for it and then finds the answer stored.
    taken = IdempotencyRecord.objects.filter(
        pk=existing.pk, status_code__isnull=True, lease_token=existing.lease_token
    ).update(lease_token=token, lease_expires_at=now + lease(), created_at=now)
    if taken:
        return token
    existing.refresh_from_db()
    if existing.status_code is not None:
        raise _Replay(existing)
    raise IdempotencyInProgress(lease().total_seconds())


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
            token = _claim(request, key, scope, fingerprint)
        except _Replay as replay:
            return _replay(replay.record)
        try:
            return _run(self, request, view_method, key, token, args, kwargs)
        except BaseException:
            # A failure we live through frees the key at once; a process that dies here cannot,
            # and its lease expires instead.
            _release(request, key, token)
            raise

    return wrapper


def _run(self, request, view_method, key, token, args, kwargs):
    error = None
    with transaction.atomic():
        # Step 2: effect and stored answer in one transaction, under the record's lock.
        record = (
            IdempotencyRecord.objects.select_for_update().filter(**_owner(request), key=key).first()
        )
        if record is None or record.status_code is not None or record.lease_token != token:
            # Taken over after our lease ran out (we were too slow): the other attempt decides.
            if record is not None and record.status_code is not None:
                return _replay(record)
            raise IdempotencyInProgress(lease().total_seconds())
        try:
            with transaction.atomic():  # a refused write (4xx) changes nothing
                response = view_method(self, request, *args, **kwargs)
        except exceptions.APIException as exc:
            if exc.status_code >= 500:
                raise  # nothing stored: the whole transaction rolls back and the key is free
            # Store the error the client saw, as the handler will shape it.
            shaped = exception_handler(exc, {"view": self, "request": request})
            _complete(record, shaped.status_code, shaped.data)
            error = exc
        else:
            if response.status_code >= 500:
                transaction.set_rollback(True)
            else:
                _complete(record, response.status_code, response.data)
    if error is not None:
        raise error
    if response.status_code >= 500:
        _release(request, key, token)
    return response


def _release(request, key, token):
    """Free a key whose attempt failed without storing an answer (the retry may run at once)."""
    IdempotencyRecord.objects.filter(
        **_owner(request), key=key, lease_token=token, status_code__isnull=True
    ).delete()


def _complete(record, status_code, data):
    record.status_code = status_code
    record.response_body = json.loads(json.dumps(data, cls=DjangoJSONEncoder))
    record.completed_at = timezone.now()
    record.lease_expires_at = None
    record.save(update_fields=["status_code", "response_body", "completed_at", "lease_expires_at"])


def _owner(request):
    """Keys are per sender: a partner's API key (partner writes) or the user (officers' field app)."""
    if isinstance(request.auth, ApiKey):
        return {"api_key": request.auth}
    return {"user": request.user}
