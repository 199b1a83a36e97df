"""Regions, police units and officers in the public API (`/api/v1/regions/`, `/api/v1/officers/`)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, viewsets

from core import contentcache
from core.filters import StrictFilterSet  # noqa: F401  (re-exported for the apps)
from core.reads import PartnerReadMixin
from home.finder import preferred_units
from home.models import Kecamatan, Kelurahan, Officer, PoliceUnit
from partners import changes


class CodeChoiceFilter(django_filters.ModelChoiceFilter):
    """Filters by Kemendagri code; an unknown code is a 400, not an empty list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "code")
        kwargs.setdefault("error_messages", {"invalid_choice": _("Unknown code: %(value)s.")})
        super().__init__(*args, **kwargs)


class Meta:
    abstract = True


class PoliceUnitRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = PoliceUnit
        fields = ["slug", "name", "kind", "phone"]


class KelurahanSerializer(serializers.ModelSerializer):
    class Meta:
        model = Kelurahan
        fields = ["code", "name", "slug", "aliases"]


class KecamatanSerializer(serializers.ModelSerializer):
    kelurahan = KelurahanSerializer(many=True, read_only=True)
    police_units = serializers.SerializerMethodField()

    class Meta:
        model = Kecamatan
        fields = ["code", "name", "slug", "kelurahan", "police_units"]

    @extend_schema_field(PoliceUnitRefSerializer(many=True))
    def get_police_units(self, obj):
        return PoliceUnitRefSerializer(preferred_units(obj.police_units.all()), many=True).data


class PoliceUnitSerializer(serializers.ModelSerializer):
    covered_kecamatan = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = PoliceUnit
        fields = ["slug", "name", "kind", "phone", "address", "covered_kecamatan"]


class KelurahanRefSerializer(serializers.ModelSerializer):
    kecamatan = serializers.CharField(source="kecamatan.name")
    kecamatan_code = serializers.CharField(source="kecamatan.code")

    class Meta:
        model = Kelurahan
        fields = ["code", "name", "kecamatan", "kecamatan_code"]


class OfficerSerializer(serializers.ModelSerializer):
    """Public fields only: never NRP, never numbers the officer did not agree to publish."""

    unit = PoliceUnitRefSerializer(read_only=True)
    kelurahan = KelurahanRefSerializer(many=True, read_only=True)
    photo_url = serializers.SerializerMethodField()
    phone = serializers.CharField(source="public_phone", read_only=True)
    whatsapp = serializers.CharField(source="public_whatsapp", read_only=True)

    class Meta:
        model = Officer
        fields = ["id", "name", "rank", "photo_url", "unit", "kelurahan", "phone", "whatsapp"]

    def get_photo_url(self, obj) -> str | None:
        if not obj.photo_id:
            return None
        request = self.context.get("request")
        url = obj.photo.file.url
        return request.build_absolute_uri(url) if request else url


class OfficerFilter(StrictFilterSet):
    kelurahan = CodeChoiceFilter(
        field_name="kelurahan",
        queryset=Kelurahan.objects.all(),
        help_text=_("Kemendagri code of a kelurahan, e.g. 36.71.01.1001"),
    )
    kecamatan = CodeChoiceFilter(
        field_name="kelurahan__kecamatan",
        queryset=Kecamatan.objects.all(),
        distinct=True,
        help_text=_("Kemendagri code of a kecamatan, e.g. 36.71.01"),
    )
    unit = django_filters.ModelChoiceFilter(
        field_name="unit", to_field_name="slug", queryset=PoliceUnit.objects.all()
    )

    class Meta:
        model = Officer
        fields = ["kelurahan", "kecamatan", "unit"]


@extend_schema_view(
    list=extend_schema(summary="Kecamatan with their kelurahan and covering police units"),
    retrieve=extend_schema(summary="One kecamatan by its Kemendagri code"),
)
class RegionViewSet(PartnerReadMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = KecamatanSerializer
    lookup_field = "code"
    lookup_value_regex = r"[0-9.]+"
    ordering = ["code"]
    ordering_fields = ["code", "name"]
    filter_backends = []
    pagination_class = None
    etag_dependencies = (Kelurahan, PoliceUnit)

    def get_queryset(self):
        return Kecamatan.objects.prefetch_related("kelurahan", "police_units").order_by("code")


@extend_schema_view(list=extend_schema(summary="Police units (Polres and Polsek)"))
class PoliceUnitViewSet(PartnerReadMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = PoliceUnitSerializer
    lookup_field = "slug"
    etag_dependencies = (Kecamatan,)
    pagination_class = None
    filter_backends = []

    def get_queryset(self):
        return PoliceUnit.objects.prefetch_related("covered_kecamatan").order_by("kind", "name")


@extend_schema_view(
    list=extend_schema(
        summary="Bhabinkamtibmas officers, filterable by kelurahan, kecamatan, unit"
    ),
)
class OfficerViewSet(PartnerReadMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = OfficerSerializer
    filterset_class = OfficerFilter
    ordering = ["name", "id"]
    ordering_fields = ["name", "id"]
    etag_dependencies = (PoliceUnit, Kelurahan, Kecamatan)

    def get_queryset(self):
        return Officer.objects.for_public()


def register_public_types():
    """Officers join the partners' change log and webhooks (`officer.published|updated|unpublished`);
    an inactive officer counts as deleted. Areas, units and the portal settings (every page's footer)
    are shown by public reads too: their changes bump content versions (core/contentcache.py)."""
    from home.models import PortalSettings

    contentcache.track(Kecamatan, Kelurahan, PoliceUnit, PortalSettings)
    changes.register_public_type(
        "officer",
        Officer,
        queryset=Officer.objects.for_public,
        serializer_class=OfficerSerializer,
        is_public=lambda officer: officer.active,
    )
