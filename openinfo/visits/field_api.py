"""Field API for the officers' app: /api/v1/field/ (token authentication, DESIGN §7).

- GET  /field/me/                         the officer and their assigned kelurahan
- GET  /field/reports/                    own reports (supervisors: also their unit's)
- POST /field/reports/                    create a draft (JSON; `details`: the activity type's own
                                          fields, required for the types that have them)
- GET/PATCH/PUT /field/reports/{id}/      read / update a draft or returned report
- POST /field/reports/{id}/photos/        upload a photo (multipart, field `file`)
- POST /field/reports/{id}/submit/        submit for approval (a second submit answers 409)
- POST /field/reports/{id}/approve/       supervisor: approve (redaction guard applies)
- POST /field/reports/{id}/return/        supervisor: return with `comment`
- GET  /field/signals/                    early-warning signals filed on their own (own; supervisors:
                                          also their units')
- POST /field/signals/                    file a signal on its own, without a visit report
                                          (Idempotency-Key required)
- GET  /field/signals/{id}/               one of those signals, with its status history
- PATCH /field/signals/{id}/              change an early-warning signal's status (with a note)
Every write accepts an `Idempotency-Key` header (partners/idempotency.py).
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import exceptions, mixins, parsers, serializers, status, viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.decorators import action
from rest_framework.response import Response

from core.redaction import find_personal_data
from counselling.models import CounsellingArticlePage, Topic
from home.models import Kelurahan
from openinfo.models import (
    MAX_DURATION_MINUTES,
    ActivityType,
    EarlyWarningSignal,
    FkpmForum,
    ParticipantRole,
    Severity,
    SignalCategory,
    SignalStatus,
    SiskamlingPost,
    TransitionError,
    VisitParticipant,
    VisitReport,
)
from openinfo.satbinmas import roles
from openinfo.visits import permissions as perms
from openinfo.visits.fieldapp import alerts
from openinfo.visits.fieldapp.auth import ExpiringTokenAuthentication
from openinfo.visits.images import PhotoRejected
from openinfo.visits.images import store as store_photo
from openinfo.visits.models.details import DETAILS, check_details, save_details
from partners.idempotency import HEADER as IDEMPOTENCY_HEADER
from partners.idempotency import idempotent


class LifecycleError(exceptions.APIException):
    status_code = 409
    default_code = "invalid_transition"

    def __init__(self, error: TransitionError):
        super().__init__(detail=str(error.message), code=error.code)
        self.status_code = error.status
        self.error_code = error.code
        self.fields = error.fields


def raise_transition(error):
    if error.fields:
        exc = exceptions.ValidationError(error.fields)
        exc.error_code = error.code
        exc.status_code = error.status
        raise exc
    raise LifecycleError(error)


class PhotoError(exceptions.APIException):
    def __init__(self, rejected: PhotoRejected):
        super().__init__(detail=str(rejected.message), code=rejected.code)
        self.status_code = rejected.status
        self.error_code = rejected.code


# -- serializers ---------------------------------------------------------------------------------
class ParticipantSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=ParticipantRole.choices)
    count = serializers.IntegerField(min_value=1, max_value=5000)


class SignalSerializer(serializers.Serializer):
    id = serializers.IntegerField(required=False)
    category = serializers.ChoiceField(choices=SignalCategory.choices)
    severity = serializers.ChoiceField(choices=Severity.choices)
    description = serializers.CharField(max_length=4000)
    status = serializers.ChoiceField(choices=SignalStatus.choices, default=SignalStatus.OPEN)


class PhotoSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    caption = serializers.CharField(read_only=True)
    width = serializers.IntegerField(read_only=True)
    height = serializers.IntegerField(read_only=True)
    url = serializers.SerializerMethodField()
    medium_url = serializers.SerializerMethodField()
    thumbnail_url = serializers.SerializerMethodField()

    def _abs(self, field):
        request = self.context.get("request")
        if not field:
            return None
        return request.build_absolute_uri(field.url) if request else field.url

    def get_url(self, obj) -> str | None:
        return self._abs(obj.image)

    def get_medium_url(self, obj) -> str | None:
        return self._abs(obj.medium)

    def get_thumbnail_url(self, obj) -> str | None:
        return self._abs(obj.thumbnail)


def _detail_serializer(model):
    meta = type("Meta", (), {"model": model, "exclude": ["id", "report"]})
    return type(f"{model.__name__}DetailSerializer", (serializers.ModelSerializer,), {"Meta": meta})


# activity type -> the serializer of its detail row (validators from the model: counts 0..100000,
# choices, the post/forum by id).
DETAIL_SERIALIZERS = {kind: _detail_serializer(model) for kind, (model, _r) in DETAILS.items()}
_MISSING = object()


@extend_schema_field(
    {
        "type": "object",
        "nullable": True,
        "additionalProperties": True,
        "description": (
            "The activity type's own fields: satpam_supervision {company, site, guards_count, "
            "trained_count, certified_count, findings}; siskamling_check {post (id, in the "
            "report's kelurahan), post_active, guards_on_duty, findings}; fkpm_meeting {forum "
            "(id, in the report's kelurahan), problems_raised, follow_ups}; bintibsos_session "
            "{audience_kind, audience_name, attendees}. Required for these types, null for the "
            "others. Sent whole (a PATCH with `details` replaces them)."
        ),
    }
)
class DetailsField(serializers.Field):
    """The report's detail row in and out (validated in FieldReportSerializer.validate, where the
    activity type and the kelurahan are known)."""

    def __init__(self, **kwargs):
        super().__init__(source="*", required=False, allow_null=True, **kwargs)

    def validate_empty_values(self, data):
        if data is None:
            return True, {"details": None}
        return super().validate_empty_values(data)

    def to_representation(self, report):
        detail = report.detail()
        if detail is None:
            return None
        return DETAIL_SERIALIZERS[report.activity_type](detail).data

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            raise serializers.ValidationError(_("Send the details as an object."))
        return {"details": data}


class FieldReportSerializer(serializers.ModelSerializer):
    kelurahan = serializers.SlugRelatedField(slug_field="code", queryset=Kelurahan.objects.all())
    topics = serializers.SlugRelatedField(
        slug_field="slug", many=True, queryset=Topic.objects.all(), required=False
    )
    articles = serializers.PrimaryKeyRelatedField(
        many=True, queryset=CounsellingArticlePage.objects.all(), required=False
    )
    participants = ParticipantSerializer(many=True, required=False)
    signals = SignalSerializer(many=True, required=False)
    details = DetailsField()
    photos = PhotoSerializer(many=True, read_only=True)
    officer = serializers.PrimaryKeyRelatedField(read_only=True)
    duration_minutes = serializers.IntegerField()
    status = serializers.CharField(
        read_only=True, help_text="draft, submitted, approved or returned"
    )

    class Meta:
        model = VisitReport
        fields = [
            "id",
            "officer",
            "kelurahan",
            "rw",
            "rt",
            "activity_type",
            "started_at",
            "duration_minutes",
            "participants",
            "participant_names",
            "topics",
            "articles",
            "public_summary",
            "internal_notes",
            "follow_up_actions",
            "details",
            "signals",
            "photos",
            "status",
            "review_comment",
            "submitted_at",
            "approved_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "status",
            "review_comment",
            "submitted_at",
            "approved_at",
            "created_at",
            "updated_at",
        ]

    def validate_started_at(self, value):
        now = timezone.now()
        if value > now + timedelta(minutes=5):
            raise serializers.ValidationError(_("The start time cannot be in the future."))
        if value < now - timedelta(days=366):
            raise serializers.ValidationError(_("The start time is more than a year ago."))
        return value

    def validate_duration_minutes(self, value):
        if not 1 <= value <= MAX_DURATION_MINUTES:
            raise serializers.ValidationError(
                _("The duration must be between 1 and %(max)d minutes.")
                % {"max": MAX_DURATION_MINUTES}
            )
        return value

    def validate_activity_type(self, value):
        request = self.context.get("request")
        officer = perms.officer_of(request.user) if request else None
        if officer is not None and not roles.may_file_type(officer, value):
            raise serializers.ValidationError(_("This activity type is recorded by another unit."))
        return value

    def _validate_details(self, attrs):
        """Details required for the types that have them, refused for the others; each type's
        field rules, then the rules across fields (counts, post/forum in the kelurahan)."""
        details = attrs.pop("details", _MISSING)
        kind = attrs.get("activity_type") or getattr(self.instance, "activity_type", None)
        kelurahan = attrs.get("kelurahan") or getattr(self.instance, "kelurahan", None)
        type_changed = self.instance is None or kind != self.instance.activity_type
        if kind not in DETAIL_SERIALIZERS:
            if details not in (_MISSING, None) and details:
                raise serializers.ValidationError(
                    {"details": [_("This activity type has no details; leave them empty.")]}
                )
            return None
        if details is _MISSING and not type_changed:
            if kelurahan is not None and "kelurahan" in attrs:
                current = self.instance.detail()
                values = {
                    f: getattr(current, f)
                    for f in ("post", "forum")
                    if current and hasattr(current, f)
                }
                errors = check_details(kind, values, kelurahan)
                if errors:
                    raise serializers.ValidationError(
                        {f"details.{k}": v for k, v in errors.items()}
                    )
            return None  # unchanged
        if details is _MISSING or not details:
            raise serializers.ValidationError(
                {"details": [_("The details of this activity are required.")]}
            )
        serializer = DETAIL_SERIALIZERS[kind](data=details)
        if not serializer.is_valid():
            raise serializers.ValidationError(
                {f"details.{k}": v for k, v in serializer.errors.items()}
            )
        errors = check_details(kind, serializer.validated_data, kelurahan)
        if errors:
            raise serializers.ValidationError({f"details.{k}": v for k, v in errors.items()})
        return serializer.validated_data

    def validate(self, attrs):
        attrs["details"] = self._validate_details(attrs)
        started = attrs.get("started_at") or getattr(self.instance, "started_at", None)
        duration = attrs.get("duration_minutes") or getattr(self.instance, "duration_minutes", None)
        if (
            started
            and duration
            and started + timedelta(minutes=duration) > timezone.now() + timedelta(hours=1)
        ):
            raise serializers.ValidationError(
                {"duration_minutes": [_("The visit cannot end in the future.")]}
            )
        return attrs

    @transaction.atomic
    def save_report(self, report, user):
        data = dict(self.validated_data)
        participants = data.pop("participants", None)
        signals = data.pop("signals", None)
        topics = data.pop("topics", None)
        articles = data.pop("articles", None)
        details = data.pop("details", None)
        for name, value in data.items():
            setattr(report, name, value)
        if participants is not None:
            report.participants = [
                VisitParticipant(role=p["role"], count=p["count"]) for p in participants
            ]
        if signals is not None:
            existing = {s.pk: s for s in report.signals.all()} if report.pk else {}
            items = []
            for item in signals:
                signal = existing.get(item.get("id")) or EarlyWarningSignal()
                for name in ("category", "severity", "description", "status"):
                    setattr(signal, name, item[name])
                signal._changed_by = user
                items.append(signal)
            report.signals = items
        if topics is not None:
            report.topics.set(topics)
        if articles is not None:
            report.articles.set(articles)
        report.save()
        save_details(report, details)
        report.save_revision(user=user, clean=False)
        return report


class StandaloneSignalSerializer(serializers.ModelSerializer):
    """A signal an officer files on its own, without a visit report (field app: "Sinyal dini")."""

    kelurahan = serializers.SlugRelatedField(slug_field="code", queryset=Kelurahan.objects.all())
    category = serializers.ChoiceField(choices=SignalCategory.choices)
    severity = serializers.ChoiceField(choices=Severity.choices)
    description = serializers.CharField(
        max_length=4000, help_text="Internal, never published nor sent in alerts."
    )
    observed_at = serializers.DateTimeField(
        write_only=True,
        required=False,
        help_text="When the officer noted it (the phone's time when saved); default now.",
    )
    status = serializers.CharField(read_only=True, help_text="open, monitored, resolved …")
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    officer = serializers.PrimaryKeyRelatedField(read_only=True)
    history = serializers.SerializerMethodField()

    class Meta:
        model = EarlyWarningSignal
        fields = [
            "id",
            "officer",
            "kelurahan",
            "category",
            "severity",
            "description",
            "observed_at",
            "observed_on",
            "status",
            "status_label",
            "created_at",
            "status_changed_at",
            "history",
        ]
        read_only_fields = ["observed_on", "created_at", "status_changed_at"]

    def get_history(self, obj) -> list[dict]:
        return [
            {"from": h.from_status, "to": h.to_status, "at": h.changed_at, "note": h.note}
            for h in obj.history.all()
        ]

    def validate_kelurahan(self, value):
        request = self.context.get("request")
        if request is None or not perms.can_create_for(request.user, value):
            raise serializers.ValidationError(_("This kelurahan is not in your assigned area."))
        return value

    def validate_observed_at(self, value):
        now = timezone.now()
        if value > now + timedelta(minutes=5):
            raise serializers.ValidationError(
                _("The time cannot be in the future. Check the phone's date and time.")
            )
        if value < now - timedelta(days=366):
            raise serializers.ValidationError(_("The time is more than a year ago."))
        return value


class ActionCommentSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class SignalStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=SignalStatus.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=4000)


# -- views -----------------------------------------------------------------------------------------
class FieldViewMixin:
    authentication_classes = [ExpiringTokenAuthentication, SessionAuthentication]
    permission_classes = [perms.IsOfficerOrReviewer]
    throttle_classes = []


class FieldReportViewSet(
    FieldViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = FieldReportSerializer
    permission_classes = [perms.VisitReportPermission]
    ordering = ("-pk",)
    filter_backends = []
    parser_classes = [parsers.JSONParser, parsers.MultiPartParser, parsers.FormParser]

    def get_queryset(self):
        return (
            perms.visible_reports(self.request.user)
            .select_related("kelurahan")
            .select_related(*(related for _m, related in DETAILS.values()))
            .prefetch_related("participants", "signals", "photos", "topics", "articles")
        )

    def _officer(self):
        officer = perms.officer_of(self.request.user)
        if officer is None:
            raise exceptions.PermissionDenied(_("Only officers create visit reports."))
        return officer

    @extend_schema(summary="Create a draft visit report")
    @idempotent
    def create(self, request, *args, **kwargs):
        officer = self._officer()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        kelurahan = serializer.validated_data["kelurahan"]
        if not perms.can_create_for(request.user, kelurahan):
            raise exceptions.PermissionDenied(_("This kelurahan is not assigned to you."))
        report = VisitReport(officer=officer, unit=officer.unit, created_by=request.user)
        serializer.save_report(report, request.user)
        return Response(
            self.get_serializer(self._reload(report)).data, status=status.HTTP_201_CREATED
        )

    def _reload(self, report):
        return self.get_queryset().get(pk=report.pk)

    def _update(self, request, partial):
        report = self.get_object()
        serializer = self.get_serializer(report, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        kelurahan = serializer.validated_data.get("kelurahan")
        if kelurahan is not None and not perms.can_create_for(request.user, kelurahan):
            raise exceptions.PermissionDenied(_("This kelurahan is not assigned to you."))
        serializer.save_report(report, request.user)
        return Response(self.get_serializer(self._reload(report)).data)

    @extend_schema(summary="Update a draft or returned report")
    @idempotent
    def update(self, request, *args, **kwargs):
        return self._update(request, partial=False)

    @extend_schema(summary="Update some fields of a draft or returned report")
    @idempotent
    def partial_update(self, request, *args, **kwargs):
        return self._update(request, partial=True)

    @extend_schema(
        summary="Upload a photo (JPEG, PNG or WebP; EXIF is removed)",
        request=None,
        responses=PhotoSerializer,
    )
    @action(detail=True, methods=["post"], parser_classes=[parsers.MultiPartParser])
    @idempotent
    def photos(self, request, pk=None):
        report = self.get_object()
        upload = request.FILES.get("file")
        if upload is None:
            raise exceptions.ValidationError({"file": [_("Attach the photo as the 'file' field.")]})
        try:
            photo = store_photo(report, upload, request.data.get("caption", ""))
        except PhotoRejected as rejected:
            raise PhotoError(rejected) from None
        return Response(
            PhotoSerializer(photo, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(summary="Submit the report for approval", request=None)
    @action(detail=True, methods=["post"])
    @idempotent
    def submit(self, request, pk=None):
        report = self.get_object()
        try:
            report.submit(request.user)
        except TransitionError as error:
            raise_transition(error)
        data = self.get_serializer(self._reload(report)).data
        findings = find_personal_data(report.public_summary, report.participant_name_list())
        data["warnings"] = [{"kind": kind, "found": found} for kind, found in findings]
        return Response(data)

    @extend_schema(
        summary="Approve a submitted report (supervisor)", request=ActionCommentSerializer
    )
    @action(detail=True, methods=["post"])
    @idempotent
    def approve(self, request, pk=None):
        return self._review(request, "approve")

    @extend_schema(
        summary="Return a submitted report to the officer with a comment",
        request=ActionCommentSerializer,
    )
    @action(detail=True, methods=["post"], url_path="return")
    @idempotent
    def return_report(self, request, pk=None):
        return self._review(request, "return_with_comment")

    def _review(self, request, transition):
        """A supervisor's decision on a submitted report: one lifecycle method, one comment."""
        report = self.get_object()
        body = ActionCommentSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            getattr(report, transition)(request.user, body.validated_data.get("comment", ""))
        except TransitionError as error:
            raise_transition(error)
        return Response(self.get_serializer(self._reload(report)).data)


