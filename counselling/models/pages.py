"""The guidance pages: the index (listing, topic pages, feeds) and the articles."""

import math

from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Page
from wagtail.search import index

from core.links import absolute_url
from counselling.blocks import ArticleBodyBlock
from counselling.feeds import ArticlesAtomFeed, ArticlesRssFeed
from counselling.leaflet import qr_png_data_uri
from counselling.models.taxonomy import Audience, LegalReference, Topic
from home.finder import units_covering
from home.models import Officer

WORDS_PER_MINUTE = 200
LISTING_PAGE_SIZE = 12
# Renditions used by the listing cards, the article hero and the API (2-3 widths each).
CARD_RENDITION = "fill-480x270"  # the API thumbnail; cards use srcset over CARD_RENDITIONS
CARD_RENDITIONS = ["fill-320x180", CARD_RENDITION, "fill-800x450"]
HERO_RENDITIONS = ["width-480", "width-800", "width-1200"]
TOPIC_SLUG_MARK = "topic-slug-mark"


def published_articles():
    """Live, public articles only: drafts, unpublished, private and scheduled pages never appear."""
    return CounsellingArticlePage.objects.live().public()


def with_listing_relations(queryset):
    """Everything a listing card needs in a fixed number of queries, whatever the page size."""
    images = get_image_model().objects.prefetch_renditions(*CARD_RENDITIONS, *HERO_RENDITIONS)
    return queryset.select_related(
        "target_kelurahan__kecamatan", "target_kecamatan"
    ).prefetch_related(Prefetch("hero_image", queryset=images), "topics", "audiences")


class CounsellingIndexPage(RoutablePageMixin, Page):
    """ "Panduan Hukum": all articles, topic pages (/topik/<slug>/) and the RSS/Atom feeds."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["counselling.CounsellingArticlePage"]
    max_count = 1

    class Meta:
        verbose_name = _("counselling index page")

    def articles(self):
        """Cards and feeds: everything but the body (the largest column, which neither shows)."""
        return with_listing_relations(
            published_articles()
            .child_of(self)
            .defer_streamfields()
            .order_by("-first_published_at", "-pk")
        )

    def listing_context(self, request, topic=None):
        """Filters by topic and audience (GET parameters, so it works without JavaScript) + paging."""
        topics = list(Topic.objects.all())
        audiences = list(Audience.objects.all())
        by_topic = {t.slug: t for t in topics}
        by_audience = {a.slug: a for a in audiences}
        if topic is None:
            topic = by_topic.get(request.GET.get("topik", ""))
        audience = by_audience.get(request.GET.get("audiens", ""))
        queryset = self.articles()
        if topic is not None:
            queryset = queryset.filter(topics=topic)
        if audience is not None:
            queryset = queryset.filter(audiences=audience)
        paginator = Paginator(queryset, LISTING_PAGE_SIZE)
        try:
            page_obj = paginator.page(request.GET.get("halaman", 1))
        except PageNotAnInteger:
            page_obj = paginator.page(1)
        except EmptyPage:
            page_obj = paginator.page(paginator.num_pages)
        # The topic links (the whole vocabulary, on every listing page): one URL reversal, not one
        # per topic.
        base = (self.get_url(request) or "") + self.reverse_subpage(
            "topic", kwargs={"topic_slug": TOPIC_SLUG_MARK}
        )
        return {
            "topics": topics,
            "topic_links": [(t, base.replace(TOPIC_SLUG_MARK, t.slug)) for t in topics],
            "audiences": audiences,
            "selected_topic": topic,
            "selected_audience": audience,
            "articles": page_obj.object_list,
            "page_obj": page_obj,
            "paginator": paginator,
        }

    @path("")
    def index_route(self, request):
        context = self.listing_context(request)
        context["canonical_url"] = absolute_url(self)
        return self.render(request, context_overrides=context)

    @path("topik/<slug:topic_slug>/", name="topic")
    def topic_route(self, request, topic_slug):
        topic = get_object_or_404(Topic, slug=topic_slug)
        context = self.listing_context(request, topic=topic)
        context["topic_page"] = True
        context["questions"] = list(topic.questions.published().order_by("-updated_at")[:10])
        context["canonical_url"] = absolute_url(self.topic_url(topic))
        return self.render(request, context_overrides=context)

    @path("feed/rss/", name="feed_rss")
    def feed_rss(self, request):
        return ArticlesRssFeed()(request, index_page=self)

    @path("feed/atom/", name="feed_atom")
    def feed_atom(self, request):
        return ArticlesAtomFeed()(request, index_page=self)

    @path("topik/<slug:topic_slug>/feed/rss/", name="topic_feed_rss")
    def topic_feed_rss(self, request, topic_slug):
        return ArticlesRssFeed()(request, index_page=self, topic_slug=topic_slug)

    @path("topik/<slug:topic_slug>/feed/atom/", name="topic_feed_atom")
    def topic_feed_atom(self, request, topic_slug):
        return ArticlesAtomFeed()(request, index_page=self, topic_slug=topic_slug)

    def topic_url(self, topic):
        return self.url + self.reverse_subpage("topic", kwargs={"topic_slug": topic.slug})

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        used = Topic.objects.filter(articles__in=published_articles().child_of(self)).distinct()
        for topic in used:
            urls.append(
                {
                    "location": base
                    + self.reverse_subpage("topic", kwargs={"topic_slug": topic.slug})
                }
            )
        return urls


class CounsellingArticlePage(RoutablePageMixin, Page):
    summary = models.TextField(
        _("summary"),
        max_length=300,
        help_text=_("What the resident learns, in at most 300 characters."),
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("hero image"),
    )
    body = StreamField(ArticleBodyBlock(), verbose_name=_("body"))
    topics = ParentalManyToManyField(Topic, related_name="articles", verbose_name=_("topics"))
    legal_references = ParentalManyToManyField(
        LegalReference, blank=True, related_name="articles", verbose_name=_("legal references")
    )
    audiences = ParentalManyToManyField(
        Audience, blank=True, related_name="articles", verbose_name=_("audiences")
    )
    target_kecamatan = models.ForeignKey(
        "home.Kecamatan",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("target kecamatan"),
    )
    target_kelurahan = models.ForeignKey(
        "home.Kelurahan",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("target kelurahan"),
    )
    related_articles = ParentalManyToManyField(
        "self",
        blank=True,
        symmetrical=False,
        verbose_name=_("related articles"),
        help_text=_("Chosen related articles; when empty, articles sharing topics are shown."),
    )
    external_id = models.CharField(
        _("external id"),
        max_length=100,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text=_("Key used by the importer to update the same article."),
    )
    import_checksum = models.CharField(
        _("import checksum"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_("Checksum of the imported line; an unchanged line is skipped on re-import."),
    )
    reading_minutes = models.PositiveSmallIntegerField(
        _("reading time (minutes)"),
        default=1,
        editable=False,
        help_text=_("Stored on save, so listings need not read the body."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("topics"), FieldPanel("audiences"), FieldPanel("legal_references")],
            heading=_("Classification"),
        ),
        MultiFieldPanel(
            [FieldPanel("target_kecamatan"), FieldPanel("target_kelurahan")],
            heading=_("Target area (optional)"),
        ),
        FieldPanel("related_articles"),
    ]
    parent_page_types = ["counselling.CounsellingIndexPage"]
    subpage_types = []

    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]

    # Wagtail's own API v2 (/api/v2/pages/?type=counselling.CounsellingArticlePage&fields=...), for
    # headless page consumers and the throughput comparison with /api/v1/articles/.
    api_fields = [
        APIField("summary"),
        APIField("last_published_at"),
        APIField("topic_refs"),
        APIField("thumbnail", serializer=ImageRenditionField(CARD_RENDITION, source="hero_image")),
    ]

    class Meta:
        verbose_name = _("counselling article")
        verbose_name_plural = _("counselling articles")

    def clean(self):
        super().clean()
        if (
            self.target_kelurahan_id
            and self.target_kecamatan_id
            and (self.target_kelurahan.kecamatan_id != self.target_kecamatan_id)
        ):
            raise ValidationError(
                {"target_kelurahan": _("This kelurahan is not in the chosen kecamatan.")}
            )

    @path("leaflet/", name="leaflet")
    def leaflet(self, request):
        """A printable A4 leaflet with a QR code to the article, for officers to hand out."""
        context = {
            "qr_data_uri": qr_png_data_uri(self.absolute_url),
            "steps": self.steps(),
        }
        return self.render(
            request,
            context_overrides=context,
            template="counselling/counselling_article_leaflet.html",
        )

    @property
    def absolute_url(self):
        return absolute_url(self)

    @property
    def topic_refs(self):
        return [{"slug": topic.slug, "name": topic.name} for topic in self.topics.all()]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        officers = self.help_officers()
        area = (
            self.target_kelurahan.kecamatan if self.target_kelurahan_id else self.target_kecamatan
        )
        context.update(
            {
                "verified_references": self.verified_references(),
                "body_cites_law": any(b.get("type") == "legal_excerpt" for b in self.body.raw_data),
                "related_articles": self.get_related_articles(),
                "help_officers": officers,
                "help_units": units_covering(area) if area else [],
                "canonical_url": self.absolute_url,
                "index_page": self.get_parent().specific,
            }
        )
        return context

    def verified_references(self):
        """Only references an editor verified are shown to residents as the legal basis."""
        return [ref for ref in self.legal_references.all() if ref.verified]

    def steps(self):
        return [item for block in self.body if block.block_type == "steps" for item in block.value]

    def help_officers(self):
        """The Bhabinkamtibmas of the target kelurahan (or kecamatan), public contact only."""
        if self.target_kelurahan_id:
            return list(Officer.objects.for_public().filter(kelurahan=self.target_kelurahan_id))
        if self.target_kecamatan_id:
            return list(
                Officer.objects.for_public()
                .filter(kelurahan__kecamatan=self.target_kecamatan_id)
                .distinct()[:4]
            )
        return []

    def get_related_articles(self, limit=3):
        """Chosen related articles (live, public) first; otherwise those sharing most topics."""
        chosen_ids = [page.pk for page in self.related_articles.all()]
        if chosen_ids:
            by_id = {
                p.pk: p
                for p in with_listing_relations(published_articles().filter(pk__in=chosen_ids))
            }
            return [by_id[pk] for pk in chosen_ids if pk in by_id][:limit]
        topic_ids = [topic.pk for topic in self.topics.all()]
        if not topic_ids:
            return []
        return list(
            with_listing_relations(
                published_articles()
                .filter(topics__in=topic_ids)
                .exclude(pk=self.pk)
                .annotate(shared_topics=Count("topics"))
                .order_by("-shared_topics", "-first_published_at", "-pk")
            )[:limit]
        )

    def json_ld(self):
        """schema.org Article, for search engines and link previews."""
        data = {
            "@context": "https://schema.org",
            "@type": "Article",
            "headline": self.title[:110],
            "description": self.summary,
            "inLanguage": "id",
            "mainEntityOfPage": self.absolute_url,
            "url": self.absolute_url,
            "wordCount": len(f"{self.summary} {self.body_text()}".split()),
            "about": [topic.name for topic in self.topics.all()],
            "publisher": {"@type": "Organization", "name": "Satbinmas Polres Metro Tangerang Kota"},
            "author": {"@type": "Organization", "name": "Satbinmas Polres Metro Tangerang Kota"},
        }
        if self.first_published_at:
            data["datePublished"] = self.first_published_at.isoformat()
        if self.last_published_at:
            data["dateModified"] = self.last_published_at.isoformat()
        if self.hero_image_id:
            data["image"] = [
                absolute_url(self.hero_image.get_rendition(spec).url) for spec in HERO_RENDITIONS
            ]
        return data

    def body_text(self):
        """Plain text of the body, for reading time and search.

        Read from the raw stream data so that listings need no query per article (resolving
        the blocks would fetch the chosen snippets, images and documents of each one).
        """
        parts = []

        def collect(value):
            if isinstance(value, str):
                parts.append(value)
            elif isinstance(value, dict):
                for key, item in value.items():
                    if key not in ("id", "type"):
                        collect(item)
            elif isinstance(value, list):
                for item in value:
                    collect(item)

        for block in self.body.raw_data:
            collect(block.get("value"))
        return strip_tags(" ".join(parts))

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "body" in update_fields:
            self.reading_minutes = self.reading_time
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "reading_minutes"}
        return super().save(*args, **kwargs)

    @property
    def reading_time(self):
        words = len(f"{self.summary} {self.body_text()}".split())
        return max(1, math.ceil(words / WORDS_PER_MINUTE))
