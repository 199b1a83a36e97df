"""Admin wiring of the counselling taxonomy: topics, legal references (unverified ones flagged), audiences."""

import django_filters
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from counselling.models import Audience, LegalReference, QuestionAnswer, Topic


class VerificationColumn(Column):
    """'Verified' / 'NOT VERIFIED' badge, so an editor never mistakes a reference for checked law."""

    def get_value(self, instance):
        if instance.verified:
            return format_html('<span class="w-status w-status--primary">{}</span>', _("verified"))
        return format_html(
            '<span class="w-status w-status--label" style="background:#fdecee;color:#a3001a;'
            'border-color:#a3001a">{}</span>',
            _("NOT VERIFIED"),
        )


class LegalReferenceFilterSet(WagtailFilterSet):
    verified = django_filters.BooleanFilter(label=_("verified"))

    class Meta:
        model = LegalReference
        fields = ["verified"]


class LegalReferenceChooserViewSet(SnippetChooserViewSet):
    # The chooser lists __str__, which appends "[unverified]" to unverified references.
    per_page = 30


class LegalReferenceViewSet(SnippetViewSet):
    model = LegalReference
    icon = "openquote"
    menu_label = _("Legal references")
    list_display = [
        "instrument",
        "article",
        VerificationColumn("verified", label=_("status")),
        "source_url",
    ]
    filterset_class = LegalReferenceFilterSet
    search_fields = ["instrument", "article"]
    ordering = ["verified", "instrument", "article"]
    chooser_viewset_class = LegalReferenceChooserViewSet


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    menu_label = _("Topics")
    list_display = ["name", "slug", "code", "order"]
    search_fields = ["name"]
    ordering = ["order", "name"]


class AudienceViewSet(SnippetViewSet):
    model = Audience
    icon = "group"
    menu_label = _("Audiences")
    list_display = ["name", "slug", "order"]


class QuestionAnswerViewSet(SnippetViewSet):
    """Tanya Jawab entries: drafts, revisions and the editorial workflow (approval publishes)."""

    model = QuestionAnswer
    icon = "help"
    menu_label = _("Tanya Jawab")
    list_display = ["title", "live", "updated_at"]
    search_fields = ["title"]
    copy_view_enabled = False


class CounsellingGroup(SnippetViewSetGroup):
    items = (TopicViewSet, LegalReferenceViewSet, AudienceViewSet, QuestionAnswerViewSet)
    menu_icon = "openquote"
    menu_label = _("Legal guidance")
    menu_name = "counselling"


register_snippet(CounsellingGroup)
