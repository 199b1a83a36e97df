"""Search engines behind one interface (engines/base.py), chosen by settings.SEARCH_ENGINE."""

from django.conf import settings
from django.utils.module_loading import import_string

ENGINES = {
    "database": "search.engines.database.DatabaseEngine",
    "elasticsearch": "search.engines.elasticsearch.ElasticsearchEngine",
}


def get_engine(name: str | None = None):
    name = name or getattr(settings, "SEARCH_ENGINE", "database") or "database"
    if name not in ENGINES:
        raise ValueError(f"Unknown search engine {name!r}; choose one of {', '.join(ENGINES)}")
    return import_string(ENGINES[name])()
