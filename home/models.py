"""Site root, site-wide settings, regions (kecamatan, kelurahan), police units and the officer directory."""

from django.conf import settings
from django.db import models
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index


class Kecamatan(models.Model):
    code = models.CharField(_("Kemendagri code"), max_length=8, unique=True)
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("kecamatan")
        verbose_name_plural = _("kecamatan")

    def __str__(self):
        return self.name


class Kelurahan(index.Indexed, models.Model):
    code = models.CharField(_("Kemendagri code"), max_length=13, unique=True)
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100)
    kecamatan = models.ForeignKey(
        Kecamatan, on_delete=models.PROTECT, related_name="kelurahan", verbose_name=_("kecamatan")
    )
    aliases = models.JSONField(
        _("spelling variants"), default=list, blank=True,
        help_text=_("Other spellings residents and documents use, e.g. 'Batujaya' for 'Batu Jaya'."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["kecamatan__name", "name"]
        verbose_name = _("kelurahan")
        verbose_name_plural = _("kelurahan")
        constraints = [
            models.UniqueConstraint(fields=["kecamatan", "slug"], name="kelurahan_unique_slug_in_kecamatan")
        ]

    def __str__(self):
        return f"{self.name} ({self.kecamatan.name})"


class PoliceUnit(models.Model):
    class Kind(models.TextChoices):
        POLRES = "polres", _("Polres (city police)")
        POLSEK = "polsek", _("Polsek (sector police)")

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.POLSEK)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children",
        verbose_name=_("parent unit"),
    )
    phone = models.CharField(_("public phone"), max_length=40, blank=True)
    address = models.TextField(_("address"), blank=True)
    covered_kecamatan = models.ManyToManyField(
        Kecamatan, blank=True, related_name="police_units", verbose_name=_("kecamatan covered"),
        help_text=_("Coverage is set by the admins; the seed data is partly unverified."),
    )
    coverage_note = models.TextField(
        _("coverage note"), blank=True,
        help_text=_("Areas outside Kota Tangerang and how certain the coverage is (internal)."),
    )
    source_url = models.URLField(_("source"), blank=True, max_length=500)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    panels = [
        FieldPanel("name"), FieldPanel("slug"), FieldPanel("kind"), FieldPanel("parent"),
        FieldPanel("phone"), FieldPanel("address"), FieldPanel("covered_kecamatan"),
        FieldPanel("coverage_note"), FieldPanel("source_url"),
    ]

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("police unit")
        verbose_name_plural = _("police units")

    def __str__(self):
        return self.name


class OfficerQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def for_public(self):
        return (
            self.active()
            .select_related("unit", "photo")
            .prefetch_related("kelurahan__kecamatan")
            .order_by("name", "pk")
        )


class Officer(index.Indexed, models.Model):
    """A Bhabinkamtibmas. NRP and private numbers are internal; public contact only on opt-in."""

    class Rank(models.TextChoices):
        BRIPDA = "Bripda", "Bripda"
        BRIPTU = "Briptu", "Briptu"
        BRIGPOL = "Brigpol", "Brigpol"
        BRIPKA = "Bripka", "Bripka"
        AIPDA = "Aipda", "Aipda"
        AIPTU = "Aiptu", "Aiptu"
        IPDA = "Ipda", "Ipda"
        IPTU = "Iptu", "Iptu"
        AKP = "AKP", "AKP"
        KOMPOL = "Kompol", "Kompol"
        AKBP = "AKBP", "AKBP"

    name = models.CharField(_("name"), max_length=120)
    rank = models.CharField(_("rank"), max_length=10, choices=Rank.choices)
    nrp = models.CharField(
        _("NRP"), max_length=20, blank=True, help_text=_("Internal staff number; never shown publicly.")
    )
    photo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("photo"),
    )
    unit = models.ForeignKey(
        PoliceUnit, on_delete=models.PROTECT, related_name="officers", verbose_name=_("unit")
    )
    kelurahan = models.ManyToManyField(
        Kelurahan, blank=True, related_name="officers", verbose_name=_("assigned kelurahan")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="officer", verbose_name=_("user account"),
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    whatsapp = models.CharField(_("WhatsApp"), max_length=30, blank=True)
    contact_opt_in = models.BooleanField(
        _("show phone and WhatsApp publicly"), default=False,
        help_text=_("Only when the officer agreed to publish these numbers."),
    )
    active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    objects = OfficerQuerySet.as_manager()

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("unit"),
        index.FilterField("active"),
    ]

    panels = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("rank"), FieldPanel("nrp"), FieldPanel("photo")],
            heading=_("Identity"),
        ),
        MultiFieldPanel(
            [FieldPanel("unit"), FieldPanel("kelurahan"), FieldPanel("user"), FieldPanel("active")],
            heading=_("Assignment"),
        ),
        MultiFieldPanel(
            [
                HelpPanel(content=_("Numbers are published only when the box below is ticked.")),
                FieldPanel("phone"), FieldPanel("whatsapp"), FieldPanel("contact_opt_in"),
            ],
            heading=_("Contact"),
        ),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("officer (Bhabinkamtibmas)")
        verbose_name_plural = _("officers (Bhabinkamtibmas)")

    def __str__(self):
        return f"{self.rank} {self.name}"

    @property
    def public_phone(self):
        return self.phone if self.contact_opt_in else ""

    @property
    def public_whatsapp(self):
        return self.whatsapp if self.contact_opt_in else ""

    @property
    def whatsapp_link(self):
        digits = "".join(ch for ch in self.public_whatsapp if ch.isdigit())
        if digits.startswith("0"):
            digits = "62" + digits[1:]
        return f"https://wa.me/{digits}" if digits else ""


class EmergencyNumberBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("label"), max_length=60)
    number = blocks.CharBlock(label=_("number"), max_length=30)
    description = blocks.CharBlock(label=_("description"), max_length=120, required=False)

    class Meta:
        icon = "warning"
        label = _("Emergency number")


class LinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), max_length=80)
    page = blocks.PageChooserBlock(label=_("page"), required=False)
    url = blocks.CharBlock(label=_("URL"), required=False, max_length=300)
    description = blocks.CharBlock(label=_("description"), required=False, max_length=160)

    class Meta:
        icon = "link"
        label = _("Link")


@register_setting(icon="cog")
class PortalSettings(BaseGenericSetting):
    """Contact, social links and emergency numbers shown across the site."""

    institution_name = models.CharField(
        _("institution"), max_length=120, default="Satbinmas Polres Metro Tangerang Kota"
    )
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_address = models.TextField(_("address"), blank=True)
    whatsapp = models.CharField(_("WhatsApp"), max_length=40, blank=True)
    facebook_url = models.URLField(_("Facebook"), blank=True)
    instagram_url = models.URLField(_("Instagram"), blank=True)
    x_url = models.URLField(_("X (Twitter)"), blank=True)
    youtube_url = models.URLField(_("YouTube"), blank=True)
    tiktok_url = models.URLField(_("TikTok"), blank=True)
    emergency_numbers = StreamField(
        [("number", EmergencyNumberBlock())], blank=True, verbose_name=_("emergency numbers")
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("institution_name"), FieldPanel("contact_phone"), FieldPanel("contact_email"),
             FieldPanel("contact_address"), FieldPanel("whatsapp")],
            heading=_("Contact"),
        ),
        MultiFieldPanel(
            [FieldPanel("facebook_url"), FieldPanel("instagram_url"), FieldPanel("x_url"),
             FieldPanel("youtube_url"), FieldPanel("tiktok_url")],
            heading=_("Social media"),
        ),
        FieldPanel("emergency_numbers"),
    ]

    class Meta:
        verbose_name = _("portal settings")

    @property
    def social_links(self):
        named = [("Facebook", self.facebook_url), ("Instagram", self.instagram_url),
                 ("X", self.x_url), ("YouTube", self.youtube_url), ("TikTok", self.tiktok_url)]
        return [(label, url) for label, url in named if url]


class HomePage(Page):
    hero_title = models.CharField(_("hero title"), max_length=120, blank=True)
    hero_text = RichTextField(_("hero text"), blank=True, features=["bold", "italic", "link"])
    hero_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("hero image"),
    )
    featured = StreamField(
        [("page", blocks.PageChooserBlock(label=_("page")))],
        blank=True, verbose_name=_("featured content"),
        help_text=_("Pages shown first on the home page, in this order."),
    )
    quick_links = StreamField(
        [("link", LinkBlock())], blank=True, verbose_name=_("quick links")
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("hero_title"), FieldPanel("hero_text"), FieldPanel("hero_image")],
            heading=_("Hero"),
        ),
        FieldPanel("featured"),
        FieldPanel("quick_links"),
    ]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        featured_ids = [block.value.pk for block in self.featured if block.value]
        pages = Page.objects.live().public().filter(pk__in=featured_ids).specific()
        by_id = {page.pk: page for page in pages}
        context["featured_pages"] = [by_id[pk] for pk in featured_ids if pk in by_id]
        context["finder_page"] = OfficerFinderPage.objects.live().first()
        return context


class OfficerFinderPage(Page):
    """"Temukan Bhabinkamtibmas Anda": kecamatan, then kelurahan, then the assigned officers."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    max_count = 1

    class Meta:
        verbose_name = _("officer finder page")

    @cached_property
    def kecamatan_list(self):
        return list(Kecamatan.objects.prefetch_related("kelurahan"))

    def get_context(self, request, *args, **kwargs):
        from home.finder import find_officers

        context = super().get_context(request, *args, **kwargs)
        context.update(find_officers(request.GET, self.kecamatan_list))
        return context


def unique_slug(name, taken):
    base = slugify(name) or "x"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug
