"""The embedded engine: SQLite FTS5 or PostgreSQL full text, fed with text analysed in Python.

Both databases index the same pre-stemmed tokens (search/analysis.py), so they find the same
documents; ranking weighs title above summary/keywords above body. Every full-text expression is
built from analysed tokens ([a-z0-9]+ only), each quoted, and passed as a query parameter: user
text never becomes FTS or SQL syntax.
"""

import re
from collections import Counter
from datetime import date, datetime, time

from django.db import connections, transaction
from django.db.models import Q
from django.utils import timezone

from search import analysis
from search.documents import SearchDocument
from search.engines.base import (
    DEFAULT_PAGE_SIZE,
    FACETS,
    MAX_PAGE_SIZE,
    Engine,
    FacetValue,
    Hit,
    SearchResults,
    document_facets,
)
from search.models import SearchEntry, SearchFacet, SearchTerm

SAFE_TOKEN = re.compile(r"^[a-z0-9]+$")
SQLITE_WEIGHTS = (10.0, 4.0, 1.0)  # bm25 column weights: title, summary+keywords, body
POSTGRES_WEIGHTS = "{0.05, 0.1, 0.4, 1.0}"  # ts_rank weights D, C (body), B (summary), A (title)
MAX_CORRECTION_CANDIDATES = 800  # the most frequent words of the right length and initial
CHUNK = 500


