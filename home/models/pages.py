"""The site root, site-wide settings (contact, emergency numbers) and the officer finder page."""

from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from home.finder import find_officers
from home.models.regions import Kecamatan, whatsapp_link


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
    service_hours = models.TextField(
        _("service hours"),
        blank=True,
        help_text=_(
            "Shown on the home page, in the footer and on the public information page, "
            "e.g. 'Senin–Jumat 08.00–15.00 WIB'."
        ),
    )
    ppid_service_pledge = RichTextField(
        _("service pledge (Maklumat Pelayanan)"),
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text=_("The PPID's signed service pledge, shown on the public information page."),
    )
    ppid_service_standard = RichTextField(
        _("service standard (Standar Layanan)"),
        blank=True,
        features=["bold", "italic", "link", "ol", "ul", "document-link"],
        help_text=_(
            "Requirements, procedure, time and cost of the information service. When empty, the "
            "time limits of UU 14/2008 are shown."
        ),
    )
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
            [
                HelpPanel(
                    content=_(
                        "The Polres contact: shown on the home page, in the footer and wherever "
                        "an officer or a Polsek has no public number."
                    )
                ),
                FieldPanel("institution_name"),
                FieldPanel("contact_phone"),
                FieldPanel("whatsapp"),
                FieldPanel("contact_email"),
                FieldPanel("contact_address"),
                FieldPanel("service_hours"),
            ],
            heading=_("Contact"),
        ),
        MultiFieldPanel(
            [FieldPanel("ppid_service_pledge"), FieldPanel("ppid_service_standard")],
            heading=_("Public information service (PPID)"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("facebook_url"),
                FieldPanel("instagram_url"),
                FieldPanel("x_url"),
                FieldPanel("youtube_url"),
                FieldPanel("tiktok_url"),
            ],
            heading=_("Social media"),
        ),
        FieldPanel("emergency_numbers"),
    ]

    class Meta:
        verbose_name = _("portal settings")

    @property
    def whatsapp_link(self):
        return whatsapp_link(self.whatsapp)

    @property
    def has_contact(self):
        return bool(self.contact_phone or self.whatsapp or self.contact_address)

    @property
    def social_links(self):
        named = [
            ("Facebook", self.facebook_url),
            ("Instagram", self.instagram_url),
            ("X", self.x_url),
            ("YouTube", self.youtube_url),
            ("TikTok", self.tiktok_url),
        ]
        return [(label, url) for label, url in named if url]


class HomePage(Page):
    hero_title = models.CharField(_("hero title"), max_length=120, blank=True)
    hero_text = RichTextField(_("hero text"), blank=True, features=["bold", "italic", "link"])
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("hero image"),
    )
    featured = StreamField(
        [("page", blocks.PageChooserBlock(label=_("page")))],
        blank=True,
        verbose_name=_("featured content"),
        help_text=_("Pages shown first on the home page, in this order."),
    )
    quick_links = StreamField([("link", LinkBlock())], blank=True, verbose_name=_("quick links"))
    top_tasks = StreamField(
        [("task", LinkBlock())],
        blank=True,
        verbose_name=_("top tasks"),
        help_text=_(
            "The main things residents come for, shown first under the search box. When empty, "
            "the officer finder, legal guidance and the information request and tracking are shown."
        ),
    )
    search_label = models.CharField(
        _("search box label"),
        max_length=120,
        blank=True,
        help_text=_("e.g. 'What happened, or what are you looking for?'"),
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("hero_title"), FieldPanel("hero_text"), FieldPanel("hero_image")],
            heading=_("Hero"),
        ),
        MultiFieldPanel(
            [
                HelpPanel(
                    content=_(
                        "Contact, service hours and emergency numbers come from Settings → "
                        "Portal settings."
                    )
                ),
                FieldPanel("search_label"),
                FieldPanel("top_tasks"),
            ],
            heading=_("Top tasks"),
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
    """ "Temukan Bhabinkamtibmas Anda": kecamatan, then kelurahan, then the assigned officers."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    max_count = 1

    class Meta:
        verbose_name = _("officer finder page")

    @cached_property
    def kecamatan_list(self):
        return list(Kecamatan.objects.prefetch_related("kelurahan"))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(find_officers(request.GET, self.kecamatan_list))
        return context
