"""The register of public information (Daftar Informasi Publik, DIP) under UU 14/2008.

Each item is a Wagtail snippet with drafts, revisions and workflow. Exempt items
(`dikecualikan`, Pasal 17) are listed with their legal basis and consequence test only:
their content and documents are never served outside PPID staff (see `openinfo.ppid.access`).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import DraftStateMixin, Orderable, RevisionMixin, WorkflowMixin
from wagtail.search import index


class Category(models.TextChoices):
    BERKALA = "berkala", _("Periodic (berkala, Pasal 9)")
    SERTA_MERTA = "serta_merta", _("Immediate (serta merta, Pasal 10)")
    SETIAP_SAAT = "setiap_saat", _("Available at any time (tersedia setiap saat, Pasal 11)")
    DIKECUALIKAN = "dikecualikan", _("Exempt (dikecualikan, Pasal 17)")


class ExemptionBasis(models.TextChoices):
    """Pasal 17 UU 14/2008, letters a–j."""

    A = "a", _("Pasal 17 a: would obstruct law enforcement")
    B = "b", _("Pasal 17 b: would harm intellectual property or fair competition")
    C = "c", _("Pasal 17 c: would endanger state defence and security")
    D = "d", _("Pasal 17 d: would reveal Indonesia's natural wealth")
    E = "e", _("Pasal 17 e: would harm national economic resilience")
    F = "f", _("Pasal 17 f: would harm foreign relations")
    G = "g", _("Pasal 17 g: would reveal the contents of an authentic personal deed or last will")
    H = "h", _("Pasal 17 h: would reveal personal secrets")
    I = "i", _("Pasal 17 i: internal memoranda or letters that are confidential by nature")  # noqa: E741
    J = "j", _("Pasal 17 j: information not to be disclosed under another law")


class PublicInformationQuerySet(models.QuerySet):
    def live(self):
        return self.filter(live=True)

    def for_public(self):
        return (
            self.live()
            .select_related("unit")
            .prefetch_related("documents__document")
            .order_by("category", "-year", "title", "pk")
        )


class PublicInformation(
    WorkflowMixin, DraftStateMixin, RevisionMixin, index.Indexed, ClusterableModel
):
    """One line of the DIP with the columns the law's implementing rules require."""

    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(
        _("slug"),
        max_length=255,
        unique=True,
        blank=True,
        help_text=_("Part of the public address; filled from the title when empty."),
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    summary = models.TextField(
        _("summary of content"),
        help_text=_(
            "Ringkasan isi informasi. For exempt items describe only what the information "
            "is, never what it says."
        ),
    )
    body = RichTextField(
        _("content"),
        blank=True,
        help_text=_("The information itself. Never shown for exempt items."),
    )
    unit = models.ForeignKey(
        "home.PoliceUnit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="public_information",
        verbose_name=_("unit"),
    )
    holding_official = models.CharField(
        _("official/unit holding the information"),
        max_length=255,
        help_text=_("Pejabat/unit yang menguasai informasi, e.g. Kasat Binmas."),
    )
    responsible_official = models.CharField(
        _("official responsible for producing it"),
        max_length=255,
        help_text=_("Penanggung jawab pembuatan/penerbitan informasi."),
    )
    created_on = models.DateField(_("date of creation"), null=True, blank=True)
    created_place = models.CharField(_("place of creation"), max_length=120, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    period = models.CharField(
        _("period"),
        max_length=60,
        blank=True,
        help_text=_("E.g. Semester I, Triwulan III, Januari."),
    )
    available_softcopy = models.BooleanField(_("available as soft copy"), default=True)
    available_hardcopy = models.BooleanField(_("available as hard copy"), default=False)
    retention_period = models.CharField(
        _("retention period"),
        max_length=120,
        help_text=_("Jangka waktu penyimpanan/retensi arsip, e.g. 5 tahun."),
    )
    exemption_basis = models.CharField(
        _("legal basis of the exemption"), max_length=1, blank=True, choices=ExemptionBasis.choices
    )
    consequence_test_summary = models.TextField(
        _("consequence test summary"),
        blank=True,
        help_text=_("Pasal 19: why disclosure would cause harm; published with exempt items."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    objects = PublicInformationQuerySet.as_manager()

    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("category"),
        FieldRowPanel([FieldPanel("year"), FieldPanel("period")]),
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("unit"),
                FieldPanel("holding_official"),
                FieldPanel("responsible_official"),
                FieldRowPanel([FieldPanel("created_on"), FieldPanel("created_place")]),
                FieldRowPanel([FieldPanel("available_softcopy"), FieldPanel("available_hardcopy")]),
                FieldPanel("retention_period"),
            ],
            heading=_("Register columns"),
        ),
        MultiFieldPanel(
            [
                HelpPanel(
                    content=_(
                        "Only for exempt items. Their content and documents are never "
                        "published; only PPID staff can open the documents."
                    )
                ),
                FieldPanel("exemption_basis"),
                FieldPanel("consequence_test_summary"),
            ],
            heading=_("Exemption"),
        ),
        InlinePanel("documents", label=_("documents")),
    ]

    search_fields = [
        index.SearchField("title"),
        index.AutocompleteField("title"),
        index.FilterField("category"),
        index.FilterField("live"),
    ]

    class Meta:
        verbose_name = _("public information (register item)")
        verbose_name_plural = _("public information register")
        ordering = ["category", "-year", "title"]

    def __str__(self):
        return self.title

    @property
    def is_exempt(self):
        return self.category == Category.DIKECUALIKAN

    def clean(self):
        super().clean()
        errors = {}
        if self.is_exempt:
            if not self.exemption_basis:
                errors["exemption_basis"] = _("An exempt item needs its Pasal 17 basis.")
            if not self.consequence_test_summary.strip():
                errors["consequence_test_summary"] = _(
                    "An exempt item needs the consequence test summary."
                )
        if not (self.available_softcopy or self.available_hardcopy):
            errors["available_softcopy"] = _("Choose at least one available format.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        if not self.slug:
            base = slugify(self.title)[:240] or "informasi"
            slug, n = base, 2
            while PublicInformation.objects.filter(slug=slug).exclude(pk=self.pk).exists():
                slug, n = f"{base}-{n}", n + 1
            self.slug = slug
        if not self.is_exempt:
            self.exemption_basis = ""
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("openinfo:register-detail", kwargs={"slug": self.slug})

    @property
    def formats_display(self):
        labels = []
        if self.available_softcopy:
            labels.append(str(_("soft copy")))
        if self.available_hardcopy:
            labels.append(str(_("hard copy")))
        return ", ".join(labels)

    @property
    def holder_display(self):
        return ", ".join(
            part for part in [self.holding_official, self.unit.name if self.unit else ""] if part
        )

    @property
    def creation_display(self):
        when = self.created_on.strftime("%d-%m-%Y") if self.created_on else ""
        return ", ".join(part for part in [when, self.created_place] if part)

    @property
    def public_body(self):
        """The content for the public: nothing for exempt items."""
        return "" if self.is_exempt else self.body

    def public_documents(self):
        """The documents the public may open: none for exempt items."""
        if self.is_exempt:
            return []
        return [link.document for link in self.documents.all() if link.document_id]

    def public_text_fields(self):
        """The public, non-exempt text of this item, for search indexing (never identity data).

        Exempt items contribute their title, summary, legal basis and consequence test only.
        """
        fields = {
            "title": self.title,
            "summary": self.summary,
            "category": str(self.get_category_display()),
            "holding_official": self.holder_display,
            "period": " ".join(str(p) for p in [self.period, self.year] if p),
        }
        if self.is_exempt:
            fields["exemption_basis"] = str(self.get_exemption_basis_display())
            fields["consequence_test_summary"] = self.consequence_test_summary
        else:
            fields["body"] = strip_tags(self.body or "")
        return fields


class PublicInformationDocument(Orderable):
    item = ParentalKey(PublicInformation, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("document"),
    )

    panels = [FieldPanel("document")]

    class Meta(Orderable.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")
