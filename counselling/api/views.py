"""Counselling in the public API (`/api/v1/articles/`, `/topics/`, `/legal-references/`).

Only live, public articles appear: drafts, unpublished, private and scheduled pages never do.
"""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import viewsets
from wagtail.images import get_image_model

from core import contentcache
from core.reads import PartnerReadMixin
from counselling.api.serializers import (
    ArticleDetailSerializer,
    ArticleListSerializer,
    LegalReferenceSerializer,
    TopicSerializer,
    api_listing,
    live_index_page,
    live_index_pages,
)
from counselling.models import (
    Audience,
    CounsellingArticlePage,
    LegalReference,
    Topic,
    published_articles,
    with_listing_relations,
)
from home.api import CodeChoiceFilter, StrictFilterSet
from home.models import Kecamatan, Kelurahan
from partners import changes

# --- filters and viewsets --------------------------------------------------------------------


@extend_schema_field(OpenApiTypes.STR)
class KecamatanCodeFilter(CodeChoiceFilter):
    """A kecamatan code; matches articles targeting the kecamatan or one of its kelurahan."""


class ArticleFilter(StrictFilterSet):
    topic = django_filters.ModelChoiceFilter(
        field_name="topics",
        to_field_name="slug",
        queryset=Topic.objects.all(),
        help_text=_("Topic slug"),
    )
    audience = django_filters.ModelChoiceFilter(
        field_name="audiences",
        to_field_name="slug",
        queryset=Audience.objects.all(),
        help_text=_("Audience slug, e.g. pelajar"),
    )
    kecamatan = KecamatanCodeFilter(
        queryset=Kecamatan.objects.all(),
        method="filter_kecamatan",
        help_text=_("Kemendagri code of the target kecamatan"),
    )
    kelurahan = CodeChoiceFilter(
        field_name="target_kelurahan",
        queryset=Kelurahan.objects.all(),
        help_text=_("Kemendagri code of the target kelurahan"),
    )
    legal_reference = django_filters.ModelChoiceFilter(
        field_name="legal_references",
        queryset=LegalReference.objects.all(),
        help_text=_("Id of a legal reference"),
    )

    class Meta:
        model = CounsellingArticlePage
        fields = ["topic", "audience", "kecamatan", "kelurahan", "legal_reference"]

    def filter_kecamatan(self, queryset, name, value):
        return queryset.filter(Q(target_kecamatan=value) | Q(target_kelurahan__kecamatan=value))


@extend_schema_view(
    list=extend_schema(summary="Published counselling articles (cursor-paginated, filterable)"),
    retrieve=extend_schema(
        summary="One published article by slug: typed body blocks and sanitised HTML"
    ),
)
class ArticleViewSet(PartnerReadMixin, viewsets.ReadOnlyModelViewSet):
    """`updated_since` and the validators use `last_published_at` (every publish moves it)."""

    filterset_class = ArticleFilter
    lookup_field = "slug"
    ordering = ["-last_published_at", "-id"]
    ordering_fields = ["last_published_at", "first_published_at", "title", "id"]
    queryset = CounsellingArticlePage.objects.none()  # for the schema; get_queryset is the truth
    updated_field = "last_published_at"
    # Names of topics, audiences and target areas appear in every item.
    etag_dependencies = (Topic, Audience, Kecamatan, Kelurahan, get_image_model())

    def get_etag_dependencies(self):
        if self.action == "retrieve":
            # The detail also shows its references and related (live) articles.
            return (
                *self.etag_dependencies,
                LegalReference,
                (published_articles, "last_published_at"),
            )
        return self.etag_dependencies

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return CounsellingArticlePage.objects.none()
        # No DISTINCT: each filter matches one value of a many-to-many (at most one row per article).
        return api_listing(published_articles())

    def get_serializer_class(self):
        return ArticleDetailSerializer if self.action == "retrieve" else ArticleListSerializer

    def get_object(self):
        queryset = with_listing_relations(published_articles()).prefetch_related("legal_references")
        page = queryset.filter(slug=self.kwargs["slug"]).first()
        if page is None:
            from django.http import Http404

            raise Http404
        return page


@extend_schema_view(list=extend_schema(summary="Topics of the legal guidance"))
class TopicViewSet(PartnerReadMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = TopicSerializer
    lookup_field = "slug"
    pagination_class = None
    filter_backends = []
    etag_dependencies = ((live_index_pages, "last_published_at"),)  # the topics' URLs

    def get_queryset(self):
        return Topic.objects.order_by("order", "name")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False):
            context["index_page"] = live_index_page()
        return context


class LegalReferenceFilter(StrictFilterSet):
    verified = django_filters.BooleanFilter()

    class Meta:
        model = LegalReference
        fields = ["verified"]


@extend_schema_view(
    list=extend_schema(summary="Legal references; verified=false marks numbers not yet checked"),
)
class LegalReferenceViewSet(PartnerReadMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = LegalReferenceSerializer
    filterset_class = LegalReferenceFilter
    ordering = ["instrument", "article", "id"]
    ordering_fields = ["instrument", "id"]

    def get_queryset(self):
        return LegalReference.objects.all()


def register_public_types():
    """Articles, topics and legal references join the partners' change log and webhooks
    (`article.published|updated|unpublished`, `topic.*`, `legal_reference.*`). An article is public
    while live and not privacy-restricted; unpublishing or deleting it is a delete for partners.
    Legal references are public as the list serves them, verified or not (`verified` says which).
    Audiences and images have no change type of their own; their changes bump content versions."""
    contentcache.track(Audience, get_image_model())
    changes.register_public_type(
        "article",
        CounsellingArticlePage,
        queryset=lambda: api_listing(published_articles()),
        serializer_class=ArticleListSerializer,
        kind="page",
    )
    changes.register_public_type(
        "topic",
        Topic,
        queryset=lambda: Topic.objects.order_by("order", "name"),
        serializer_class=TopicSerializer,
        is_public=lambda topic: True,
    )
    changes.register_public_type(
        "legal_reference",
        LegalReference,
        queryset=LegalReference.objects.all,
        serializer_class=LegalReferenceSerializer,
        is_public=lambda reference: True,
    )