class FieldSignalViewSet(
    FieldViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Early-warning signals: officers file one on its own (without a visit report) and see their
    own; the report's or signal's officer and the unit's supervisors follow any signal up."""

    permission_classes = [perms.SignalFollowUpPermission]
    ordering = ("-pk",)
    filter_backends = []

    def get_serializer_class(self):
        if self.action == "partial_update":
            return SignalStatusSerializer
        return StandaloneSignalSerializer

    def get_queryset(self):
        user = self.request.user
        standalone = perms.visible_standalone_signals(user)
        if self.action in ("list", "retrieve", "create"):
            return standalone.select_related("kelurahan").prefetch_related("history")
        return EarlyWarningSignal.objects.filter(
            Q(report__in=perms.visible_reports(user)) | Q(pk__in=standalone.values("pk"))
        ).select_related("report")

    @extend_schema(summary="Own early-warning signals filed without a visit report")
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(summary="One early-warning signal filed without a visit report")
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(
        summary="File an early-warning signal on its own, without a visit report",
        description=(
            "Officers only, for their own kelurahan. `Idempotency-Key` is required: a retry with the "
            "same key answers the first result and never files a second signal. A high-severity "
            "signal alerts the officer's supervisors and the leadership group once, after commit."
        ),
        parameters=[
            OpenApiParameter(
                IDEMPOTENCY_HEADER,
                str,
                OpenApiParameter.HEADER,
                required=True,
                description="A new random key (e.g. a UUID) per signal, reused on every retry.",
            )
        ],
        responses={201: StandaloneSignalSerializer},
    )
    @idempotent
    def create(self, request, *args, **kwargs):
        if not request.headers.get(IDEMPOTENCY_HEADER):
            exc = exceptions.ValidationError(
                {IDEMPOTENCY_HEADER: [_("Send an Idempotency-Key header with this request.")]}
            )
            exc.error_code = "idempotency_key_required"
            raise exc
        officer = perms.officer_of(request.user)
        if officer is None or not officer.active:
            raise exceptions.PermissionDenied(_("Only active officers file early-warning signals."))
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        signal = EarlyWarningSignal.file_standalone(
            officer=officer,
            kelurahan=data["kelurahan"],
            category=data["category"],
            severity=data["severity"],
            description=data["description"],
            observed_at=data.get("observed_at"),
            user=request.user,
        )
        alerts.alert_standalone_signal(signal)
        return Response(
            self.get_serializer(self.get_queryset().get(pk=signal.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        summary="Change an early-warning signal's status (recorded in its history)",
        request=SignalStatusSerializer,
    )
    @idempotent
    def partial_update(self, request, pk=None):
        signal = self.get_object()
        body = self.get_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            signal.change_status(
                body.validated_data["status"], request.user, body.validated_data.get("note", "")
            )
        except TransitionError as error:
            raise_transition(error)
        history = [
            {"from": h.from_status, "to": h.to_status, "at": h.changed_at, "note": h.note}
            for h in signal.history.all()
        ]
        return Response({"id": signal.pk, "status": signal.status, "history": history})


class MeView(FieldViewMixin, viewsets.ViewSet):
    @extend_schema(
        summary="The signed-in officer and their assigned kelurahan",
        responses={200: OpenApiTypes.OBJECT},
    )
    def list(self, request):
        officer = perms.officer_of(request.user)
        kelurahan = roles.filing_kelurahan(officer) if officer else []
        return Response(
            {
                "officer": {
                    "id": officer.pk,
                    "name": officer.name,
                    "rank": officer.rank,
                    "unit": officer.unit.name,
                }
                if officer
                else None,
                "kelurahan": [
                    {"code": k.code, "name": k.name, "kecamatan": k.kecamatan.name}
                    for k in kelurahan
                ],
                "can_review": request.user.has_perm(perms.REVIEW_PERM)
                or perms.is_unit_head(request.user),
                **unit_profile(officer),
            }
        )


def unit_profile(officer):
    """The officer's Satbinmas unit, the activity types they file and the registers their forms
    choose from (openinfo/satbinmas/roles.py); for /field/me/ and the field app's options."""
    membership = roles.membership_of(officer)
    return {
        "satbinmas_unit": {
            "code": roles.unit_code_of(officer),
            "name": membership.unit.short_name if membership else "Bhabinkamtibmas",
            "role": membership.role if membership else "member",
            "citywide": roles.works_citywide(officer),
        }
        if officer
        else None,
        "activity_types": [
            {"value": kind, "label": str(ActivityType(kind).label)}
            for kind in roles.activity_types_for(officer)
        ]
        if officer
        else [],
        "siskamling_posts": _register(officer, "siskamling_check", SiskamlingPost),
        "fkpm_forums": _register(officer, "fkpm_meeting", FkpmForum),
    }


def _register(officer, activity_type, model):
    """Posts or forums for the officer's form, when their unit records that activity type."""
    if officer is None or not roles.may_file_type(officer, activity_type):
        return []
    rows = model.objects.select_related("kelurahan")
    rows = rows.filter(retired=False) if model is SiskamlingPost else rows.filter(active=True)
    return [
        {
            "id": row.pk,
            "name": row.name,
            "kelurahan": row.kelurahan.code,
            **({"rw": row.rw} if model is SiskamlingPost else {}),
        }
        for row in rows
    ]
