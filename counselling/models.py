"""Counselling articles (legal guidance), their topics, legal references and audiences."""

import math

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from counselling.blocks import ArticleBodyBlock

WORDS_PER_MINUTE = 200


class Topic(index.Indexed, models.Model):
    code = models.CharField(_("code"), max_length=10, unique=True, blank=True, null=True)
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    description = models.TextField(_("description"), blank=True)
    icon = models.CharField(_("icon"), max_length=50, blank=True,
                            help_text=_("Name of a Wagtail/site icon, e.g. 'warning'."))
    order = models.PositiveIntegerField(_("order"), default=0)
    phrasings = models.TextField(
        _("everyday phrasings"), blank=True,
        help_text=_("How residents describe this, separated by ';' (used by search)."),
    )
    legal_basis_note = models.TextField(
        _("legal basis note (for editors)"), blank=True,
        help_text=_("From the reference data; numbers marked 'belum diverifikasi' are unverified."),
    )

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.name


class LegalReference(index.Indexed, models.Model):
    instrument = models.CharField(_("instrument"), max_length=200,
                                  help_text=_("e.g. 'UU 1/2023 tentang KUHP'"))
    article = models.CharField(_("article"), max_length=100, blank=True,
                               help_text=_("e.g. 'Pasal 476'"))
    explanation = models.TextField(_("plain-language explanation"), blank=True)
    source_url = models.URLField(_("official source URL"), blank=True, max_length=500)
    verified = models.BooleanField(
        _("verified"), default=False,
        help_text=_("Only verified references are shown to residents as fact."),
    )

    search_fields = [index.SearchField("instrument"), index.SearchField("article"),
                     index.AutocompleteField("instrument")]

    class Meta:
        ordering = ["instrument", "article"]
        verbose_name = _("legal reference")
        verbose_name_plural = _("legal references")
        constraints = [
            models.UniqueConstraint(fields=["instrument", "article"], name="legalreference_unique")
        ]

    def __str__(self):
        label = f"{self.instrument} {self.article}".strip()
        return label if self.verified else f"{label} [{_('unverified')}]"

    @property
    def citation(self):
        return f"{self.instrument} {self.article}".strip()


class Audience(models.Model):
    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("audience")
        verbose_name_plural = _("audiences")

    def __str__(self):
        return self.name


class CounsellingIndexPage(Page):
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["counselling.CounsellingArticlePage"]
    max_count = 1

    class Meta:
        verbose_name = _("counselling index page")


class CounsellingArticlePage(Page):
    summary = models.TextField(_("summary"), max_length=300,
                               help_text=_("What the resident learns, in at most 300 characters."))
    hero_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
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
        "home.Kecamatan", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("target kecamatan"),
    )
    target_kelurahan = models.ForeignKey(
        "home.Kelurahan", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("target kelurahan"),
    )
    related_articles = ParentalManyToManyField(
        "self", blank=True, symmetrical=False, verbose_name=_("related articles"),
        help_text=_("Chosen related articles; when empty, articles sharing topics are shown."),
    )
    external_id = models.CharField(
        _("external id"), max_length=100, unique=True, null=True, blank=True, editable=False,
        help_text=_("Key used by the importer to update the same article."),
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

    class Meta:
        verbose_name = _("counselling article")
        verbose_name_plural = _("counselling articles")

    def clean(self):
        super().clean()
        if self.target_kelurahan_id and self.target_kecamatan_id and (
            self.target_kelurahan.kecamatan_id != self.target_kecamatan_id
        ):
            raise ValidationError(
                {"target_kelurahan": _("This kelurahan is not in the chosen kecamatan.")}
            )

    def body_text(self):
        """Plain text of the body, for reading time and search."""
        parts = []
        for block in self.body:
            value = block.block.get_searchable_content(block.value)
            parts.extend(str(v) for v in value)
        return strip_tags(" ".join(parts))

    @property
    def reading_time(self):
        words = len(f"{self.summary} {self.body_text()}".split())
        return max(1, math.ceil(words / WORDS_PER_MINUTE))
