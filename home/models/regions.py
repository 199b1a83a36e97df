"""Regions (kecamatan, kelurahan), police units and the officer directory."""

from urllib.parse import quote_plus

from django.conf import settings
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
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
        _("spelling variants"),
        default=list,
        blank=True,
        help_text=_(
            "Other spellings residents and documents use, e.g. 'Batujaya' for 'Batu Jaya'."
        ),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["kecamatan__name", "name"]
        verbose_name = _("kelurahan")
        verbose_name_plural = _("kelurahan")
        constraints = [
            models.UniqueConstraint(
                fields=["kecamatan", "slug"], name="kelurahan_unique_slug_in_kecamatan"
            )
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
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        verbose_name=_("parent unit"),
    )
    phone = models.CharField(_("public phone"), max_length=40, blank=True)
    whatsapp = models.CharField(_("public WhatsApp"), max_length=40, blank=True)
    address = models.TextField(_("address"), blank=True)
    maps_url = models.URLField(
        _("map link"),
        blank=True,
        max_length=500,
        help_text=_(
            "A link to the office on a map. When empty, a map search for the address is linked."
        ),
    )
    covered_kecamatan = models.ManyToManyField(
        Kecamatan,
        blank=True,
        related_name="police_units",
        verbose_name=_("kecamatan covered"),
        help_text=_("Coverage is set by the admins; the seed data is partly unverified."),
    )
    coverage_note = models.TextField(
        _("coverage note"),
        blank=True,
        help_text=_("Areas outside Kota Tangerang and how certain the coverage is (internal)."),
    )
    source_url = models.URLField(_("source"), blank=True, max_length=500)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("kind"),
        FieldPanel("parent"),
        MultiFieldPanel(
            [
                HelpPanel(
                    content=_(
                        "Residents whose officer has no public number are sent to this unit. "
                        "Fill in only numbers and addresses you have checked."
                    )
                ),
                FieldPanel("phone"),
                FieldPanel("whatsapp"),
                FieldPanel("address"),
                FieldPanel("maps_url"),
            ],
            heading=_("Public contact"),
        ),
        FieldPanel("covered_kecamatan"),
        FieldPanel("coverage_note"),
        FieldPanel("source_url"),
    ]

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("police unit")
        verbose_name_plural = _("police units")

    def __str__(self):
        return self.name

    @property
    def whatsapp_link(self):
        return whatsapp_link(self.whatsapp)

    @property
    def map_link(self):
        if self.maps_url:
            return self.maps_url
        if self.address:
            return "https://www.google.com/maps/search/?api=1&query=" + quote_plus(
                " ".join(self.address.split())
            )
        return ""

    @property
    def has_contact(self):
        """Whether a resident can reach this unit from its card: a phone, a WhatsApp or an address."""
        return bool(self.phone or self.whatsapp or self.address)


def whatsapp_link(number):
    """https://wa.me/<international digits> for an Indonesian number, '' for none."""
    digits = "".join(ch for ch in number or "" if ch.isdigit())
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    return f"https://wa.me/{digits}" if digits else ""


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
        _("NRP"),
        max_length=20,
        blank=True,
        help_text=_("Internal staff number; never shown publicly."),
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("photo"),
    )
    unit = models.ForeignKey(
        PoliceUnit, on_delete=models.PROTECT, related_name="officers", verbose_name=_("unit")
    )
    kelurahan = models.ManyToManyField(
        Kelurahan, blank=True, related_name="officers", verbose_name=_("assigned kelurahan")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="officer",
        verbose_name=_("user account"),
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    whatsapp = models.CharField(_("WhatsApp"), max_length=30, blank=True)
    contact_opt_in = models.BooleanField(
        _("show phone and WhatsApp publicly"),
        default=False,
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
                FieldPanel("phone"),
                FieldPanel("whatsapp"),
                FieldPanel("contact_opt_in"),
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
        return whatsapp_link(self.public_whatsapp)

    @property
    def has_public_contact(self):
        return bool(self.public_phone or self.public_whatsapp)


def unique_slug(name, taken):
    base = slugify(name) or "x"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug
