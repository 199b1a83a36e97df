"""The public search page /cari/: works without JavaScript; suggestions as you type when it is on."""

from urllib.parse import urlencode

from django.shortcuts import render
from django.utils.translation import gettext as _

from search.documents import popular
from search.engines.base import FACETS, SearchUnavailable
from search.service import InvalidFilter, get_service

PAGE_SIZE = 10
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
    if query or any(filters.values()):
        try:
            results = service.search(query, filters=filters, page=page, page_size=PAGE_SIZE)
        except SearchUnavailable:
            context["unavailable"] = True
            status = 503
        else:
            context["results"] = results
            context["first_number"] = (results.page - 1) * results.page_size + 1
            context["facet_groups"] = _facet_groups(results, query, filters)
            context["previous_url"] = (
                _url(query, filters, page - 1) if results.has_previous else None
            )
            context["next_url"] = _url(query, filters, page + 1) if results.has_next else None
            if results.suggestion:
                context["suggestion_url"] = _url(results.suggestion, filters)
            if results.total and not results.hits:
                context["first_page_url"] = _url(query, filters)
    return render(request, "search/search_page.html", context, status=status)


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
