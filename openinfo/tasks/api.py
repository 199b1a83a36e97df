"""Field API for tasks: /api/v1/field/tasks/ (the officers' token, as the other field endpoints).

- GET  /field/tasks/                  the tasks this user holds or assigned: open ones and those
                                      closed in the last 30 days (at most 200), with their timeline
                                      and, for the assignee, the reports that could complete them
- POST /field/tasks/                  assign a task (heads of a unit, leadership; Idempotency-Key)
- GET  /field/tasks/{id}/             one task
- POST /field/tasks/{id}/comment/     `text`
- POST /field/tasks/{id}/start/       the assignee has started
- POST /field/tasks/{id}/complete/    `report` (id of the fulfilling activity report), `note`
- POST /field/tasks/{id}/cancel/      `reason` (the assigner, the unit's head, leadership)
Tasks a user may not see answer 404. Every write accepts an `Idempotency-Key`.
"""

from datetime import timedelta

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.errors import TransitionError
from home.models import Kelurahan, Officer
from openinfo.models import ActivityType, EarlyWarningSignal, SatbinmasUnit, VisitReport
from openinfo.reports.models import ResidentMessage
from openinfo.tasks import permissions as perms
from openinfo.tasks.models import MAX_TEXT, Task, TaskEvent, TaskStatus
from openinfo.visits.field_api import FieldViewMixin, raise_transition
from partners.idempotency import HEADER as IDEMPOTENCY_HEADER
from partners.idempotency import idempotent

RECENT_DAYS = 30
LIST_LIMIT = 200


def person(user):
    if user is None:
        return ""
    officer = getattr(user, "officer", None)
    return f"{officer.rank} {officer.name}" if officer else user.get_full_name() or user.username


class TaskSerializer(serializers.ModelSerializer):
    activity_type_label = serializers.CharField(source="get_activity_type_display")
    status_label = serializers.CharField(source="get_status_display")
    kelurahan = serializers.SerializerMethodField()
    assignee = serializers.SerializerMethodField()
    assigned_by = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()
    events = serializers.SerializerMethodField()
    can_work = serializers.SerializerMethodField()
    candidate_reports = serializers.SerializerMethodField()

    class Meta:
        model = Task
        fields = [
            "id",
            "activity_type",
            "activity_type_label",
            "kelurahan",
            "place",
            "due_date",
            "instructions",
            "assignee",
            "assigned_by",
            "status",
            "status_label",
            "overdue",
            "signal",
            "resident_message",
            "fulfilled_by",
            "completed_at",
            "created_at",
            "updated_at",
            "events",
            "can_work",
            "candidate_reports",
        ]

    def get_kelurahan(self, obj) -> dict | None:
        k = obj.kelurahan
        return {"code": k.code, "name": k.name} if k else None

    def get_assignee(self, obj) -> dict:
        if obj.assignee_officer_id:
            o = obj.assignee_officer
            return {"kind": "officer", "id": o.pk, "name": f"{o.rank} {o.name}"}
        u = obj.assignee_unit
        return {"kind": "unit", "id": u.pk, "code": u.code, "name": str(u)}

    def get_assigned_by(self, obj) -> str:
        return person(obj.created_by)

    def get_overdue(self, obj) -> bool:
        return obj.is_overdue(self.context.get("today"))

    def get_events(self, obj) -> list[dict]:
        return [
            {
                "kind": e.kind,
                "label": str(e.get_kind_display()),
                "by": person(e.user),
                "text": e.text,
                "status": e.to_status,
                "status_label": str(e.status_label),
                "at": e.at,
            }
            for e in obj.events.all()
        ]

    def get_can_work(self, obj) -> bool:
        return obj.is_open and perms.can_work_on(self.context["request"].user, obj)

    def get_candidate_reports(self, obj) -> list[dict]:
        if not self.get_can_work(obj):
            return []
        reports = self.context.get("reports")
        if reports is None:
            reports = list(perms.candidate_reports(self.context["request"].user, obj))
        return [
            {
                "id": r.pk,
                "label": f"No. {r.pk} · {r.get_activity_type_display()} · {r.kelurahan.name} · "
                f"{timezone.localtime(r.started_at):%d-%m-%Y}",
                "status": r.status,
            }
            for r in reports
            if obj.report_may_fulfil(r) is None
        ]


