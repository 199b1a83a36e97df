"""Counselling articles, topics and legal references in the public API (`/api/v1/articles/` …).

Only live, public articles appear: drafts, unpublished, private and scheduled pages never do.
"""

import functools

import django_filters
from django.db.models import Prefetch, Q
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, viewsets
from wagtail.images import get_image_model
from wagtail.images.models import Filter
from wagtail.models import Site
from wagtail.rich_text import expand_db_html
from wagtail.whitelist import DEFAULT_ELEMENT_RULES, Whitelister, attribute_rule

from cms.api.reads import PartnerReadMixin
from counselling.models import (
    CARD_RENDITION,
    HERO_RENDITIONS,
    Audience,
    CounsellingArticlePage,
    CounsellingIndexPage,
    LegalReference,
    Topic,
    absolute_url,
    published_articles,
    with_listing_relations,
)
from home.api import CodeChoiceFilter, StrictFilterSet
from home.models import Kecamatan, Kelurahan

# --- sanitised HTML of the body ------------------------------------------------------------


class BodyWhitelister(Whitelister):
    """Only the markup the article templates produce; scripts, styles and event handlers go."""

    element_rules = {
        **DEFAULT_ELEMENT_RULES,
        "aside": attribute_rule({"class": True}),
        "div": attribute_rule({"class": True}),
        "figure": attribute_rule({"class": True}),
        "figcaption": attribute_rule({}),
        "blockquote": attribute_rule({}),
        "details": attribute_rule({"open": True}),
        "summary": attribute_rule({}),
        "ol": attribute_rule({"class": True}),
        "img": attribute_rule({"src": True, "alt": True, "width": True, "height": True}),
        "time": attribute_rule({"datetime": True}),
        "iframe": attribute_rule({"src": True, "width": True, "height": True, "title": True,
                                  "allowfullscreen": True}),
    }


def body_html(page, request=None):
    rendered = "".join(
        render_to_string("counselling/includes/body_block.html", {"block": block, "request": request})
        for block in page.body
    )
    return BodyWhitelister().clean(rendered).strip()


@functools.cache
def _filter(spec):
    """One Filter per spec for the process: its parsed operations are cached on it, so looking up
    the renditions of a page of 20 images does not parse the same specs 20 times."""
    return Filter(spec=spec)


def image_renditions(image, specs=HERO_RENDITIONS):
    if image is None:
        return None
    renditions = image.get_renditions(*(_filter(spec) for spec in specs))
    return {
        spec: {"url": absolute_url(r.url), "width": r.width, "height": r.height}
        for spec, r in renditions.items()
    }


def body_blocks(page):
    """The body as typed JSON blocks; references, images and documents are expanded."""
    blocks = []
    for block in page.body:
        value = block.value
        kind = block.block_type
        if kind == "legal_excerpt":
            data = {"reference": LegalReferenceSerializer(value["reference"]).data, "quote": value["quote"]}
        elif kind == "image":
            data = {"caption": value["caption"], "alt": value["alt"],
                    "renditions": image_renditions(value["image"])}
        elif kind == "document":
            document = value["document"]
            data = {"title": value["title"] or (document.title if document else ""),
                    "url": absolute_url(document.url) if document else None}
        elif kind == "paragraph":
            data = {"html": expand_db_html(value.source)}
        elif kind == "callout":
            data = {"kind": value["kind"], "title": value["title"], "html": expand_db_html(value["text"].source)}
        elif kind == "faq":
            data = [{"question": item["question"], "answer_html": expand_db_html(item["answer"].source)}
                    for item in value]
        elif kind == "steps":
            data = [{"title": item["title"], "text": item["text"]} for item in value]
        elif kind == "video":
            data = {"url": value.url if value else None}
        else:
            data = block.block.get_api_representation(value)
        blocks.append({"type": kind, "id": block.id, "value": data})
    return blocks


# --- serializers -----------------------------------------------------------------------------


class TopicRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Topic
        fields = ["slug", "name"]


class AudienceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Audience
        fields = ["slug", "name"]


class LegalReferenceSerializer(serializers.ModelSerializer):
    """`verified: false` means an editor has not checked the number: do not present it as fact."""

    citation = serializers.CharField(read_only=True)

    class Meta:
        model = LegalReference
        fields = ["id", "instrument", "article", "citation", "explanation", "source_url", "verified"]


class AreaSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


THUMBNAIL_RENDITIONS = [CARD_RENDITION, HERO_RENDITIONS[0]]


