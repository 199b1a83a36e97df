"""Lapor & Tanya in the API.

- POST /api/v1/reports/            a partner app (city app, messaging bot) sends a resident's message:
                                   key with the `reports:write` scope, the web form's validation,
                                   `Idempotency-Key`, the key's own rate and the per-contact limit.
- GET  /api/v1/stats/reports/      the public monthly figures per kecamatan (counts only).
- GET  /api/v1/field/messages/     officers' triage queue (officer token), scoped like the admin;
  GET  /api/v1/field/messages/{id}/, POST /api/v1/field/messages/{id}/reply/
Nothing here ever returns a resident's message, contact or photo to a partner or the public.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from core.schema import ErrorSerializer
from openinfo.reports import figures
from openinfo.reports import permissions as perms
from openinfo.reports.forms import MessageForm, contact_key
from openinfo.reports.models import ContactChoice, Kind, MessageActionError, ResidentMessage, Source
from openinfo.reports.notify import send_receipt, tracking_url
from openinfo.reports.ratelimit import hit_contact
from openinfo.visits.field_api import FieldViewMixin
from partners.idempotency import idempotent
from partners.models import ApiKey, Scope


class TooManyFromContact(exceptions.Throttled):
    default_code = "contact_rate_limited"


class ReportSubmissionSerializer(serializers.Serializer):
    """Documents the request body; validation is the web form's (forms.MessageForm)."""

    kind = serializers.ChoiceField(choices=Kind.choices)
    kelurahan = serializers.CharField(
        help_text="Kemendagri code of the kelurahan, e.g. 36.71.01.1001"
    )
    message = serializers.CharField(max_length=5000)
    when_where = serializers.CharField(required=False, max_length=500)
    photo = serializers.ImageField(
        required=False, help_text="multipart/form-data only; JPEG, PNG or WebP"
    )
    contact_choice = serializers.ChoiceField(choices=ContactChoice.choices)
    contact_phone = serializers.CharField(required=False)
    contact_email = serializers.EmailField(required=False)
    consent = serializers.BooleanField(
        help_text="The resident agreed to the consent text (UU 27/2022)."
    )


class ReportReceiptSerializer(serializers.Serializer):
    tracking_code = serializers.CharField()
    secret = serializers.CharField(
        help_text="Shown once: pass it to the resident, do not store it."
    )
    status = serializers.CharField()
    due_date = serializers.DateField()
    tracking_url = serializers.URLField()


class ReportSubmitView(APIView):
    required_scope = Scope.REPORTS_WRITE
    allow_anonymous = False
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        summary="Send a resident's message to the Bhabinkamtibmas (Lapor & Tanya)",
        description=(
            "Needs a key with the `reports:write` scope. Validated like the web form; errors "
            "name the fields. Send an `Idempotency-Key` so a retry returns the first receipt "
            "instead of filing twice. The secret is returned once, for the resident."
        ),
        request={
            "application/json": ReportSubmissionSerializer,
            "multipart/form-data": ReportSubmissionSerializer,
        },
        parameters=[OpenApiParameter("Idempotency-Key", OpenApiTypes.STR, OpenApiParameter.HEADER)],
        responses={
            201: ReportReceiptSerializer,
            409: OpenApiResponse(
                ErrorSerializer,
                description="Idempotency-Key reused for another request, "
                "or its first request is still running.",
            ),
            413: OpenApiResponse(
                ErrorSerializer, description="The photo is too large (bytes or pixels)."
            ),
            415: OpenApiResponse(
                ErrorSerializer, description="Not JSON or multipart, or the photo is not an image."
            ),
        },
    )
    @idempotent
    def post(self, request):
        data = request.data
        if not hasattr(data, "get"):  # a JSON array, string or number instead of an object
            raise exceptions.ValidationError(
                {"non_field_errors": [_("The body must be a JSON object.")]}
            )
        plain = {
            key: data.get(key) for key in ReportSubmissionSerializer().fields if key != "photo"
        }
        if isinstance(plain.get("consent"), bool):
            plain["consent"] = "on" if plain["consent"] else ""
        plain = {key: value for key, value in plain.items() if value is not None}
        form = MessageForm(plain, request.FILES)
        if not form.is_valid():
            status_code = 400
            codes = {
                code
                for errors in form.errors.as_data().values()
                for e in errors
                for code in [e.code]
            }
            if codes & {"photo_too_large", "photo_too_many_pixels"}:
                status_code = 413
            elif "unsupported_media_type" in codes:
                status_code = 415
            error = exceptions.ValidationError(
                {name: list(errors) for name, errors in form.errors.items()}
            )
            error.status_code = status_code
            raise error
        if not hit_contact(contact_key(form.cleaned_data)):
            raise TooManyFromContact(detail=_("Too many messages from this contact today."))
        key = request.auth if isinstance(request.auth, ApiKey) else None
        with transaction.atomic():
            message, secret = ResidentMessage.file(
                source=Source.API, api_key=key, **form.message_fields()
            )
        transaction.on_commit(lambda: send_receipt(message, secret))
        return Response(
            {
                "tracking_code": message.tracking_code,
                "secret": secret,
                "status": message.status,
                "due_date": message.due_date,
                "tracking_url": tracking_url(),
            },
            status=status.HTTP_201_CREATED,
        )