class TaskCreateSerializer(serializers.Serializer):
    activity_type = serializers.ChoiceField(choices=ActivityType.choices)
    assignee_officer = serializers.PrimaryKeyRelatedField(
        queryset=Officer.objects.select_related("satbinmas_membership"),
        required=False,
        allow_null=True,
    )
    assignee_unit = serializers.SlugRelatedField(
        slug_field="code", queryset=SatbinmasUnit.objects.all(), required=False, allow_null=True
    )
    kelurahan = serializers.SlugRelatedField(
        slug_field="code", queryset=Kelurahan.objects.all(), required=False, allow_null=True
    )
    place = serializers.CharField(max_length=200, required=False, allow_blank=True)
    due_date = serializers.DateField()
    instructions = serializers.CharField(max_length=MAX_TEXT)
    signal = serializers.PrimaryKeyRelatedField(
        queryset=EarlyWarningSignal.objects.all(), required=False, allow_null=True
    )
    resident_message = serializers.PrimaryKeyRelatedField(
        queryset=ResidentMessage.objects.all(), required=False, allow_null=True
    )

    def validate_due_date(self, value):
        if value < timezone.localdate():
            raise serializers.ValidationError(_("The due date cannot be in the past."))
        return value

    def validate(self, attrs):
        user = self.context["request"].user
        officer, unit = attrs.get("assignee_officer"), attrs.get("assignee_unit")
        if (officer is None) == (unit is None):
            raise serializers.ValidationError(
                {"assignee": [_("Choose either one officer or one unit.")]}
            )
        if not perms.may_assign_to(user, officer=officer, unit=unit):
            raise serializers.ValidationError(
                {"assignee": [_("You may assign tasks only to your own unit and its members.")]}
            )
        signal = attrs.get("signal")
        if signal is not None and not perms.may_link_signal(user, signal):
            raise serializers.ValidationError({"signal": [_("This signal is not yours to link.")]})
        return attrs


class CommentSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=MAX_TEXT)


class CompleteSerializer(serializers.Serializer):
    report = serializers.IntegerField(help_text="The id of the activity report that fulfils it.")
    note = serializers.CharField(required=False, allow_blank=True, max_length=MAX_TEXT)


class CancelSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=MAX_TEXT)


