"""Serializers of articles, topics, audiences and legal references (public fields only)."""

import functools

from django.db import connection
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from wagtail.images import get_image_model
from wagtail.rich_text import expand_db_html

from core.links import PageUrls
from counselling.api.body import body_html, image_renditions
from counselling.models import (
    CARD_RENDITION,
    HERO_RENDITIONS,
    Audience,
    CounsellingArticlePage,
    CounsellingIndexPage,
    LegalReference,
    Topic,
    absolute_url,
)

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
        fields = [
            "id",
            "instrument",
            "article",
            "citation",
            "explanation",
            "source_url",
            "verified",
        ]


def body_blocks(page):
    """The body as typed JSON blocks; references, images and documents are expanded."""
    blocks = []
    for block in page.body:
        value = block.value
        kind = block.block_type
        if kind == "legal_excerpt":
            data = {
                "reference": LegalReferenceSerializer(value["reference"]).data,
                "quote": value["quote"],
            }
        elif kind == "image":
            data = {
                "caption": value["caption"],
                "alt": value["alt"],
                "renditions": image_renditions(value["image"]),
            }
        elif kind == "document":
            document = value["document"]
            data = {
                "title": value["title"] or (document.title if document else ""),
                "url": absolute_url(document.url) if document else None,
            }
        elif kind == "paragraph":
            data = {"html": expand_db_html(value.source)}
        elif kind == "callout":
            data = {
                "kind": value["kind"],
                "title": value["title"],
                "html": expand_db_html(value["text"].source),
            }
        elif kind == "faq":
            data = [
                {"question": item["question"], "answer_html": expand_db_html(item["answer"].source)}
                for item in value
            ]
        elif kind == "steps":
            data = [{"title": item["title"], "text": item["text"]} for item in value]
        elif kind == "video":
            data = {"url": value.url if value else None}
        else:
            data = block.block.get_api_representation(value)
        blocks.append({"type": kind, "id": block.id, "value": data})
    return blocks


class AreaSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


THUMBNAIL_RENDITIONS = [CARD_RENDITION, HERO_RENDITIONS[0]]


TAG_RELATIONS = ("topics", "audiences")


@functools.cache
def _tag_rows_sql():
    """One statement for both relations of a page of articles: (relation index, page id, slug,
    name) in each relation's display order. Built once from the models' metadata; it is the list's
    hottest read, and compiling two ORM queries per request cost more than running them."""
    quote = connection.ops.quote_name
    parts = []
    for index, name in enumerate(TAG_RELATIONS):
        field = CounsellingArticlePage._meta.get_field(name)
        through, other = field.remote_field.through, field.related_model
        own = quote(through._meta.get_field(field.m2m_field_name()).column)
        link = quote(through._meta.get_field(field.m2m_reverse_field_name()).column)
        parts.append(
            f"SELECT {index} AS relation, t.{own} AS page_id, o.{quote('slug')} AS slug, "
            f"o.{quote('name')} AS name, o.{quote('order')} AS position "
            f"FROM {quote(through._meta.db_table)} t "
            f"JOIN {quote(other._meta.db_table)} o ON o.{quote(other._meta.pk.column)} = t.{link} "
            f"WHERE t.{own} IN ({{ids}})"
        )
    return " UNION ALL ".join(parts) + " ORDER BY relation, position, name"


def attach_topics_and_audiences(pages):
    """`api_topics` / `api_audiences` of a page of articles as plain {slug, name} dicts, ordered as
    the taxonomy orders them (`order`, `name`): one query for both relations, no model instances
    (building them was the list's costliest part)."""
    pages = [page for page in pages if not hasattr(page, "api_topics")]
    if not pages:
        return
    ids = [page.pk for page in pages]
    placeholders = ", ".join(["%s"] * len(ids))
    items = ({}, {})
    with connection.cursor() as cursor:
        cursor.execute(_tag_rows_sql().format(ids=placeholders), ids * len(TAG_RELATIONS))
        for relation, page_id, slug, label, _position in cursor.fetchall():
            items[relation].setdefault(page_id, []).append({"slug": slug, "name": label})
    for relation, name in enumerate(TAG_RELATIONS):
        for page in pages:
            setattr(page, f"api_{name}", items[relation].get(page.pk, []))


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
        fields = [
            "id",
            "slug",
            "title",
            "summary",
            "topics",
            "audiences",
            "target_kecamatan",
            "target_kelurahan",
            "first_published_at",
            "last_published_at",
            "reading_time",
            "thumbnail",
            "url",
        ]
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
                data[name] = (
                    wanted[name].to_representation(getattr(obj, name))
                    if getattr(obj, name) is not None
                    else None
                )
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
        # One site lookup and one reverse for the whole list (core.links.PageUrls).
        urls = self.context.get("page_urls")
        if urls is None:
            urls = self.context["page_urls"] = PageUrls()
        return absolute_url(urls.url(obj) or "")


class ArticleDetailSerializer(ArticleListSerializer):
    hero_image = serializers.SerializerMethodField()
    body = serializers.SerializerMethodField()
    body_html = serializers.SerializerMethodField()
    legal_references = LegalReferenceSerializer(many=True, read_only=True)
    related = serializers.SerializerMethodField()
    leaflet_url = serializers.SerializerMethodField()

    class Meta(ArticleListSerializer.Meta):
        fields = ArticleListSerializer.Meta.fields + [
            "hero_image",
            "body",
            "body_html",
            "legal_references",
            "related",
            "leaflet_url",
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
        return [
            {"id": a.pk, "slug": a.slug, "title": a.title, "url": absolute_url(a)}
            for a in obj.get_related_articles()
        ]

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
    "id",
    "slug",
    "title",
    "summary",
    "url_path",
    "first_published_at",
    "last_published_at",
    "reading_minutes",
    "hero_image",
    "target_kecamatan__code",
    "target_kecamatan__name",
    "target_kelurahan__code",
    "target_kelurahan__name",
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
