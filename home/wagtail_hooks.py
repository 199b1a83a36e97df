"""Admin wiring for the home app: the officer directory, police units and regions."""

import django_filters
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from home.models import Kecamatan, Kelurahan, Officer, PoliceUnit


class OfficerFilterSet(WagtailFilterSet):
    unit = django_filters.ModelChoiceFilter(queryset=PoliceUnit.objects.all(), label=_("unit"))
    kecamatan = django_filters.ModelChoiceFilter(
        field_name="kelurahan__kecamatan",
        queryset=Kecamatan.objects.all(),
        label=_("kecamatan"),
        distinct=True,
    )
    active = django_filters.BooleanFilter(label=_("active"))

    class Meta:
        model = Officer
        fields = ["unit", "kecamatan", "active"]


class OfficerViewSet(SnippetViewSet):
    model = Officer
    icon = "user"
    menu_label = _("Officers")
    list_display = [
        "name",
        "rank",
        "unit",
        BooleanColumn("contact_opt_in", label=_("public contact")),
        BooleanColumn("active", label=_("active")),
    ]
    filterset_class = OfficerFilterSet
    # Searches the model's own search_fields; naming fields here trips Wagtail's SQLite FTS backend.
    ordering = ["name"]


MISSING_CONTACT = Q(phone="", whatsapp="", address="")


class PoliceUnitFilterSet(WagtailFilterSet):
    contact = django_filters.BooleanFilter(label=_("has public contact"), method="filter_contact")

    class Meta:
        model = PoliceUnit
        fields = ["kind"]

    def filter_contact(self, queryset, name, value):
        return queryset.exclude(MISSING_CONTACT) if value else queryset.filter(MISSING_CONTACT)


class PoliceUnitViewSet(SnippetViewSet):
    model = PoliceUnit
    icon = "site"
    menu_label = _("Police units")
    list_display = [
        "name",
        "kind",
        "phone",
        BooleanColumn("has_contact", label=_("public contact")),
    ]
    filterset_class = PoliceUnitFilterSet
    search_fields = ["name"]


class KelurahanViewSet(SnippetViewSet):
    model = Kelurahan
    icon = "doc-empty"
    menu_label = _("Kelurahan")
    list_display = ["name", "code", "kecamatan"]
    list_filter = ["kecamatan"]


class KecamatanViewSet(SnippetViewSet):
    model = Kecamatan
    icon = "folder-open-inverse"
    menu_label = _("Kecamatan")
    list_display = ["name", "code"]


class DirectoryGroup(SnippetViewSetGroup):
    items = (OfficerViewSet, PoliceUnitViewSet, KecamatanViewSet, KelurahanViewSet)
    menu_icon = "group"
    menu_label = _("Directory")
    menu_name = "directory"


register_snippet(DirectoryGroup)


class UnitsWithoutContactPanel(Component):
    """Editors see which police units residents cannot reach from the site yet (no phone, WhatsApp
    or address): the officer finder then falls back to the Polres contact and 110."""

    name = "units_without_contact"
    order = 40
    template_name = "home/admin/units_without_contact.html"

    def get_context_data(self, parent_context=None):
        units = list(PoliceUnit.objects.filter(MISSING_CONTACT).order_by("kind", "name"))
        return {
            "units": [
                (unit, reverse("wagtailsnippets_home_policeunit:edit", args=[unit.pk]))
                for unit in units
            ],
            "list_url": reverse("wagtailsnippets_home_policeunit:list") + "?contact=false",
        }


@hooks.register("construct_homepage_panels")
def add_units_without_contact_panel(request, panels):
    if request.user.has_perm("home.change_policeunit"):
        panels.append(UnitsWithoutContactPanel())
