"""What the field app needs beyond openinfo/visits/field_api.py, under /api/v1/field/:

- POST   /field/auth/token/              username + password → the officer's token (expiring)
- DELETE /field/auth/token/              sign out: revoke the token
- GET    /field/options/                 everything the form offers (cached on the phone)
- GET    /field/statuses/?since=<cursor> own reports whose status or comment changed since a cursor
- PUT    /field/reports/{id}/location/   the private GPS point of a report (idempotent)

Same conventions as the rest of /api/v1/: one error shape, OpenAPI, Idempotency-Key on writes.
"""

import base64
from datetime import datetime

from django.conf import settings
from django.contrib.auth import authenticate
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from core import redaction
from core.errors import TransitionError
from counselling.models import CounsellingArticlePage, Topic
from openinfo.models import (
    MAX_DURATION_MINUTES,
    ActivityType,
    ParticipantRole,
    Severity,
    SignalCategory,
)
from openinfo.satbinmas import roles
from openinfo.visits import permissions as perms
from openinfo.visits.field_api import FieldViewMixin, LifecycleError, unit_profile
from openinfo.visits.fieldapp import auth
from openinfo.visits.fieldapp.models import VisitLocation
from openinfo.visits.images import MAX_BYTES, MAX_PIXELS
from openinfo.visits.permissions import IsOfficerOrReviewer
from partners.idempotency import idempotent


class MethodFirst:
    """An unsupported method answers 405 before authentication (which would answer 401)."""

    def initial(self, request, *args, **kwargs):
        if request.method not in self.allowed_methods:
            raise exceptions.MethodNotAllowed(request.method)
        super().initial(request, *args, **kwargs)


class SignInThrottle(AnonRateThrottle):
    """Password guessing: per client address, in the shared cache."""

    scope = "field_signin"

    def __init__(self):
        self.rate = getattr(settings, "FIELD_SIGNIN_RATE", "10/min")
        self.num_requests, self.duration = self.parse_rate(self.rate)


class SignInSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=256, trim_whitespace=False)


TokenResponse = inline_serializer(
    name="FieldToken",
    fields={
        "token": serializers.CharField(),
        "expires_at": serializers.DateTimeField(),
        "username": serializers.CharField(),
    },
)


def me(user):
    officer = perms.officer_of(user)
    # Bhabinkamtibmas: the assigned kelurahan; the Polres-level units: the whole city.
    kelurahan = roles.filing_kelurahan(officer).order_by("name") if officer else []
    return {
        "username": user.get_username(),
        "officer": {
            "id": officer.pk,
            "name": officer.name,
            "rank": officer.rank,
            "unit": officer.unit.name,
            "active": officer.active,
        }
        if officer
        else None,
        "kelurahan": [
            {"code": k.code, "name": k.name, "kecamatan": k.kecamatan.name} for k in kelurahan
        ],
        "can_review": user.has_perm(perms.REVIEW_PERM) or perms.is_unit_head(user),
    }


class TokenView(MethodFirst, APIView):
    authentication_classes = [auth.ExpiringTokenAuthentication]
    throttle_classes = []

    def get_permissions(self):
        return [IsOfficerOrReviewer()] if self.request.method == "DELETE" else []

    def get_throttles(self):
        return [SignInThrottle()] if self.request.method == "POST" else []

    def get_authenticators(self):
        # Signing in must work with a stale token still in the header.
        if getattr(self, "request", None) is not None and self.request.method == "POST":
            return []
        return super().get_authenticators()

    @extend_schema(
        summary="Sign in: exchange an officer's username and password for the field token",
        request=SignInSerializer,
        responses={200: TokenResponse},
        auth=[],
    )
    def post(self, request):
        body = SignInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        user = authenticate(
            request._request,
            username=body.validated_data["username"],
            password=body.validated_data["password"],
        )
        if user is None or not user.is_active:
            exc = exceptions.ValidationError(
                {"non_field_errors": [_("The username or password is wrong.")]}
            )
            exc.error_code = "invalid_credentials"
            raise exc
        if perms.officer_of(user) is None and not user.has_perm(perms.REVIEW_PERM):
            raise exceptions.PermissionDenied(_("This account is not an officer's account."))
        token = auth.issue_token(user)
        return Response({"token": token.key, "expires_at": auth.expires_at(token), **me(user)})

    @extend_schema(summary="Sign out: revoke this token", request=None, responses={204: None})
    def delete(self, request):
        if request.auth is not None:
            request.auth.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


def _choices(choices):
    return [{"value": value, "label": str(label)} for value, label in choices]