def _as_datetime(value):
    if value is None:
        return None
    if isinstance(value, datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    if isinstance(value, date):
        return timezone.make_aware(datetime.combine(value, time.min))
    return None


def _chunks(items, size=CHUNK):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


class DatabaseEngine(Engine):
    name = "database"
    _prepared: set = set()

    def __init__(self, using: str = "default"):
        self.using = using

    @property
    def connection(self):
        return connections[self.using]

    @property
    def vendor(self) -> str:
        return self.connection.vendor

    def _prepare(self):
        """The migration creates the FTS5 table; this covers a database built without it."""
        marker = (self.using, str(self.connection.settings_dict.get("NAME")))
        if self.vendor == "sqlite" and marker not in self._prepared:
            with self.connection.cursor() as cursor:
                cursor.execute(
                    "CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5("
                    "title, summary, body, tokenize='unicode61 remove_diacritics 0')"
                )
            self._prepared.add(marker)

    # --- writing ------------------------------------------------------------------------------

    @staticmethod
    def _document_text(document: SearchDocument):
        keywords = " ".join([document.summary, document.keywords, *document.topic_names])
        return (analysis.index_text(document.title), analysis.index_text(keywords),
                analysis.index_text(document.body))

    @staticmethod
    def _document_vocabulary(title, summary, body, extra=""):
        return analysis.vocabulary(" ".join([title, summary, body, extra]))

    def bulk_index(self, documents) -> int:
        documents = list({document.key: document for document in documents}.values())
        if not documents:
            return 0
        self._prepare()
        vocabulary = Counter()
        with transaction.atomic(using=self.using):
            vocabulary.subtract(self._delete_entries(Q(key__in=[d.key for d in documents])))
            entries = SearchEntry.objects.using(self.using).bulk_create(
                [self._entry(document) for document in documents]
            )
            facets, rows = [], []
            for entry, document in zip(entries, documents, strict=True):
                facets += [SearchFacet(entry_id=entry.pk, name=name, value=value[:160])
                           for name, value in document_facets(document)]
                rows.append((entry.pk, *self._document_text(document)))
                vocabulary.update(self._document_vocabulary(
                    document.title, document.summary, document.body, document.keywords))
            SearchFacet.objects.using(self.using).bulk_create(facets)
            with self.connection.cursor() as cursor:
                if self.vendor == "sqlite":
                    cursor.executemany(
                        "INSERT INTO search_fts(rowid, title, summary, body) VALUES (%s, %s, %s, %s)",
                        rows,
                    )
                elif self.vendor == "postgresql":
                    cursor.executemany(
                        "UPDATE search_searchentry SET search_vector = "
                        "setweight(to_tsvector('simple', %s), 'A') || "
                        "setweight(to_tsvector('simple', %s), 'B') || "
                        "setweight(to_tsvector('simple', %s), 'C') WHERE id = %s",
                        [(title, summary, body, pk) for pk, title, summary, body in rows],
                    )
            self._update_vocabulary(vocabulary)
        return len(documents)

    def _entry(self, document: SearchDocument) -> SearchEntry:
        return SearchEntry(
            key=document.key, type=document.type, object_id=document.id,
            title=document.title[:500],
            title_folded=(" " + " ".join(analysis.tokenize(document.title)) + " ")[:520],
            summary=document.summary, body=document.body, url=document.url[:500],
            date=_as_datetime(document.date), topics=list(document.topics),
            topic_names=list(document.topic_names), kecamatan=list(document.kecamatan),
        )

    def _delete_entries(self, condition) -> Counter:
        """Deletes matching entries and their full-text rows; returns the vocabulary they held."""
        removed = Counter()
        old = list(SearchEntry.objects.using(self.using).filter(condition)
                   .values_list("id", "title", "summary", "body"))
        if not old:
            return removed
        for _pk, title, summary, body in old:
            removed.update(self._document_vocabulary(title, summary, body))
        ids = [row[0] for row in old]
        if self.vendor == "sqlite":
            with self.connection.cursor() as cursor:
                for chunk in _chunks(ids):
                    cursor.execute(
                        f"DELETE FROM search_fts WHERE rowid IN ({', '.join(['%s'] * len(chunk))})",
                        chunk,
                    )
        for chunk in _chunks(ids):
            SearchEntry.objects.using(self.using).filter(id__in=chunk).delete()
        return removed

    def _update_vocabulary(self, delta: Counter):
        changes = {term: count for term, count in delta.items() if count}
        terms = SearchTerm.objects.using(self.using)
        for chunk in _chunks(changes):
            existing = set(terms.filter(term__in=chunk).values_list("term", flat=True))
            new = [SearchTerm(term=term, stem=analysis.stem(term), length=len(term),
                              doc_count=changes[term])
                   for term in chunk if term not in existing and changes[term] > 0]
            terms.bulk_create(new)
            if existing:
                with self.connection.cursor() as cursor:
                    cursor.executemany(
                        "UPDATE search_searchterm SET doc_count = CASE WHEN doc_count + %s < 0 "
                        "THEN 0 ELSE doc_count + %s END WHERE term = %s",
                        [(changes[term], changes[term], term) for term in existing],
                    )
        if any(count < 0 for count in changes.values()):
            terms.filter(doc_count__lte=0).delete()

    def remove(self, key: str) -> None:
        self._prepare()
        with transaction.atomic(using=self.using):
            removed = self._delete_entries(Q(key=key))
            self._update_vocabulary(Counter({term: -n for term, n in removed.items()}))

    def clear(self) -> None:
        self._prepare()
        with transaction.atomic(using=self.using):
            SearchFacet.objects.using(self.using).all().delete()
            SearchEntry.objects.using(self.using).all().delete()
            SearchTerm.objects.using(self.using).all().delete()
            if self.vendor == "sqlite":
                with self.connection.cursor() as cursor:
                    cursor.execute("DELETE FROM search_fts")

    def count(self) -> int:
        return SearchEntry.objects.using(self.using).count()

    # --- reading ------------------------------------------------------------------------------

    def corrections(self, words: list[str]) -> dict[str, str]:
        """For words the index does not know (neither the word nor its stem), the closest
        indexed word within Elasticsearch-like AUTO fuzziness."""
        stems = {word: analysis.stem(word) for word in words}
        known = SearchTerm.objects.using(self.using).filter(
            Q(term__in=words) | Q(stem__in=set(stems.values()))
        ).values_list("term", "stem")
        known_terms, known_stems = set(), set()
        for term, term_stem in known:
            known_terms.add(term)
            known_stems.add(term_stem)
        result = {}
        for word in words:
            if word in known_terms or stems[word] in known_stems:
                continue
            limit = analysis.max_edits(word)
            candidates = (
                SearchTerm.objects.using(self.using)
                .filter(term__gte=word[0], term__lt=chr(ord(word[0]) + 1),
                        length__gte=len(word) - limit, length__lte=len(word) + limit)
                .order_by("-doc_count").values_list("term", "doc_count")[:MAX_CORRECTION_CANDIDATES]
            )
            fixed = analysis.best_correction(word, candidates)
            if fixed:
                result[word] = fixed
        return result

    def _filter_sql(self, filters, id_column):
        sql, params = [], []
        for name in FACETS:
            values = [str(v) for v in (filters or {}).get(name) or []]
            if values:
                sql.append(
                    f" AND {id_column} IN (SELECT entry_id FROM search_searchfacet "
                    f"WHERE name = %s AND value IN ({', '.join(['%s'] * len(values))}))"
                )
                params += [name, *values]
        return "".join(sql), params

    def _match(self, alternatives):
        """The full-text part: SQL fragment for the WHERE clause, its params, rank SQL."""
        phrases = []
        for alternative in alternatives:
            tokens = [token for token in alternative if SAFE_TOKEN.match(token)]
            if tokens:
                phrases.append(" ".join(tokens))
        return phrases

    def query(self, text, filters=None, facets=True, highlight=True, page=1,
              page_size=DEFAULT_PAGE_SIZE) -> SearchResults:
        self._prepare()
        page = max(1, int(page or 1))
        page_size = min(MAX_PAGE_SIZE, max(1, int(page_size or DEFAULT_PAGE_SIZE)))
        analyzed = analysis.analyze_query(text, vocabulary_lookup=self.corrections)
        results = SearchResults(query=str(text or ""), page=page, page_size=page_size,
                                suggestion=analyzed.suggestion)
        phrases = self._match(analyzed.alternatives())
        if not phrases and not any((filters or {}).values()):
            return results
        concepts = [group for group in (self._match(c.alternatives) for c in analyzed.clauses) if group]
        if len(concepts) < 2:
            concepts = []  # one word: every match covers it, so coverage would not change the order
        offset = (page - 1) * page_size
        ids, counts, total = self._run(phrases, filters, facets, page_size, offset, concepts)
        results.total = total
        if facets:
            results.facets = self._facet_values(counts, filters)
        entries = SearchEntry.objects.using(self.using).in_bulk(ids)
        stems = analyzed.highlight_stems() if highlight else set()
        words = set()
        if stems and entries:
            words = set(SearchTerm.objects.using(self.using).filter(stem__in=stems)
                        .values_list("term", flat=True))
        for pk in ids:
            entry = entries.get(pk)
            if entry is not None:
                results.hits.append(self._hit(entry, stems, words))
        return results

    def _matches_cte(self, phrases, concepts=()):
        """CTE `m(id, score, coverage)` of every match, materialised so the full text is searched
        once per query (left alone, SQLite re-runs MATCH per row of a facet filter and PostgreSQL
        may walk a facet index rechecking every tsvector). `coverage` counts how many of the
        resident's words (each with its synonyms) a document matches: a guide that answers "hp",
        "dicuri" and "angkot" ranks above one that repeats only "dicuri". Returns
        (sql, params, ORDER BY of m)."""
        if not phrases:
            return ("m AS (SELECT id, date AS score, 0 AS coverage FROM search_searchentry)", [],
                    "score DESC NULLS LAST, id DESC")
        if self.vendor == "sqlite":
            weights = ", ".join(str(w) for w in SQLITE_WEIGHTS)
            match = " OR ".join(f'"{phrase}"' for phrase in phrases)
            coverage = " + ".join(
                ["(rowid IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s))"] * len(concepts)
            ) or "0"
            concept_params = [" OR ".join(f'"{phrase}"' for phrase in group) for group in concepts]
            return (f"m AS MATERIALIZED (SELECT rowid AS id, bm25(search_fts, {weights}) AS score, "
                    f"{coverage} AS coverage FROM search_fts WHERE search_fts MATCH %s)",
                    [*concept_params, match], "coverage DESC, score, id")
        tsquery = " || ".join(["phraseto_tsquery('simple', %s)"] * len(phrases))
        coverage_parts, concept_params = [], []
        for group in concepts:
            coverage_parts.append(
                "(search_vector @@ (" + " || ".join(["phraseto_tsquery('simple', %s)"] * len(group))
                + "))::int"
            )
            concept_params += list(group)
        coverage = " + ".join(coverage_parts) or "0"
        return (f"query AS (SELECT {tsquery} AS q), m AS MATERIALIZED (SELECT id, "
                f"ts_rank('{POSTGRES_WEIGHTS}', search_vector, query.q) AS score, "
                f"{coverage} AS coverage "
                "FROM search_searchentry, query WHERE search_vector @@ query.q)",
                [*phrases, *concept_params], "coverage DESC, score DESC, id")

    def _run(self, phrases, filters, facets, limit, offset, concepts=()):
        """One statement: the page of ids in rank order, then facet counts (or the total)."""
        matches, params, order = self._matches_cte(phrases, concepts)
        filter_sql, filter_params = self._filter_sql(filters, "m.id")
        tail = ("SELECT name, value, COUNT(*) FROM search_searchfacet "
                "WHERE entry_id IN (SELECT id FROM f) GROUP BY name, value" if facets
                else "SELECT '~total', '', COUNT(*) FROM f")
        sql = (
            f"WITH {matches}, f AS MATERIALIZED (SELECT m.id, m.score, m.coverage FROM m "
            f"WHERE 1 = 1{filter_sql}) "
            "SELECT '~hit', CAST(id AS TEXT), ord FROM ("
            f"SELECT id, ROW_NUMBER() OVER (ORDER BY {order}) AS ord FROM f "
            f"ORDER BY {order} LIMIT %s OFFSET %s) AS top "
            f"UNION ALL {tail}"
        )
        with self.connection.cursor() as cursor:
            cursor.execute(sql, [*params, *filter_params, limit, offset])
            rows = cursor.fetchall()
        hits, counts, total = [], {}, 0
        for kind, value, number in rows:
            if kind == "~hit":
                hits.append((number, int(value)))
            elif kind == "~total":
                total = number
            else:
                counts.setdefault(kind, []).append((value, number))
        if facets:
            total = sum(count for _value, count in counts.get("type", []))
        return [pk for _ord, pk in sorted(hits)], counts, total

    @staticmethod
    def _facet_values(counts, filters):
        result = {}
        for name in FACETS:
            selected = {str(v) for v in (filters or {}).get(name) or []}
            values = sorted(counts.get(name, []), key=lambda item: (-item[1], item[0]))
            if name == "year":
                values.sort(key=lambda item: item[0], reverse=True)
            result[name] = [FacetValue(value=value, count=count, selected=value in selected)
                            for value, count in values]
        return result

    @staticmethod
    def _hit(entry: SearchEntry, stems, words) -> Hit:
        text = f"{entry.summary} {entry.body}".strip()
        return Hit(
            key=entry.key, type=entry.type, id=entry.object_id, title=entry.title, url=entry.url,
            snippet=analysis.highlight(text, stems, words=words), date=entry.date,
            topics=[{"slug": slug, "name": name}
                    for slug, name in zip(entry.topics, entry.topic_names, strict=False)],
        )

    def suggest(self, prefix: str, limit: int = 8) -> list[dict]:
        words = analysis.tokenize(str(prefix or "")[:200])[:6]
        if not words:
            return []
        entries = SearchEntry.objects.using(self.using)
        for word in words[:-1]:
            entries = entries.filter(title_folded__contains=f" {word} ")
        entries = entries.filter(title_folded__contains=f" {words[-1]}")
        rows = entries.order_by("title").values("title", "url", "type")[: max(1, min(limit, 20))]
        return [dict(row) for row in rows]
