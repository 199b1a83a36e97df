"""The guidance taxonomy: topics, legal references and audiences."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.search import index


class Topic(index.Indexed, models.Model):
    code = models.CharField(_("code"), max_length=10, unique=True, blank=True, null=True)
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    description = models.TextField(_("description"), blank=True)
    icon = models.CharField(
        _("icon"),
        max_length=50,
        blank=True,
        help_text=_("Name of a Wagtail/site icon, e.g. 'warning'."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    phrasings = models.TextField(
        _("everyday phrasings"),
        blank=True,
        help_text=_("How residents describe this, separated by ';' (used by search)."),
    )
    legal_basis_note = models.TextField(
        _("legal basis note (for editors)"),
        blank=True,
        help_text=_("From the reference data; numbers marked 'belum diverifikasi' are unverified."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.name


class LegalReference(index.Indexed, models.Model):
    instrument = models.CharField(
        _("instrument"), max_length=200, help_text=_("e.g. 'UU 1/2023 tentang KUHP'")
    )
    article = models.CharField(
        _("article"), max_length=100, blank=True, help_text=_("e.g. 'Pasal 476'")
    )
    explanation = models.TextField(_("plain-language explanation"), blank=True)
    source_url = models.URLField(_("official source URL"), blank=True, max_length=500)
    verified = models.BooleanField(
        _("verified"),
        default=False,
        help_text=_("Only verified references are shown to residents as fact."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    search_fields = [
        index.SearchField("instrument"),
        index.SearchField("article"),
        index.AutocompleteField("instrument"),
    ]

    class Meta:
        ordering = ["instrument", "article"]
        verbose_name = _("legal reference")
        verbose_name_plural = _("legal references")
        constraints = [
            models.UniqueConstraint(fields=["instrument", "article"], name="legalreference_unique")
        ]

    def __str__(self):
        label = f"{self.instrument} {self.article}".strip()
        if self.verified:
            return label
        marker = _("unverified")
        return f"{label} [{marker}]"

    @property
    def citation(self):
        return f"{self.instrument} {self.article}".strip()


class Audience(models.Model):
    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("audience")
        verbose_name_plural = _("audiences")

    def __str__(self):
        return self.name