class OptionsView(MethodFirst, FieldViewMixin, APIView):
    authentication_classes = [auth.ExpiringTokenAuthentication]

    @extend_schema(
        summary="Everything the report form offers, for offline use",
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        officer = perms.officer_of(request.user)
        articles = (
            CounsellingArticlePage.objects.live()
            .public()
            .order_by("title")
            .values_list("pk", "title")[:500]
        )
        return Response(
            {
                "server_time": timezone.now(),
                **me(request.user),
                "token_expires_at": auth.expires_at(request.auth)
                if request.auth is not None
                else None,
                "activity_types": _choices(ActivityType.choices),
                # The officer's unit, their own activity types and the posts/forums to choose
                # from (replaces the full list above for officers).
                **(unit_profile(officer) if officer is not None else {}),
                "participant_roles": _choices(ParticipantRole.choices),
                "signal_categories": _choices(SignalCategory.choices),
                "severities": _choices(Severity.choices),
                "topics": [
                    {"slug": slug, "name": name}
                    for slug, name in Topic.objects.order_by("order", "name").values_list(
                        "slug", "name"
                    )
                ],
                "articles": [{"id": pk, "title": title} for pk, title in articles],
                # The redaction guard's own patterns, so the phone's live hint matches the server's check.
                "redaction": {
                    "nik": redaction.NIK_RE.pattern,
                    "phone": redaction.PHONE_RE.pattern,
                    "email": redaction.EMAIL_RE.pattern,
                },
                "limits": {
                    "photo_max_bytes": MAX_BYTES,
                    "photo_max_pixels": MAX_PIXELS,
                    "photo_max_side": 1600,
                    "max_duration_minutes": MAX_DURATION_MINUTES,
                    "future_tolerance_minutes": 5,
                },
            }
        )


def encode_cursor(updated_at, pk):
    return base64.urlsafe_b64encode(f"{updated_at.isoformat()}|{pk}".encode()).decode().rstrip("=")


def decode_cursor(raw):
    try:
        text = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)).decode()
        stamp, pk = text.rsplit("|", 1)
        when = parse_datetime(stamp)
        if when is None or not isinstance(when, datetime):
            raise ValueError
        return when, int(pk)
    except (ValueError, UnicodeDecodeError) as exc:
        raise exceptions.ValidationError({"since": [_("Invalid cursor.")]}) from exc


class StatusesView(MethodFirst, FieldViewMixin, APIView):
    authentication_classes = [auth.ExpiringTokenAuthentication]
    LIMIT = 200

    @extend_schema(
        summary="Own reports whose status or supervisor's comment changed since a cursor",
        parameters=[
            OpenApiParameter(
                "since",
                str,
                description="`next_since` of the previous answer; empty for everything",
            )
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        officer = perms.officer_of(request.user)
        queryset = perms.visible_reports(request.user).filter(officer=officer) if officer else []
        if officer is None:
            return Response(
                {
                    "results": [],
                    "next_since": request.query_params.get("since", ""),
                    "has_more": False,
                }
            )
        since = request.query_params.get("since")
        if since:
            when, pk = decode_cursor(since)
            queryset = queryset.filter(Q(updated_at__gt=when) | Q(updated_at=when, pk__gt=pk))
        rows = list(
            queryset.order_by("updated_at", "pk").values(
                "pk", "status", "review_comment", "updated_at", "submitted_at", "approved_at"
            )[: self.LIMIT + 1]
        )
        has_more = len(rows) > self.LIMIT
        rows = rows[: self.LIMIT]
        results = [
            {
                "id": r["pk"],
                "status": r["status"],
                "review_comment": r["review_comment"],
                "updated_at": r["updated_at"],
                "submitted_at": r["submitted_at"],
                "approved_at": r["approved_at"],
            }
            for r in rows
        ]
        next_since = (
            encode_cursor(rows[-1]["updated_at"], rows[-1]["pk"]) if rows else (since or "")
        )
        return Response({"results": results, "next_since": next_since, "has_more": has_more})


class LocationSerializer(serializers.Serializer):
    latitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, min_value=-90, max_value=90, coerce_to_string=False
    )
    longitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, min_value=-180, max_value=180, coerce_to_string=False
    )
    accuracy_m = serializers.IntegerField(min_value=0, max_value=100_000)
    recorded_at = serializers.DateTimeField()


class LocationView(MethodFirst, FieldViewMixin, APIView):
    authentication_classes = [auth.ExpiringTokenAuthentication]

    @extend_schema(
        summary="Set the private GPS point of a draft or returned report (never public)",
        request=LocationSerializer,
        responses={200: LocationSerializer},
        parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH, description="report id")],
    )
    @idempotent
    def put(self, request, pk):
        if not str(pk).isdigit():
            raise exceptions.NotFound()
        report = get_object_or_404(perms.visible_reports(request.user), pk=int(pk))
        if not perms.can_edit(request.user, report):
            if not report.is_editable:
                raise LifecycleError(
                    TransitionError(_("Only drafts and returned reports can be changed."))
                )
            raise exceptions.PermissionDenied()
        body = LocationSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        VisitLocation.objects.update_or_create(report=report, defaults=body.validated_data)
        return Response(body.data)
