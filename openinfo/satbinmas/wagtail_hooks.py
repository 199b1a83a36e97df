"""Admin for the Satbinmas units (name, description; their members and heads) and the registers
the units' activities choose from: Siskamling posts (Binkamsa) and FKPM forums (BinPolmas). One
"Satbinmas" menu; model permissions decide who edits (superusers, or groups given them)."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from openinfo.satbinmas.models import FkpmForum, SatbinmasUnit, SiskamlingPost, UnitMembership


class SatbinmasUnitViewSet(SnippetViewSet):
    """The six units are data (openinfo/data/satbinmas_units.csv): edited, never added here."""

    model = SatbinmasUnit
    icon = "group"
    menu_label = _("Units")
    list_display = [
        "short_name",
        "name",
        Column("head", label=_("Head of unit")),
        Column("member_count", label=_("People")),
    ]
    inspect_view_enabled = True
    copy_view_enabled = False
    panels = [FieldPanel("name"), FieldPanel("short_name"), FieldPanel("description")]

    def get_queryset(self, request):
        return (
            SatbinmasUnit.objects.annotate(member_count=Count("memberships"))
            .prefetch_related("memberships__officer")
            .order_by("order")
        )


class UnitMembershipViewSet(SnippetViewSet):
    model = UnitMembership
    icon = "user"
    menu_label = _("Members and heads")
    list_display = ["officer", "unit", "role", "since"]
    list_filter = ["unit", "role"]
    copy_view_enabled = False
    panels = [FieldPanel("officer"), FieldPanel("unit"), FieldPanel("role"), FieldPanel("since")]


class SiskamlingPostViewSet(SnippetViewSet):
    model = SiskamlingPost
    icon = "home"
    menu_label = _("Siskamling posts")
    list_display = ["name", "kelurahan", "rw", "rt", "active", "retired"]
    list_filter = ["active", "retired", "kelurahan__kecamatan"]
    search_fields = ["name"]
    copy_view_enabled = False
    panels = [
        FieldPanel("kelurahan"),
        FieldPanel("name"),
        FieldPanel("rw"),
        FieldPanel("rt"),
        FieldPanel("active"),
        FieldPanel("retired"),
    ]


class FkpmForumViewSet(SnippetViewSet):
    model = FkpmForum
    icon = "group"
    menu_label = _("FKPM forums")
    list_display = ["name", "kelurahan", "active"]
    list_filter = ["active", "kelurahan__kecamatan"]
    search_fields = ["name"]
    copy_view_enabled = False
    panels = [FieldPanel("kelurahan"), FieldPanel("name"), FieldPanel("active")]


class SatbinmasGroup(SnippetViewSetGroup):
    menu_label = _("Satbinmas")
    menu_icon = "group"
    menu_name = "satbinmas"
    menu_order = 245
    items = (SatbinmasUnitViewSet, UnitMembershipViewSet, SiskamlingPostViewSet, FkpmForumViewSet)


register_snippet(SatbinmasGroup)
