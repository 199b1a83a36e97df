"""Public visit summaries: /api/v1/visits/ (approved reports, public fields only) and
/api/v1/stats/visits/ (aggregates by area, activity type and month, from the daily aggregate table)."""

import django_filters
from django.db.models import Count, Prefetch, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, views, viewsets
from rest_framework.response import Response

from core.reads import PartnerReadMixin
from counselling.models import CounsellingArticlePage, Topic
from home.api import CodeChoiceFilter, StrictFilterSet
from home.models import Kecamatan, Kelurahan, Officer
from openinfo.models import ActivityType, VisitDailyStat, VisitReport, VisitStatus
from partners import changes


class VisitAreaSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    slug = serializers.CharField()


class PublicParticipantSerializer(serializers.Serializer):
    role = serializers.CharField()
    label = serializers.CharField(source="get_role_display")
    count = serializers.IntegerField()


class PublicTopicSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class PublicArticleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, obj) -> str | None:
        request = self.context.get("request")
        url = obj.get_url(request=request)
        return request.build_absolute_uri(url) if (request and url) else url


class PublicOfficerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    rank = serializers.CharField()


PUBLIC_DETAILS_SCHEMA = {
    "type": "object",
    "nullable": True,
    "description": (
        "The public fields of the activity type's own details (null for the types without "
        "public details): siskamling_check {post, post_active}; fkpm_meeting {forum}; "
        "bintibsos_session {audience_kind, audience_kind_label, audience_name, attendees}."
    ),
    "properties": {
        "post": {"type": "string", "description": "Siskamling post name"},
        "post_active": {"type": "boolean"},
        "forum": {"type": "string", "description": "FKPM forum name"},
        "audience_kind": {"type": "string"},
        "audience_kind_label": {"type": "string"},
        "audience_name": {"type": "string"},
        "attendees": {"type": "integer"},
    },
    "additionalProperties": False,
}

# The detail rows a public item reads (their PUBLIC_FIELDS only), one join each.
PUBLIC_DETAIL_RELATED = ("siskamling_detail__post", "fkpm_detail__forum", "guidance_detail")


class PublicVisitSerializer(serializers.ModelSerializer):
    """Only VisitReport.PUBLIC_FIELDS: never notes, names, RT, photos or signals; of the unit-
    specific details only each detail model's PUBLIC_FIELDS (`details`, added with the other
    Satbinmas units' activities; null for the Bhabinkamtibmas visit types)."""

    url = serializers.SerializerMethodField()
    activity_type_label = serializers.CharField(source="get_activity_type_display")
    kecamatan = VisitAreaSerializer(source="kelurahan.kecamatan")
    kelurahan = VisitAreaSerializer()
    participants = PublicParticipantSerializer(many=True)
    topics = PublicTopicSerializer(many=True)
    articles = PublicArticleSerializer(many=True)
    officer = PublicOfficerSerializer()
    details = serializers.SerializerMethodField()

    class Meta:
        model = VisitReport
        fields = [
            "id",
            "url",
            "activity_type",
            "activity_type_label",
            "started_at",
            "duration_minutes",
            "kecamatan",
            "kelurahan",
            "rw",
            "participants",
            "participant_total",
            "topics",
            "articles",
            "public_summary",
            "officer",
            "approved_at",
            "updated_at",
            "details",
        ]

    @extend_schema_field(PUBLIC_DETAILS_SCHEMA)
    def get_details(self, obj):
        return obj.public_details()

    def get_url(self, obj) -> str:
        request = self.context.get("request")
        url = obj.get_public_url()
        return request.build_absolute_uri(url) if request else url


class VisitFilter(StrictFilterSet):
    kecamatan = CodeChoiceFilter(
        field_name="kecamatan",
        queryset=Kecamatan.objects.all(),
        help_text=_("Kemendagri code of a kecamatan, e.g. 36.71.01"),
    )
    kelurahan = CodeChoiceFilter(
        field_name="kelurahan",
        queryset=Kelurahan.objects.all(),
        help_text=_("Kemendagri code of a kelurahan, e.g. 36.71.01.1001"),
    )
    type = django_filters.ChoiceFilter(field_name="activity_type", choices=ActivityType.choices)
    date_from = django_filters.DateFilter(field_name="visit_date", lookup_expr="gte")
    date_to = django_filters.DateFilter(field_name="visit_date", lookup_expr="lte")

    class Meta:
        model = VisitReport
        fields = ["kecamatan", "kelurahan", "type", "date_from", "date_to"]


def public_visits():
    return (
        VisitReport.objects.published()
        .select_related("kelurahan__kecamatan", "officer", *PUBLIC_DETAIL_RELATED)
        .prefetch_related(
            "participants",
            "topics",
            Prefetch("articles", queryset=CounsellingArticlePage.objects.live().public()),
        )
    )


