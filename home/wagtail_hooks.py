"""Admin wiring for the home app: the officer directory, police units and regions."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
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


class PoliceUnitViewSet(SnippetViewSet):
    model = PoliceUnit
    icon = "site"
    menu_label = _("Police units")
    list_display = ["name", "kind", "phone"]
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
