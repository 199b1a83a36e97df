"""`/api/v1/disclosures/`: the public register (DIP) for partner apps.

Public fields only, listed explicitly; exempt items carry their legal basis and consequence
test but never their content or documents.
"""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_field,
    extend_schema_serializer,
    extend_schema_view,
)
from rest_framework import serializers, viewsets

from core.filters import IntegerFilter, StrictFilterSet
from core.reads import PartnerReadMixin
from home.models import PoliceUnit
from openinfo.models import Category, PublicInformation
from partners import changes


# OpenAPI component names stay as published to partners (Disclosure, DisclosureDocument).
@extend_schema_serializer(component_name="DisclosureDocument")
class RegisterItemDocumentSerializer(serializers.Serializer):
    title = serializers.CharField()
    url = serializers.SerializerMethodField()
    file_extension = serializers.CharField()

    def get_url(self, document) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(document.url) if request else document.url


@extend_schema_serializer(component_name="Disclosure")
class RegisterItemSerializer(serializers.ModelSerializer):
    category_label = serializers.CharField(source="get_category_display", read_only=True)
    unit = serializers.SerializerMethodField()
    body = serializers.SerializerMethodField()
    formats = serializers.SerializerMethodField()
    exemption_basis_label = serializers.SerializerMethodField()
    documents = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = PublicInformation
        fields = [
            "id",
            "slug",
            "title",
            "category",
            "category_label",
            "summary",
            "body",
            "unit",
            "holding_official",
            "responsible_official",
            "created_on",
            "created_place",
            "year",
            "period",
            "formats",
            "retention_period",
            "exemption_basis",
            "exemption_basis_label",
            "consequence_test_summary",
            "documents",
            "url",
            "updated_at",
        ]

    @extend_schema_field(serializers.DictField(allow_null=True))
    def get_unit(self, obj):
        return {"slug": obj.unit.slug, "name": obj.unit.name} if obj.unit_id else None

    def get_body(self, obj) -> str | None:
        return None if obj.is_exempt else obj.body

    def get_formats(self, obj) -> list[str]:
        return [
            name
            for name, ok in [
                ("softcopy", obj.available_softcopy),
                ("hardcopy", obj.available_hardcopy),
            ]
            if ok
        ]

    def get_exemption_basis_label(self, obj) -> str | None:
        return str(obj.get_exemption_basis_display()) if obj.is_exempt else None

    @extend_schema_field(RegisterItemDocumentSerializer(many=True))
    def get_documents(self, obj):
        return RegisterItemDocumentSerializer(
            obj.public_documents(), many=True, context=self.context
        ).data

    def get_url(self, obj) -> str:
        request = self.context.get("request")
        url = obj.get_absolute_url()
        return request.build_absolute_uri(url) if request else url


class RegisterItemFilter(StrictFilterSet):
    category = django_filters.ChoiceFilter(choices=Category.choices)
    year = IntegerFilter(field_name="year")
    unit = django_filters.ModelChoiceFilter(
        field_name="unit",
        to_field_name="slug",
        queryset=PoliceUnit.objects.all(),
        error_messages={"invalid_choice": _("Unknown unit: %(value)s.")},
    )

    class Meta:
        model = PublicInformation
        fields = ["category", "year", "unit"]


@extend_schema_view(
    list=extend_schema(summary="Register of public information (DIP), filterable"),
    retrieve=extend_schema(summary="One register item by slug"),
)
class RegisterItemViewSet(PartnerReadMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = RegisterItemSerializer
    filterset_class = RegisterItemFilter
    lookup_field = "slug"
    ordering = ["-updated_at", "-id"]
    ordering_fields = ["updated_at", "year", "title"]
    etag_dependencies = (PoliceUnit,)  # unit names appear in the items

    def get_queryset(self):
        return PublicInformation.objects.for_public().order_by("-updated_at", "-id")


def public_register_items():
    return PublicInformation.objects.for_public()


def register_public_types():
    """Register items join the partners' change log and webhooks (`disclosure.*`). Public means what
    this API serves: live items, exempt ones included (with their legal basis and consequence test,
    never their content or documents). Unpublishing is a delete for partners; saving a draft of a
    live item (which touches only its revision bookkeeping) is not a change."""
    changes.register_public_type(
        "disclosure",
        PublicInformation,
        queryset=public_register_items,
        serializer_class=RegisterItemSerializer,
        is_public=lambda item: item.live,
        ignore_update_fields={
            "latest_revision",
            "has_unpublished_changes",
            "draft_title",
            "live_revision",
            "workflow_state",
            "locked",
            "locked_at",
            "locked_by",
        },
    )