@extend_schema_view(
    list=extend_schema(summary="Approved visit summaries (public fields only)"),
    retrieve=extend_schema(summary="One approved visit summary"),
)
class PublicVisitViewSet(PartnerReadMixin, viewsets.ReadOnlyModelViewSet):
    queryset = VisitReport.objects.none()  # for the schema; get_queryset() is what runs
    serializer_class = PublicVisitSerializer
    filterset_class = VisitFilter
    ordering = ("-started_at", "-id")
    ordering_fields = ["started_at", "id"]
    # Area, officer and topic names and the linked live articles appear in the items.
    etag_dependencies = (
        Kecamatan,
        Kelurahan,
        Officer,
        Topic,
        (lambda: CounsellingArticlePage.objects.live().public(), "last_published_at"),
    )

    def get_queryset(self):
        return public_visits()


class StatsFilter(StrictFilterSet):
    kecamatan = CodeChoiceFilter(field_name="kecamatan", queryset=Kecamatan.objects.all())
    kelurahan = CodeChoiceFilter(field_name="kelurahan", queryset=Kelurahan.objects.all())
    type = django_filters.ChoiceFilter(field_name="activity_type", choices=ActivityType.choices)
    date_from = django_filters.DateFilter(field_name="day", lookup_expr="gte")
    date_to = django_filters.DateFilter(field_name="day", lookup_expr="lte")

    class Meta:
        model = VisitDailyStat
        fields = ["kecamatan", "kelurahan", "type", "date_from", "date_to"]


def visit_stats(queryset):
    """Aggregates of approved visits over a VisitDailyStat queryset."""
    labels = dict(ActivityType.choices)
    totals = queryset.aggregate(visits=Sum("visits"), participants=Sum("participants"))
    by_kecamatan = (
        queryset.values("kecamatan__code", "kecamatan__name", "kecamatan__slug")
        .annotate(visits=Sum("visits"))
        .order_by("kecamatan__name")
    )
    by_kelurahan = (
        queryset.values("kelurahan__code", "kelurahan__name", "kelurahan__slug", "kecamatan__code")
        .annotate(visits=Sum("visits"), days=Count("day", distinct=True))
        .order_by("kecamatan__code", "kelurahan__name")
    )
    by_type = (
        queryset.values("activity_type").annotate(visits=Sum("visits")).order_by("activity_type")
    )
    by_month = (
        queryset.annotate(month=TruncMonth("day"))
        .values("month")
        .annotate(visits=Sum("visits"))
        .order_by("month")
    )
    return {
        "total_visits": totals["visits"] or 0,
        "total_participants": totals["participants"] or 0,
        "by_kecamatan": [
            {
                "code": r["kecamatan__code"],
                "name": r["kecamatan__name"],
                "slug": r["kecamatan__slug"],
                "visits": r["visits"],
            }
            for r in by_kecamatan
        ],
        "by_kelurahan": [
            {
                "code": r["kelurahan__code"],
                "name": r["kelurahan__name"],
                "slug": r["kelurahan__slug"],
                "kecamatan_code": r["kecamatan__code"],
                "visits": r["visits"],
            }
            for r in by_kelurahan
        ],
        "by_type": [
            {
                "activity_type": r["activity_type"],
                "label": str(labels.get(r["activity_type"], "")),
                "visits": r["visits"],
            }
            for r in by_type
        ],
        "by_month": [
            {"month": r["month"].strftime("%Y-%m"), "visits": r["visits"]} for r in by_month
        ],
    }


class VisitStatsView(views.APIView):
    @extend_schema(
        summary="Approved visits aggregated by area, activity type and month",
        parameters=[
            OpenApiParameter("kecamatan", str, description="Kemendagri code of a kecamatan"),
            OpenApiParameter("kelurahan", str, description="Kemendagri code of a kelurahan"),
            OpenApiParameter("type", str, enum=ActivityType.values),
            OpenApiParameter("date_from", OpenApiTypes.DATE),
            OpenApiParameter("date_to", OpenApiTypes.DATE),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        filterset = StatsFilter(
            request.query_params, queryset=VisitDailyStat.objects.public(), request=request
        )
        if not filterset.is_valid():
            from rest_framework.exceptions import ValidationError

            raise ValidationError(filterset.errors)
        return Response(visit_stats(filterset.qs))


def register_public_types():
    """Approved visit summaries join the partners' change log and webhooks (`visit.*`); a report
    that is not (or no longer) approved is not public. Only the public serializer's fields leave."""
    changes.register_public_type(
        "visit",
        VisitReport,
        queryset=public_visits,
        serializer_class=PublicVisitSerializer,
        is_public=lambda report: report.status == VisitStatus.APPROVED and report.is_public_type,
        ignore_update_fields={"latest_revision"},  # the revision each transition records
    )
