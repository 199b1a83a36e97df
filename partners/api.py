"""Partner endpoints of the API itself: the change feed (`/api/v1/changes/`) and webhook endpoint
management (`/api/v1/webhooks/`, scope webhooks:manage)."""

from collections import defaultdict

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, serializers, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from partners import changes
from partners.models import ChangeEvent, Scope, WebhookEndpoint
from partners.webhooks import check_url

CHANGES_MAX_LIMIT = 500


class ChangeSerializer(serializers.Serializer):
    id = serializers.IntegerField(
        help_text=_("The event's cursor; pass it as `since` to continue after it.")
    )
    type = serializers.CharField(
        help_text=_("Public type, e.g. officer, article, disclosure, visit.")
    )
    object_id = serializers.CharField()
    action = serializers.ChoiceField(choices=ChangeEvent.Action.choices)
    occurred_at = serializers.DateTimeField()
    data = serializers.JSONField(
        allow_null=True,
        help_text=_(
            "Current public representation (as in the type's list endpoint) for create and "
            "update; null for deletes and for objects no longer public (a delete follows)."
        ),
    )


class ChangePageSerializer(serializers.Serializer):
    results = ChangeSerializer(many=True)
    next_since = serializers.IntegerField(help_text=_("Cursor for the next request."))
    has_more = serializers.BooleanField()


def _int_param(request, name, default, minimum, maximum):
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value is None or not minimum <= value <= maximum:
        raise exceptions.ValidationError(
            {
                name: [
                    _("Must be a whole number from %(min)d to %(max)d.")
                    % {"min": minimum, "max": maximum}
                ]
            }
        )
    return value


class ChangesView(APIView):
    """Every create, update and delete of the public corpus, in order, after a cursor."""

    required_scope = Scope.CONTENT_READ
    allow_anonymous = True

    @extend_schema(
        summary="Changes to the public corpus since a cursor (incremental sync with tombstones)",
        description=(
            "Replay from `since=0` to build a mirror, then poll with the returned `next_since`. A "
            "`delete` is a tombstone: the object was deleted or unpublished (inactive officers count "
            "as deleted). `data` is the object's current public form."
        ),
        parameters=[
            OpenApiParameter(
                "since",
                {"type": "integer", "minimum": 0, "maximum": 2**63 - 1},
                description="Cursor: the last event id seen (0 = start).",
            ),
            OpenApiParameter(
                "limit",
                {"type": "integer", "minimum": 1, "maximum": CHANGES_MAX_LIMIT},
                description=f"1 to {CHANGES_MAX_LIMIT}, default 100.",
            ),
            OpenApiParameter(
                "types",
                OpenApiTypes.STR,
                description="Comma-separated types to include, e.g. officer,article.",
            ),
        ],
        responses={200: ChangePageSerializer},
    )
    def get(self, request):
        unknown = sorted(set(request.query_params) - {"since", "limit", "types", "format"})
        if unknown:
            raise exceptions.ValidationError(
                {name: [_("Unknown query parameter.")] for name in unknown}
            )
        since = _int_param(request, "since", 0, 0, 2**63 - 1)
        limit = _int_param(request, "limit", 100, 1, CHANGES_MAX_LIMIT)
        known_types = changes.registered_types()
        events = ChangeEvent.objects.filter(id__gt=since, type__in=list(known_types))
        raw_types = request.query_params.get("types")
        if raw_types is not None:
            wanted = [t.strip() for t in raw_types.split(",") if t.strip()]
            unknown_types = [t for t in wanted if t not in known_types]
            if unknown_types or not wanted:
                raise exceptions.ValidationError(
                    {
                        "types": [
                            _("Unknown type: %(value)s. Choose from %(valid)s.")
                            % {
                                "value": ", ".join(unknown_types) or raw_types,
                                "valid": ", ".join(sorted(known_types)),
                            }
                        ]
                    }
                )
            events = events.filter(type__in=wanted)
        batch = list(events.order_by("id")[: limit + 1])
        has_more = len(batch) > limit
        batch = batch[:limit]

        live_ids = defaultdict(set)
        for event in batch:
            if event.action != ChangeEvent.Action.DELETE:
                live_ids[event.type].add(event.object_id)
        current = {
            type_name: changes.serialize_current(type_name, ids, request)
            for type_name, ids in live_ids.items()
        }
        results = [
            {
                "id": event.pk,
                "type": event.type,
                "object_id": event.object_id,
                "action": event.action,
                "occurred_at": event.occurred_at,
                "data": current.get(event.type, {}).get(event.object_id),
            }
            for event in batch
        ]
        next_since = batch[-1].pk if batch else since
        data = ChangePageSerializer(
            {"results": results, "next_since": next_since, "has_more": has_more}
        ).data
        return Response(data)


class WebhookEndpointSerializer(serializers.ModelSerializer):
    event_types = serializers.ListField(
        child=serializers.CharField(max_length=80),
        min_length=1,
        max_length=50,
        help_text=_("Event names such as officer.updated or article.published, or `*` for all."),
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["id", "url", "event_types", "active", "failure_count", "created_at"]
        read_only_fields = ["id", "active", "failure_count", "created_at"]

    def validate_url(self, value):
        try:
            check_url(value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages[0], code=exc.code) from exc
        return value

    def validate_event_types(self, value):
        known = set(changes.event_names()) | {"*"}
        unknown = [name for name in value if name not in known]
        if unknown:
            raise serializers.ValidationError(
                _("Unknown event type: %(value)s. Known: %(valid)s.")
                % {"value": ", ".join(unknown), "valid": ", ".join(sorted(known))}
            )
        return sorted(set(value))


class WebhookEndpointCreatedSerializer(WebhookEndpointSerializer):
    class Meta(WebhookEndpointSerializer.Meta):
        fields = [*WebhookEndpointSerializer.Meta.fields, "secret"]
        read_only_fields = [*WebhookEndpointSerializer.Meta.read_only_fields, "secret"]


class WebhookEndpointViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """The calling key's webhook endpoints. The signing secret is returned once, on creation."""

    required_scope = Scope.WEBHOOKS_MANAGE
    allow_anonymous = False
    serializer_class = WebhookEndpointSerializer
    pagination_class = None
    filter_backends = []

    def get_queryset(self):
        key = self.request.auth
        if key is None or not hasattr(key, "webhook_endpoints"):
            return WebhookEndpoint.objects.none()
        return key.webhook_endpoints.order_by("pk")

    @extend_schema(
        summary="Register a webhook endpoint",
        responses={201: WebhookEndpointCreatedSerializer},
        examples=[
            OpenApiExample(
                "Officer and article changes",
                value={
                    "url": "https://partner.example.id/hooks/sambang",
                    "event_types": ["officer.updated", "article.published"],
                },
                request_only=True,
            )
        ],
    )
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        endpoint = serializer.save(api_key=request.auth)
        return Response(WebhookEndpointCreatedSerializer(endpoint).data, status=201)

    @extend_schema(summary="The calling key's webhook endpoints")
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(summary="Remove a webhook endpoint (pending deliveries are dropped)")
    def destroy(self, request, *args, **kwargs):
        return super().destroy(request, *args, **kwargs)
