"""/api/v1/tanya-jawab/: the published Tanya Jawab entries (public fields only), and their place in
the partners' change feed (`qa.published|updated|unpublished`)."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from core.reads import PartnerReadMixin
from counselling.models import QuestionAnswer, absolute_url


class QuestionAnswerSerializer(serializers.ModelSerializer):
    topics = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")
    url = serializers.SerializerMethodField()
    published_at = serializers.DateTimeField(source="last_published_at", read_only=True)

    class Meta:
        model = QuestionAnswer
        fields = [
            "id",
            "slug",
            "title",
            "question",
            "answer",
            "topics",
            "url",
            "published_at",
            "updated_at",
        ]

    def get_url(self, obj) -> str:
        return absolute_url(obj.get_url())


def published_questions():
    return (
        QuestionAnswer.objects.published().prefetch_related("topics").order_by("-updated_at", "-id")
    )


@extend_schema_view(
    list=extend_schema(
        summary="Tanya Jawab: residents' legal questions answered as public guidance"
    ),
    retrieve=extend_schema(summary="One Tanya Jawab entry"),
)
class QuestionAnswerViewSet(PartnerReadMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = QuestionAnswerSerializer
    lookup_field = "slug"
    ordering = ["-updated_at", "-id"]
    filter_backends = []

    def get_queryset(self):
        return published_questions()


def register_public_types():
    from partners import changes

    changes.register_public_type(
        "qa",
        QuestionAnswer,
        queryset=published_questions,
        serializer_class=QuestionAnswerSerializer,
        is_public=lambda entry: entry.live,
        # Saving a draft revision of a live entry touches only its bookkeeping, not what is public.
        ignore_update_fields={
            "latest_revision",
            "has_unpublished_changes",
            "draft_title",
            "locked",
            "locked_at",
            "locked_by",
        },
    )