def attach_topics_and_audiences(pages):
    """`api_topics` / `api_audiences` of a page of articles as plain {slug, name} dicts: one row
    query per relation, no model instances (the list's costliest part was building them)."""
    pages = [page for page in pages if not hasattr(page, "api_topics")]
    if not pages:
        return
    ids = [page.pk for page in pages]
    for name in ("topics", "audiences"):
        field = CounsellingArticlePage._meta.get_field(name)
        through, own, other = field.remote_field.through, field.m2m_field_name(), field.m2m_reverse_field_name()
        rows = (through.objects.filter(**{f"{own}_id__in": ids})
                .order_by(f"{other}__order", f"{other}__name")
                .values_list(f"{own}_id", f"{other}__slug", f"{other}__name"))
        items = {}
        for page_id, slug, label in rows:
            items.setdefault(page_id, []).append({"slug": slug, "name": label})
        for page in pages:
            setattr(page, f"api_{name}", items.get(page.pk, []))


class ArticleListListSerializer(serializers.ListSerializer):
    def to_representation(self, data):
        items = list(data.all() if hasattr(data, "all") else data)
        attach_topics_and_audiences(items)
        return [self.child.to_representation(item) for item in items]


class ArticleListSerializer(serializers.ModelSerializer):
    slug = serializers.SlugField()
    topics = TopicRefSerializer(many=True, read_only=True)
    audiences = AudienceSerializer(many=True, read_only=True)
    first_published_at = serializers.DateTimeField()
    last_published_at = serializers.DateTimeField()
    thumbnail = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    target_kecamatan = AreaSerializer(allow_null=True)
    target_kelurahan = AreaSerializer(allow_null=True)
    reading_time = serializers.IntegerField(source="reading_minutes", help_text=_("Minutes"))

    class Meta:
        model = CounsellingArticlePage
        fields = ["id", "slug", "title", "summary", "topics", "audiences", "target_kecamatan",
                  "target_kelurahan", "first_published_at", "last_published_at", "reading_time",
                  "thumbnail", "url"]
        list_serializer_class = ArticleListListSerializer

    def to_representation(self, obj):
        """The list items, built directly (the generic field machinery costs more than the query
        work for a page of 20); the detail serializer keeps the generic path."""
        if type(self) is not ArticleListSerializer:
            return super().to_representation(obj)
        wanted = self.fields
        data = {}
        for name in wanted:
            if name in ("topics", "audiences"):
                items = getattr(obj, f"api_{name}", None)
                if items is None:
                    attach_topics_and_audiences([obj])
                    items = getattr(obj, f"api_{name}")
                data[name] = items
            elif name in ("target_kecamatan", "target_kelurahan"):
                area = getattr(obj, name)
                data[name] = {"code": area.code, "name": area.name} if area is not None else None
            elif name in ("first_published_at", "last_published_at"):
                data[name] = wanted[name].to_representation(getattr(obj, name)) \
                    if getattr(obj, name) is not None else None
            elif name == "reading_time":
                data[name] = obj.reading_minutes
            elif name == "thumbnail":
                data[name] = self.get_thumbnail(obj)
            elif name == "url":
                data[name] = self.get_url(obj)
            else:
                data[name] = getattr(obj, name)
        return data

    @extend_schema_field(serializers.DictField(allow_null=True))
    def get_thumbnail(self, obj):
        return image_renditions(obj.hero_image, THUMBNAIL_RENDITIONS)

    def get_url(self, obj) -> str:
        # Wagtail caches the site root paths on the page it builds a URL for: one read of them for
        # the whole list instead of one cache read per page.
        if "site_root_paths" not in self.context:
            self.context["site_root_paths"] = Site.get_site_root_paths()
        obj._wagtail_cached_site_root_paths = self.context["site_root_paths"]
        return absolute_url(obj)


class ArticleDetailSerializer(ArticleListSerializer):
    hero_image = serializers.SerializerMethodField()
    body = serializers.SerializerMethodField()
    body_html = serializers.SerializerMethodField()
    legal_references = LegalReferenceSerializer(many=True, read_only=True)
    related = serializers.SerializerMethodField()
    leaflet_url = serializers.SerializerMethodField()

    class Meta(ArticleListSerializer.Meta):
        fields = ArticleListSerializer.Meta.fields + [
            "hero_image", "body", "body_html", "legal_references", "related", "leaflet_url",
        ]

    @extend_schema_field(serializers.DictField(allow_null=True))
    def get_hero_image(self, obj):
        return image_renditions(obj.hero_image)

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_body(self, obj):
        return body_blocks(obj)

    def get_body_html(self, obj) -> str:
        return body_html(obj, self.context.get("request"))

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_related(self, obj):
        return [{"id": a.pk, "slug": a.slug, "title": a.title, "url": absolute_url(a)}
                for a in obj.get_related_articles()]

    def get_leaflet_url(self, obj) -> str:
        return absolute_url(obj) + obj.reverse_subpage("leaflet")


class TopicSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Topic
        fields = ["id", "slug", "name", "description", "icon", "order", "url"]

    def get_url(self, obj) -> str | None:
        if "index_page" not in self.context:  # e.g. /changes/ and webhooks: look it up once
            self.context["index_page"] = live_index_page()
        index = self.context["index_page"]
        return absolute_url(index.topic_url(obj)) if index else None


# What a list item reads: its fields, `url_path` for the URL, the ordering and cursor fields
# (`last_published_at`, `id`) and the target areas' code and name. Everything else of the page
# (revisions, locks, SEO fields, the body) stays in the database.
LISTING_COLUMNS = (
    "id", "slug", "title", "summary", "url_path", "first_published_at", "last_published_at",
    "reading_minutes", "hero_image", "target_kecamatan__code", "target_kecamatan__name",
    "target_kelurahan__code", "target_kelurahan__name",
)


def api_listing(queryset):
    """The list's rows without the body (the stored reading time replaces it), with the hero image
    and its renditions prefetched; topics and audiences are attached per page of results by the
    list serializer. A page costs a fixed number of queries and no per-item work."""
    images = get_image_model().objects.prefetch_renditions(*THUMBNAIL_RENDITIONS)
    return (
        queryset.only(*LISTING_COLUMNS)
        .select_related("target_kelurahan", "target_kecamatan")
        .prefetch_related(Prefetch("hero_image", queryset=images))
    )


def live_index_page():
    return live_index_pages().first()


def live_index_pages():
    return CounsellingIndexPage.objects.live().public()


# --- filters and viewsets --------------------------------------------------------------------


@extend_schema_field(OpenApiTypes.STR)
class KecamatanCodeFilter(CodeChoiceFilter):
    """A kecamatan code; matches articles targeting the kecamatan or one of its kelurahan."""


class ArticleFilter(StrictFilterSet):
    topic = django_filters.ModelChoiceFilter(
        field_name="topics", to_field_name="slug", queryset=Topic.objects.all(),
        help_text=_("Topic slug"),
    )
    audience = django_filters.ModelChoiceFilter(
        field_name="audiences", to_field_name="slug", queryset=Audience.objects.all(),
        help_text=_("Audience slug, e.g. pelajar"),
    )
    kecamatan = KecamatanCodeFilter(queryset=Kecamatan.objects.all(), method="filter_kecamatan",
                                 help_text=_("Kemendagri code of the target kecamatan"))
    kelurahan = CodeChoiceFilter(field_name="target_kelurahan", queryset=Kelurahan.objects.all(),
                                 help_text=_("Kemendagri code of the target kelurahan"))
    legal_reference = django_filters.ModelChoiceFilter(
        field_name="legal_references", queryset=LegalReference.objects.all(),
        help_text=_("Id of a legal reference"),
    )

    class Meta:
        model = CounsellingArticlePage
        fields = ["topic", "audience", "kecamatan", "kelurahan", "legal_reference"]

    def filter_kecamatan(self, queryset, name, value):
        return queryset.filter(Q(target_kecamatan=value) | Q(target_kelurahan__kecamatan=value))


@extend_schema_view(
    list=extend_schema(summary="Published counselling articles (cursor-paginated, filterable)"),
    retrieve=extend_schema(summary="One published article by slug: typed body blocks and sanitised HTML"),
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
    etag_dependencies = (Topic, Audience, Kecamatan, Kelurahan)

    def get_etag_dependencies(self):
        if self.action == "retrieve":
            # The detail also shows its references and related (live) articles.
            return (*self.etag_dependencies, LegalReference, (published_articles, "last_published_at"))
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
    Legal references are public as the list serves them, verified or not (`verified` says which)."""
    from cms import changes

    changes.register_public_type(
        "article", CounsellingArticlePage,
        queryset=lambda: api_listing(published_articles()),
        serializer_class=ArticleListSerializer,
        kind="page",
    )
    changes.register_public_type(
        "topic", Topic, queryset=lambda: Topic.objects.order_by("order", "name"),
        serializer_class=TopicSerializer, is_public=lambda topic: True,
    )
    changes.register_public_type(
        "legal_reference", LegalReference, queryset=LegalReference.objects.all,
        serializer_class=LegalReferenceSerializer, is_public=lambda reference: True,
    )


def register(router):
    """Mount this app's viewsets on the shared router."""
    router.register("articles", ArticleViewSet, basename="article")
    router.register("topics", TopicViewSet, basename="topic")
    router.register("legal-references", LegalReferenceViewSet, basename="legal-reference")
