"""The public search page /cari/: works without JavaScript; suggestions as you type when it is on."""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.clientaddr import rate_limit
from search.documents import popular
from search.engines.base import FACETS, SearchUnavailable
from search.service import SECTION_LABELS, InvalidFilter, get_service, sections

PAGE_SIZE = 10
SECTION_PREVIEW = 3  # items of a secondary kind shown on the "all" view, with a link to its tab
LEGAL_PER_ARTICLE = 50  # legal references read to put under the articles of a page
MAX_PAGE = 1000
FACET_TITLES = {
    "type": lambda: _("Type"),
    "topic": lambda: _("Topic"),
    "year": lambda: _("Year"),
    "kecamatan": lambda: _("Kecamatan"),
}


def _page_number(raw):
    try:
        return min(MAX_PAGE, max(1, int(raw)))
    except (TypeError, ValueError):
        return 1


def _url(query, filters, page=1):
    params = [("q", query)] if query else []
    params += [(name, value) for name in FACETS for value in filters.get(name, [])]
    if page > 1:
        params.append(("page", page))
    return "?" + urlencode(params)


def search_page(request):
    limit, window = getattr(settings, "SEARCH_RATE_LIMIT", (60, 60))
    allowed, retry_after = rate_limit(request, "search-page", limit, window)
    if not allowed:
        response = render(
            request,
            "search/search_page.html",
            {
                "query": "",
                "filters": {},
                "results": None,
                "facet_groups": [],
                "notice": _(
                    "Too many searches from your address. Please wait a moment and try again."
                ),
            },
            status=429,
        )
        response["Retry-After"] = str(retry_after)
        return response
    query = request.GET.get("q", "")[:2000].strip()
    page = _page_number(request.GET.get("page"))
    service = get_service()
    raw_filters = {name: request.GET.getlist(name)[:5] for name in FACETS}
    notice = None
    try:
        filters = service.clean_filters(raw_filters)
    except InvalidFilter as exc:  # drop what is unknown, say so, search with the rest
        filters = {k: v for k, v in raw_filters.items() if v and k not in exc.fields}
        notice = _("Some filters were not recognised and were ignored.")
    context = {
        "query": query,
        "filters": filters,
        "notice": notice,
        "results": None,
        "unavailable": False,
        "facet_groups": [],
        "popular_topics": _popular_topics(),
    }
    status = 200
    retry_after = None
    if query or any(filters.values()):
        try:
            _search_context(context, service, query, filters, page)
        except SearchUnavailable as exc:
            context["unavailable"] = True
            status = 503
            retry_after = exc.retry_after
    response = render(request, "search/search_page.html", context, status=status)
    if retry_after:
        response["Retry-After"] = str(retry_after)
        response._has_been_logged = True  # the engine and the breaker log the outage, not each 503
    return response


def _search_context(context, service, query, filters, page):
    """The "all" view groups results by kind: the first kind the query ranks (guidance, unless
    the query is about another kind) paginated, legal references as "Dasar hukum" under their
    articles, other kinds as short sections linking to their own tab (?type=...). A tab (a type
    filter) lists one kind, paginated. Every view and tab is a plain link: no JavaScript needed."""
    chosen_types = filters.get("type", [])
    overview = service.search(
        query,
        filters={k: v for k, v in filters.items() if k != "type"},
        page=1,
        page_size=1,
        highlight=False,
    )
    kinds = sections(overview)
    context["overview"] = overview
    context["tabs"] = _tabs(query, filters, kinds, overview.total, chosen_types)
    if overview.suggestion:
        context["suggestion_url"] = _url(overview.suggestion, filters)
    if chosen_types or not query:
        results = service.search(query, filters=filters, page=page, page_size=PAGE_SIZE)
        context["results"] = results
        context["primary"] = {
            "hits": results.hits,
            "type": chosen_types[0] if len(chosen_types) == 1 else "",
        }
        _paginate(context, results, query, filters, page)
        context["facet_groups"] = _facet_groups(results, query, filters)
        return
    context["results"] = overview
    context["facet_groups"] = _facet_groups(overview, query, filters)
    if not kinds:
        return
    primary_type = next(
        (k["type"] for k in kinds if k["type"] != "legal_reference" or overview.intent == "legal"),
        kinds[0]["type"],
    )
    primary = service.search(
        query, filters={**filters, "type": [primary_type]}, page=page, page_size=PAGE_SIZE
    )
    context["primary"] = {
        "type": primary_type,
        "label": SECTION_LABELS.get(primary_type, ""),
        "hits": primary.hits,
        "count": primary.total,
    }
    _paginate(context, primary, query, filters, page)
    counts = {k["type"]: k["count"] for k in kinds}
    if primary_type == "article" and counts.get("legal_reference"):
        legal = service.search(
            query,
            filters={**filters, "type": ["legal_reference"]},
            page=1,
            page_size=LEGAL_PER_ARTICLE,
        )
        by_article = {}
        for hit in legal.hits:
            for article_id in hit.extra.get("articles", []):
                by_article.setdefault(article_id, []).append(hit)
        context["primary"]["hits"] = [
            _with_basis(hit, by_article.get(hit.id, [])) for hit in primary.hits
        ]
    others = []
    if page == 1:
        for kind in kinds:
            if kind["type"] in (primary_type, "legal_reference"):
                continue
            hits = service.search(
                query,
                filters={**filters, "type": [kind["type"]]},
                page=1,
                page_size=SECTION_PREVIEW,
            ).hits
            others.append(
                {**kind, "hits": hits, "url": _url(query, {**filters, "type": [kind["type"]]})}
            )
    context["other_sections"] = others


def _with_basis(hit, references):
    hit.basis = references
    return hit


def _paginate(context, results, query, filters, page):
    context["first_number"] = (results.page - 1) * results.page_size + 1
    context["previous_url"] = _url(query, filters, page - 1) if results.has_previous else None
    context["next_url"] = _url(query, filters, page + 1) if results.has_next else None
    context["num_pages"] = results.num_pages
    if results.total and not results.hits:
        context["first_page_url"] = _url(query, filters)


def _tabs(query, filters, kinds, total, chosen_types):
    """ "Semua" and one tab per kind with its count, in the order the query ranks the kinds."""
    rest = {k: v for k, v in filters.items() if k != "type"}
    tabs = [
        {"label": _("All"), "count": total, "url": _url(query, rest), "current": not chosen_types}
    ]
    for kind in kinds:
        tabs.append(
            {
                "label": kind["label"],
                "count": kind["count"],
                "type": kind["type"],
                "url": _url(query, {**rest, "type": [kind["type"]]}),
                "current": chosen_types == [kind["type"]],
            }
        )
    return tabs


def _facet_groups(results, query, filters):
    groups = []
    for name in FACETS:
        values = results.facets.get(name, [])
        if not values:
            continue
        links = []
        for value in values[:12]:
            chosen = list(filters.get(name, []))
            if value.value in chosen:
                chosen.remove(value.value)
            else:
                chosen.append(value.value)
            links.append(
                {
                    "label": value.label,
                    "count": value.count,
                    "selected": value.selected,
                    "url": _url(query, {**filters, name: chosen}),
                }
            )
        groups.append({"name": name, "title": FACET_TITLES[name](), "links": links})
    return groups


def _popular_topics():
    return popular("topic")