class FieldTaskViewSet(
    FieldViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = TaskSerializer
    permission_classes = [perms.TaskPermission]
    pagination_class = None
    filter_backends = []

    def get_queryset(self):
        return (
            perms.visible_tasks(self.request.user)
            .select_related(
                "kelurahan",
                "assignee_officer",
                "assignee_unit",
                "created_by__officer",
            )
            .prefetch_related(
                Prefetch("events", queryset=TaskEvent.objects.select_related("user__officer"))
            )
        )

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["today"] = timezone.localdate()
        return context

    def _reports_for(self, tasks):
        """One query for every report that could complete one of these tasks (each task then
        keeps those `report_may_fulfil` accepts)."""
        open_tasks = [t for t in tasks if t.is_open]
        if not open_tasks:
            return []
        officers = {t.assignee_officer_id for t in open_tasks if t.assignee_officer_id}
        units = {t.assignee_unit_id for t in open_tasks if t.assignee_unit_id}
        return list(
            VisitReport.objects.filter(
                Q(officer_id__in=officers) | Q(officer__satbinmas_membership__unit_id__in=units),
                activity_type__in={t.activity_type for t in open_tasks},
                status__in=("submitted", "approved"),
                created_at__gte=min(t.created_at for t in open_tasks),
            )
            .select_related("kelurahan", "officer__satbinmas_membership")
            .order_by("-started_at")[:500]
        )

    @extend_schema(summary="The tasks this user holds or assigned, with their timelines")
    def list(self, request, *args, **kwargs):
        since = timezone.now() - timedelta(days=RECENT_DAYS)
        tasks = list(
            self.get_queryset()
            .filter(
                Q(status__in=(TaskStatus.OPEN, TaskStatus.IN_PROGRESS)) | Q(updated_at__gte=since)
            )
            .order_by("due_date", "pk")[:LIST_LIMIT]
        )
        context = {**self.get_serializer_context(), "reports": self._reports_for(tasks)}
        data = TaskSerializer(tasks, many=True, context=context).data
        return Response({"count": len(data), "results": data, "server_time": timezone.now()})

    @extend_schema(summary="One task with its timeline")
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    def _answer(self, task, code=status.HTTP_200_OK):
        task = self.get_queryset().get(pk=task.pk)
        return Response(self.get_serializer(task).data, status=code)

    @extend_schema(
        summary="Assign a task (head of a unit: own unit and its members; leadership: any)",
        request=TaskCreateSerializer,
        responses={201: TaskSerializer},
    )
    @idempotent
    def create(self, request, *args, **kwargs):
        if not perms.can_assign(request.user):
            raise exceptions.PermissionDenied(
                _("Only heads of a unit and leadership assign tasks.")
            )
        body = TaskCreateSerializer(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        data = body.validated_data
        try:
            task, created = Task.assign(
                created_by=request.user,
                activity_type=data["activity_type"],
                due_date=data["due_date"],
                instructions=data["instructions"],
                officer=data.get("assignee_officer"),
                unit=data.get("assignee_unit"),
                kelurahan=data.get("kelurahan"),
                place=data.get("place", ""),
                signal=data.get("signal"),
                resident_message=data.get("resident_message"),
                key=request.headers.get(IDEMPOTENCY_HEADER) or None,
            )
        except TransitionError as error:
            raise_transition(error)
        return self._answer(task, status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(summary="Comment on a task", request=CommentSerializer, responses=TaskSerializer)
    @action(detail=True, methods=["post"])
    @idempotent
    def comment(self, request, pk=None):
        task = self.get_object()
        body = CommentSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            task.comment(request.user, body.validated_data["text"])
        except TransitionError as error:
            raise_transition(error)
        return self._answer(task)

    @extend_schema(summary="The assignee has started on the task", request=None)
    @action(detail=True, methods=["post"])
    @idempotent
    def start(self, request, pk=None):
        task = self.get_object()
        try:
            task.start(request.user)
        except TransitionError as error:
            raise_transition(error)
        return self._answer(task)

    @extend_schema(
        summary="Complete the task with the activity report that fulfils it",
        request=CompleteSerializer,
        responses=TaskSerializer,
    )
    @action(detail=True, methods=["post"])
    @idempotent
    def complete(self, request, pk=None):
        task = self.get_object()
        body = CompleteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        report = (
            VisitReport.objects.select_related("officer__satbinmas_membership")
            .filter(pk=body.validated_data["report"])
            .first()
        )
        if report is None:
            raise_transition(
                TransitionError(
                    _("Choose the activity report that fulfils the task."),
                    code="validation_error",
                    status=400,
                    fields={"report": [str(_("This report does not exist."))]},
                )
            )
        try:
            task.complete(request.user, report, body.validated_data.get("note", ""))
        except TransitionError as error:
            raise_transition(error)
        return self._answer(task)

    @extend_schema(summary="Cancel a task", request=CancelSerializer, responses=TaskSerializer)
    @action(detail=True, methods=["post"])
    @idempotent
    def cancel(self, request, pk=None):
        task = self.get_object()
        body = CancelSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            task.cancel(request.user, body.validated_data["reason"])
        except TransitionError as error:
            raise_transition(error)
        return self._answer(task)
