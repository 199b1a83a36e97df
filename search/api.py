"""Search in the public API: `/api/v1/search/` (results, facets, "did you mean") and
`/api/v1/search/suggest/` (titles as you type). Query logic lives in SearchService."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from search.engines.base import FACETS, MAX_PAGE_SIZE, SearchUnavailable
from search.service import InvalidFilter, get_service, sections

MAX_PAGE = 1000


class SearchUnavailableError(APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = _("Search is temporarily unavailable. Please try again in a few minutes.")
    default_code = "search_unavailable"

    def __init__(self, retry_after=30):
        super().__init__()
        self.wait = retry_after  # DRF's exception handler turns it into Retry-After


class QuietWhenUnavailable:
    """Search 503s are not logged one by one (Django logs every 5xx): the engine logs its failures
    and the circuit breaker its opening and closing."""

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        if isinstance(exc, SearchUnavailableError):
            response._has_been_logged = True
        return response


class SearchParamsSerializer(serializers.Serializer):
    q = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, default="", trim_whitespace=True
    )
    page = serializers.IntegerField(required=False, min_value=1, max_value=MAX_PAGE, default=1)
    page_size = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_PAGE_SIZE, default=10
    )


class SuggestParamsSerializer(serializers.Serializer):
    q = serializers.CharField(max_length=200, trim_whitespace=True)


class SearchTopicRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


class HitSerializer(serializers.Serializer):
    type = serializers.CharField()
    title = serializers.CharField()
    url = serializers.CharField(help_text="Absolute URL of the public page.")
    snippet = serializers.CharField(
        help_text="HTML: escaped text in which matched words are wrapped in <mark>."
    )
    date = serializers.DateTimeField(allow_null=True)
    topics = SearchTopicRefSerializer(many=True)
    articles = serializers.ListField(
        child=serializers.IntegerField(),
        required=False,
        help_text="Legal references only: ids of the counselling articles citing it.",
    )


class FacetValueSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    selected = serializers.BooleanField()


class FacetsSerializer(serializers.Serializer):
    type = FacetValueSerializer(many=True)
    topic = FacetValueSerializer(many=True)
    year = FacetValueSerializer(many=True)
    kecamatan = FacetValueSerializer(many=True)


class SectionSerializer(serializers.Serializer):
    type = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class SearchResponseSerializer(serializers.Serializer):
    query = serializers.CharField()
    total = serializers.IntegerField()
    page = serializers.IntegerField()
    page_size = serializers.IntegerField()
    num_pages = serializers.IntegerField()
    suggestion = serializers.CharField(allow_null=True, help_text='"Did you mean" query, if any.')
    intent = serializers.ChoiceField(
        choices=["guidance", "legal", "visit", "disclosure"],
        help_text="What the query is about; decides the order of `sections`.",
    )
    sections = SectionSerializer(
        many=True,
        help_text="Kinds of result in the order they are ranked, with counts: show guidance "
        "first, legal references (`legal_reference`) under their articles "
        "(`results[].articles`), other kinds in their own sections.",
    )
    results = HitSerializer(many=True)
    facets = FacetsSerializer()


class SuggestionSerializer(serializers.Serializer):
    title = serializers.CharField()
    url = serializers.CharField()
    type = serializers.CharField()


class SuggestResponseSerializer(serializers.Serializer):
    query = serializers.CharField()
    suggestions = SuggestionSerializer(many=True)


FILTER_PARAMETERS = [
    OpenApiParameter(
        "type",
        OpenApiTypes.STR,
        many=True,
        description="Content type: article, legal_reference, disclosure, visit.",
    ),
    OpenApiParameter("topic", OpenApiTypes.STR, many=True, description="Topic slug."),
    OpenApiParameter(
        "kecamatan",
        OpenApiTypes.STR,
        many=True,
        description="Kemendagri kecamatan code, e.g. 36.71.01.",
    ),
    OpenApiParameter("year", OpenApiTypes.INT, many=True, description="Year of the item."),
]


def _hit_payload(request, hit):
    payload = {
        "type": hit.type,
        "title": hit.title,
        "url": request.build_absolute_uri(hit.url) if hit.url else "",
        "snippet": str(hit.snippet),
        "date": hit.date,
        "topics": hit.topics,
    }
    if hit.type == "legal_reference":
        payload["articles"] = list(hit.extra.get("articles", []))
    return payload


def results_payload(request, results):
    return {
        "query": results.query,
        "total": results.total,
        "page": results.page,
        "page_size": results.page_size,
        "num_pages": results.num_pages,
        "suggestion": results.suggestion,
        "intent": results.intent,
        "sections": sections(results),
        "results": [_hit_payload(request, hit) for hit in results.hits],
        "facets": {
            name: [
                {"value": v.value, "label": v.label, "count": v.count, "selected": v.selected}
                for v in results.facets.get(name, [])
            ]
            for name in FACETS
        },
    }


class SearchView(QuietWhenUnavailable, APIView):
    @extend_schema(
        operation_id="search",
        summary="Search published guidance, legal references and public information",
        description=(
            "Informal Indonesian is understood: stemming, synonyms and abbreviations, typo "
            "tolerance. `results` is one ranked list: counselling guidance first unless the "
            "query is about legal references (a citation), visit reports (a place with activity "
            "words) or the public-information register (`intent`); `sections` gives the kinds "
            "in that order with their counts. Matches under the relevance floor are not "
            "answers: an off-topic query has `total` 0. Repeating a filter (e.g. `topic=a&topic=b`) matches either value; "
            "unknown filter values are a 400. A page beyond the last answers with no results."
        ),
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, description="What the resident typed."),
            *FILTER_PARAMETERS,
            OpenApiParameter("page", OpenApiTypes.INT, description=f"1-{MAX_PAGE}"),
            OpenApiParameter("page_size", OpenApiTypes.INT, description=f"1-{MAX_PAGE_SIZE}"),
        ],
        responses={200: SearchResponseSerializer},
        tags=["search"],
    )
    def get(self, request):
        params = SearchParamsSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        service = get_service()
        try:
            filters = service.clean_filters(
                {name: request.query_params.getlist(name) for name in FACETS}
            )
        except InvalidFilter as exc:
            error = ValidationError(exc.fields)
            error.error_code = "invalid_filter"
            raise error from exc
        try:
            results = service.search(
                params.validated_data["q"],
                filters=filters,
                page=params.validated_data["page"],
                page_size=params.validated_data["page_size"],
            )
        except SearchUnavailable as exc:
            raise SearchUnavailableError(exc.retry_after) from exc
        return Response(results_payload(request, results))


class SuggestView(QuietWhenUnavailable, APIView):
    @extend_schema(
        operation_id="search_suggest",
        summary="Titles completing what is being typed",
        parameters=[OpenApiParameter("q", OpenApiTypes.STR, required=True)],
        responses={200: SuggestResponseSerializer},
        tags=["search"],
    )
    def get(self, request):
        params = SuggestParamsSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        try:
            suggestions = get_service().suggest(params.validated_data["q"])
        except SearchUnavailable as exc:
            raise SearchUnavailableError(exc.retry_after) from exc
        for item in suggestions:
            item["url"] = request.build_absolute_uri(item["url"]) if item["url"] else ""
        return Response({"query": params.validated_data["q"], "suggestions": suggestions})
