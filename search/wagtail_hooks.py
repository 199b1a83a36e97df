"""Admin wiring: editors maintain their own synonym groups (applied at query time)."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from search.models import SynonymGroup


class SynonymGroupViewSet(SnippetViewSet):
    model = SynonymGroup
    icon = "search"
    menu_label = _("Search synonyms")
    add_to_admin_menu = False
    list_display = ["terms", "note", "active", "updated_at"]
    list_filter = ["active"]
    search_fields = ["terms", "note"]


register_snippet(SynonymGroupViewSet)