class ReportFiguresView(APIView):
    required_scope = Scope.STATS_READ
    allow_anonymous = True

    @extend_schema(
        summary="Lapor & Tanya figures per kecamatan for one month (counts only)",
        parameters=[
            OpenApiParameter("month", OpenApiTypes.STR, description="YYYY-MM; default this month")
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        unknown = sorted(set(request.query_params) - {"month", "format"})
        if unknown:
            raise exceptions.ValidationError(
                {name: [_("Unknown query parameter.")] for name in unknown}
            )
        raw = request.query_params.get("month")
        today = timezone.localdate()
        if raw:
            try:
                month = datetime.date.fromisoformat(f"{raw}-01")
            except ValueError:
                raise exceptions.ValidationError(
                    {"month": [_("Write the month as YYYY-MM.")]}
                ) from None
        else:
            month = today.replace(day=1)
        return Response(figures.monthly(month.year, month.month))


# ----- officers (field API) ----------------------------------------------------------------------


class FieldMessageSerializer(serializers.ModelSerializer):
    kelurahan = serializers.CharField(source="kelurahan.code")
    kelurahan_name = serializers.CharField(source="kelurahan.name")
    replies = serializers.SerializerMethodField()

    class Meta:
        model = ResidentMessage
        fields = [
            "id",
            "tracking_code",
            "kind",
            "kelurahan",
            "kelurahan_name",
            "message",
            "when_where",
            "contact_choice",
            "contact_phone",
            "contact_email",
            "status",
            "received_at",
            "due_date",
            "first_reply_at",
            "signal",
            "replies",
        ]

    def get_replies(self, obj) -> list[str]:
        return [event.public_text for event in obj.events.all() if event.kind == "replied"]


class ReplySerializer(serializers.Serializer):
    text = serializers.CharField(max_length=5000)


class FieldMessageViewSet(
    FieldViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = FieldMessageSerializer

    def get_queryset(self):
        return (
            perms.visible_messages(self.request.user)
            .select_related("kelurahan")
            .prefetch_related("events")
            .order_by("due_date", "id")
        )

    @extend_schema(
        request=ReplySerializer,
        responses={200: FieldMessageSerializer},
        summary="Answer a resident's message (shown on the tracking page)",
    )
    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        message = self.get_object()
        if not perms.can_act(request.user, message):
            raise exceptions.PermissionDenied(
                _("Leadership reads messages but does not answer them.")
            )
        body = ReplySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            message.reply(request.user, body.validated_data["text"])
        except MessageActionError as error:
            raise exceptions.ValidationError({"text": [str(error.message)]}) from None
        return Response(FieldMessageSerializer(self.get_queryset().get(pk=message.pk)).data)
