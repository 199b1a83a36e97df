"""The embedded engine: SQLite FTS5 or PostgreSQL full text, fed with text analysed in Python.

Both databases index the same pre-stemmed tokens (search/analysis.py), so they find the same
documents; ranking weighs title above summary/keywords above body. Every full-text expression is
built from analysed tokens ([a-z0-9]+ only), each quoted, and passed as a query parameter: user
text never becomes FTS or SQL syntax.
"""

import re
import time as clock
from collections import Counter
from datetime import date, datetime, time

from django.db import connections, transaction
from django.db.models import Q
from django.utils import timezone

from search import analysis, intent, relevance
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
from search.models import SearchEntry, SearchTerm

SAFE_TOKEN = re.compile(r"^[a-z0-9]+$")
SAFE_TYPE = re.compile(r"^[a-z_]+$")
SQLITE_WEIGHTS = (10.0, 4.0, 1.0)  # bm25 column weights: title, summary+keywords, body
POSTGRES_WEIGHTS = "{0.05, 0.1, 0.4, 1.0}"  # ts_rank weights D, C (body), B (summary), A (title)
MAX_CORRECTION_CANDIDATES = 800  # the most frequent words of the right length and initial
CHUNK = 500
HIT_FIELDS = (
    "key",
    "type",
    "object_id",
    "title",
    "url",
    "summary",
    "body",
    "date",
    "topics",
    "topic_names",
    "extra",
)
COMMON_CONCEPT_DOCS = 2000  # coverage leaves out words in more documents (see _discriminating)
RESCORE_WINDOW = 200  # PostgreSQL: matches ranked on their full vector (see _postgres_matches)
# The relevance floor: the share of the query's information (idf-weighted concepts, see
# _concept_weights) a document must match to be shown as an answer. Calibrated on the labelled set
# by bench/search_relevance.py --calibrate (docs/search.md).
RELEVANCE_FLOOR = 0.5
# A spelling correction is a guess: it is used (and offered as "did you mean") only when a document
# matches at least this share of the corrected query, and more than the typed query found.
CORRECTION_SHARE = 0.75
DOCUMENT_COUNT_SECONDS = 60  # how long the document count used for idf is reused


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


_document_counts: dict = {}


class DatabaseEngine(Engine):
    name = "database"
    _prepared: set = set()

    def __init__(self, using: str = "default", relevance_floor: float | None = None):
        self.using = using
        self.relevance_floor = RELEVANCE_FLOOR if relevance_floor is None else relevance_floor

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
        high = document.topic_names if document.topic_weight == "high" else ()
        low = () if document.topic_weight == "high" else document.topic_names
        keywords = " ".join([document.summary, document.keywords, *high])
        return (
            analysis.index_text(document.title),
            analysis.index_text(keywords),
            analysis.index_text(" ".join([document.body, *low])),
        )

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
            rows = []
            for entry, document in zip(entries, documents, strict=True):
                rows.append((entry.pk, *self._document_text(document)))
                vocabulary.update(
                    self._document_vocabulary(
                        document.title, document.summary, document.body, document.keywords
                    )
                )
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
        self._forget_count()
        return len(documents)

    def _entry(self, document: SearchDocument) -> SearchEntry:
        return SearchEntry(
            key=document.key,
            type=document.type,
            object_id=document.id,
            title=document.title[:500],
            title_folded=(" " + " ".join(analysis.tokenize(document.title)) + " ")[:520],
            summary=document.summary,
            body=document.body,
            url=document.url[:500],
            date=_as_datetime(document.date),
            topics=list(document.topics),
            topic_names=list(document.topic_names),
            kecamatan=list(document.kecamatan),
            facet_keys=[f"{name}={value[:160]}" for name, value in document_facets(document)],
            extra=dict(document.extra or {}),
        )

    def _delete_entries(self, condition) -> Counter:
        """Deletes matching entries and their full-text rows; returns the vocabulary they held."""
        removed = Counter()
        old = list(
            SearchEntry.objects.using(self.using)
            .filter(condition)
            .values_list("id", "title", "summary", "body")
        )
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
            new = [
                SearchTerm(
                    term=term, stem=analysis.stem(term), length=len(term), doc_count=changes[term]
                )
                for term in chunk
                if term not in existing and changes[term] > 0
            ]
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

    def rebuild(self, batches) -> int:
        """Replace the whole index in ONE transaction: readers see the old index until the commit
        (PostgreSQL's MVCC; SQLite readers keep their snapshot until the writer commits), and an
        interrupted rebuild (an error, a killed process) rolls back to the live index untouched —
        the database engine's equivalent of Elasticsearch's alias switch. Index updates arriving
        meanwhile wait for the commit (on SQLite they fail and the task worker retries them)."""
        self._prepare()
        try:
            with transaction.atomic(using=self.using):
                return super().rebuild(batches)
        finally:
            self._forget_count()  # a count cached from the old rows while the rebuild ran

    def remove(self, key: str) -> None:
        self._prepare()
        with transaction.atomic(using=self.using):
            removed = self._delete_entries(Q(key=key))
            self._update_vocabulary(Counter({term: -n for term, n in removed.items()}))
        self._forget_count()

    def clear(self) -> None:
        self._prepare()
        with transaction.atomic(using=self.using):
            SearchEntry.objects.using(self.using).all().delete()
            SearchTerm.objects.using(self.using).all().delete()
            if self.vendor == "sqlite":
                with self.connection.cursor() as cursor:
                    cursor.execute("DELETE FROM search_fts")
        self._forget_count()

    def count(self) -> int:
        return SearchEntry.objects.using(self.using).count()

    # --- reading ------------------------------------------------------------------------------

    def corrections(self, words: list[str], allow_regions: bool = False) -> dict[str, str]:
        """For words the index does not know (neither the word nor its stem), the closest word
        of the content vocabulary (indexed titles, summaries and bodies, and the synonym groups)
        within Elasticsearch-like AUTO fuzziness. Kelurahan/kecamatan names are only proposed
        when the query is about a place (`allow_regions`): "rendang" never becomes "Pajang"."""
        stems = {word: analysis.stem(word) for word in words}
        known = (
            SearchTerm.objects.using(self.using)
            .filter(Q(term__in=words) | Q(stem__in=set(stems.values())))
            .values_list("term", "stem")
        )
        known_terms, known_stems = set(), set()
        for term, term_stem in known:
            known_terms.add(term)
            known_stems.add(term_stem)
        unknown = [
            word
            for word in dict.fromkeys(words)
            if word not in known_terms and stems[word] not in known_stems
        ]
        if not unknown:
            return {}
        result = self._colloquial(unknown)
        # A dictionary word is spelled right: the site just does not use it (no "did you mean").
        unknown = [
            word for word in unknown if word not in result and not analysis.is_dictionary_word(word)
        ]
        if not unknown:
            return result
        # One statement for every unknown word: the most frequent terms of the right length and
        # initial, each list bounded.
        parts, params = [], []
        for word in unknown:
            limit = analysis.max_edits(word)
            parts.append(
                "SELECT * FROM (SELECT %s AS word, term, doc_count FROM search_searchterm "
                "WHERE term >= %s AND term < %s AND length >= %s AND length <= %s "
                "ORDER BY doc_count DESC LIMIT %s) AS c"
            )
            params += [
                word,
                word[0],
                chr(ord(word[0]) + 1),
                len(word) - limit,
                len(word) + limit,
                MAX_CORRECTION_CANDIDATES,
            ]
        candidates = {word: [] for word in unknown}
        with self.connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            for word, term, doc_count in cursor.fetchall():
                candidates[word].append((term, doc_count))
        excluded = frozenset() if allow_regions else intent.region_words()
        synonym_words = analysis.synonym_index().words
        for word in unknown:
            options = [(term, n) for term, n in candidates[word] if term not in excluded]
            options += [
                (term, 0)
                for term in synonym_words
                if term[:1] == word[:1]
                and term.isalpha()
                and term not in excluded
                and abs(len(term) - len(word)) <= analysis.max_edits(word)
            ]
            fixed = analysis.best_correction(word, options)
            if fixed:
                result[word] = fixed
        return result

    def _colloquial(self, words) -> dict[str, str]:
        """Colloquial verbs whose standard form the index knows ("nagih" -> "tagih")."""
        options = {word: analysis.colloquial_roots(word) for word in words}
        roots = {root for candidates in options.values() for root in candidates}
        if not roots:
            return {}
        stems = {root: analysis.stem(root) for root in roots}
        known = set(
            SearchTerm.objects.using(self.using)
            .filter(Q(term__in=roots) | Q(stem__in=set(stems.values())))
            .values_list("stem", flat=True)
        )
        found = {}
        for word, candidates in options.items():
            for root in candidates:
                if stems[root] in known:
                    found[word] = analysis.Colloquial(root)
                    break
        return found

    def _filter_sql(self, filters):
        """Conditions on `m.facet_keys`: any of a facet's values, every facet given."""
        sql, params = [], []
        for name in FACETS:
            keys = [f"{name}={value}" for value in (filters or {}).get(name) or []]
            if not keys:
                continue
            if self.vendor == "postgresql":
                sql.append(" AND m.facet_keys ?| %s")
                params.append(keys)
            else:
                sql.append(
                    " AND EXISTS (SELECT 1 FROM json_each(m.facet_keys) AS k "
                    f"WHERE k.value IN ({', '.join(['%s'] * len(keys))}))"
                )
                params += keys
        return "".join(sql), params

    def _match(self, alternatives):
        """The full-text part: SQL fragment for the WHERE clause, its params, rank SQL."""
        phrases = []
        for alternative in alternatives:
            tokens = [token for token in alternative if SAFE_TOKEN.match(token)]
            if tokens:
                phrases.append(" ".join(tokens))
        return phrases

    def query(
        self, text, filters=None, facets=True, highlight=True, page=1, page_size=DEFAULT_PAGE_SIZE
    ) -> SearchResults:
        """Ranks by kind first (search/intent.py: guidance before legal references, public
        information and visit summaries unless the query is about them), then by coverage and
        relevance; leaves out documents under the relevance floor. A "did you mean" correction is
        only used (and offered) when it finds better answers than what was typed."""
        self._prepare()
        page = max(1, int(page or 1))
        page_size = min(MAX_PAGE_SIZE, max(1, int(page_size or DEFAULT_PAGE_SIZE)))
        text = str(text or "")
        query_intent = intent.classify(text)
        allow_regions = intent.mentions_region(text)
        analyzed = analysis.analyze_query(
            text, vocabulary_lookup=lambda words: self.corrections(words, allow_regions)
        )
        options = dict(
            filters=filters,
            facets=facets,
            highlight=highlight,
            page=page,
            page_size=page_size,
            query_intent=query_intent,
        )
        if analyzed.corrections:
            typed = analysis.analyze_query(text)
            original, original_best = self._search(typed, text, **options)
            corrected, corrected_best = self._search(analyzed, text, **options)
            silent = all(isinstance(f, analysis.Colloquial) for f in analyzed.corrections.values())
            needed = self.relevance_floor if silent else CORRECTION_SHARE
            if corrected_best > original_best and corrected_best >= needed:
                corrected.suggestion = analyzed.suggestion
                return corrected
            return original
        results, _best = self._search(analyzed, text, **options)
        return results

    def _search(
        self, analyzed, text, filters, facets, highlight, page, page_size, query_intent
    ) -> tuple[SearchResults, float]:
        """One analysed query: (results, best share of the query a document matched)."""
        results = SearchResults(
            query=text,
            page=page,
            page_size=page_size,
            intent=query_intent.kind,
            kind_order=query_intent.order,
        )
        phrases = self._match(analyzed.alternatives())
        if not phrases and not any((filters or {}).values()):
            return results, 0.0
        # Coverage counts what the question is about; in a question (guidance intent) a place
        # ("di cipondoh", "tangerang") only says where, and every report there would match it.
        context = intent.place_words(text) if query_intent.kind == "guidance" else frozenset()
        concepts = [
            (group, intent.is_topical(clause))
            for clause in analyzed.clauses
            if not set(clause.source) <= context
            for group in [self._match(clause.whole)]
            if group
        ]
        stems = analyzed.highlight_stems() if highlight else set()
        vocabulary = {}  # stem -> {indexed surface word: documents}
        if phrases:
            rows = (
                SearchTerm.objects.using(self.using)
                .filter(stem__in={token for phrase in phrases for token in phrase.split()})
                .values_list("stem", "term", "doc_count")
            )
            for term_stem, term, doc_count in rows:
                vocabulary.setdefault(term_stem, {})[term] = doc_count
        weighted, floor = self._concept_weights(concepts, vocabulary)
        offset = (page - 1) * page_size
        ids, counts, total, best = self._run(
            phrases, filters, facets, page_size, offset, weighted, floor, query_intent.order
        )
        results.total = total
        if facets:
            results.facets = self._facet_values(counts, filters)
        entries = SearchEntry.objects.using(self.using).only(*HIT_FIELDS).in_bulk(ids)
        words = {term for term_stem in stems for term in vocabulary.get(term_stem, ())}
        for pk in ids:
            entry = entries.get(pk)
            if entry is not None:
                results.hits.append(self._hit(entry, stems, words))
        total_weight = sum(weight for _group, weight in weighted)
        share = best / total_weight if total_weight else (1.0 if total else 0.0)
        return results, share if total else 0.0

    def _count_key(self):
        return (self.using, str(self.connection.settings_dict.get("NAME")))

    def _forget_count(self):
        _document_counts.pop(self._count_key(), None)

    def document_count(self) -> int:
        """Documents in the index, for idf; counted at most every DOCUMENT_COUNT_SECONDS."""
        key = self._count_key()
        cached = _document_counts.get(key)
        now = clock.monotonic()
        if cached is None or now - cached[1] > DOCUMENT_COUNT_SECONDS:
            cached = (SearchEntry.objects.using(self.using).count(), now)
            _document_counts[key] = cached
        return cached[0]

    def _concept_weights(self, concepts, vocabulary):
        """([(concept, weight)], floor): the concepts coverage counts, each weighted as
        search/relevance.py says (df estimated from the vocabulary), and the coverage a document
        needs to be shown: RELEVANCE_FLOOR of the total weight. A one-concept query has no
        coverage step: whatever matches it matches all of it."""
        if len(concepts) < 2:
            return [], 0.0
        kept = self._discriminating(concepts, vocabulary)
        if not kept:
            return [], 0.0
        weights = relevance.concept_weights(
            self.document_count(),
            [df for _group, df, _lexicon in kept],
            [lexicon for _group, _df, lexicon in kept],
        )
        weighted = [
            (group, weight) for (group, _df, _lexicon), weight in zip(kept, weights, strict=True)
        ]
        total = sum(weight for _group, weight in weighted)
        return weighted, self.relevance_floor * total - 1e-9

    @staticmethod
    def _discriminating(concepts, vocabulary):
        """The concepts coverage counts, with their estimated document counts: those found in at
        most COMMON_CONCEPT_DOCS documents (estimated from the vocabulary's counts). A word in
        thousands of documents says little about which one answers the question (the idea of
        Elasticsearch's common-terms cutoff; its idf weight would be small anyway); ranking still
        weighs it, and leaving it out spares PostgreSQL reading thousands of rows for it."""

        def documents(phrase):
            counts = [sum(vocabulary.get(token, {}).values()) for token in phrase.split()]
            return min(counts) if counts else 0

        kept = []
        for group, lexicon in concepts:
            # How informative the concept is: the documents of what was typed (the first phrase);
            # synonyms widen the match but do not make the resident's word less specific. A typed
            # word the index lacks takes the most common of its synonyms.
            counts = [documents(phrase) for phrase in group]
            if sum(counts) <= COMMON_CONCEPT_DOCS:
                kept.append((group, counts[0] or max(counts), lexicon))
        return kept

    def _matches_cte(self, phrases, concepts=()):
        """CTEs ending in `m(id, type, score, coverage, facet_keys)` — every match, materialised so
        the full text is searched once per query (left alone, SQLite re-runs MATCH per row of a
        facet filter) — and the ranking of `f` (the matches left after filters and the floor), as
        (sql, params, ranked rows, ORDER BY of them).

        `coverage` adds up the idf weights of the resident's words (each with its synonyms) a
        document matches: a guide that answers "hp", "dicuri" and "angkot" ranks above one that
        repeats only "dicuri", and the floor compares it with the query's total weight."""
        if not phrases:
            return (
                "m AS (SELECT id, type, date AS score, 0 AS coverage, facet_keys "
                "FROM search_searchentry)",
                [],
                "f",
                "score DESC NULLS LAST, id DESC",
            )
        if self.vendor == "sqlite":
            weights = ", ".join(str(w) for w in SQLITE_WEIGHTS)
            match = " OR ".join(f'"{phrase}"' for phrase in phrases)
            covered = (
                "{weight!r} * (search_fts.rowid IN "
                "(SELECT rowid FROM search_fts WHERE search_fts MATCH %s))"
            )
            coverage = (
                " + ".join(covered.format(weight=float(weight)) for _group, weight in concepts)
                or "0"
            )
            concept_params = [
                " OR ".join(f'"{phrase}"' for phrase in group) for group, _weight in concepts
            ]
            return (
                f"m AS MATERIALIZED (SELECT search_fts.rowid AS id, e.type, "
                f"bm25(search_fts, {weights}) AS score, {coverage} AS coverage, e.facet_keys "
                "FROM search_fts JOIN search_searchentry AS e ON e.id = search_fts.rowid "
                "WHERE search_fts MATCH %s)",
                [*concept_params, match],
                "f",
                "tier, coverage DESC, score, id",
            )
        return self._postgres_matches(phrases, concepts)

    def _postgres_matches(self, phrases, concepts):
        """PostgreSQL keeps each document's full vector out of line (TOAST); reading it for every
        match was most of a query's time. So every match is ranked on `head_vector` (title and
        summary, inline in the row) and its coverage counted from the GIN index (one id set per
        word, no vector read); only the best RESCORE_WINDOW matches are then ranked on the full
        vector, as Elasticsearch's rescore window does. Pages inside the window are ordered
        exactly as a full ranking would order them."""

        def tsquery(group):
            return "(" + " || ".join(["phraseto_tsquery('simple', %s)"] * len(group)) + ")"

        coverage = (
            " + ".join(
                f"{float(weight)!r} * (id IN (SELECT id FROM search_searchentry "
                f"WHERE search_vector @@ {tsquery(group)}))::int"
                for group, weight in concepts
            )
            or "0"
        )
        params = [*phrases]
        for group, _weight in concepts:
            params += list(group)
        sql = (
            f"query AS (SELECT {tsquery(phrases)} AS q), "
            "m AS MATERIALIZED (SELECT id, type, "
            f"ts_rank('{POSTGRES_WEIGHTS}', head_vector, query.q) AS score, "
            f"{coverage} AS coverage, facet_keys "
            "FROM search_searchentry, query WHERE search_vector @@ query.q)"
        )
        # Numbered by the cheap order, then the first RESCORE_WINDOW looked up on the full vector
        # (a CASE runs its sub-select only for rows inside the window; no join the planner could
        # misjudge after a facet filter).
        rescored = (
            f"(SELECT id, tier, head, coverage, CASE WHEN pre <= {RESCORE_WINDOW} THEN (SELECT "
            f"ts_rank('{POSTGRES_WEIGHTS}', e.search_vector, query.q) FROM search_searchentry AS e "
            "WHERE e.id = n.id) END AS score FROM (SELECT id, tier, score AS head, coverage, "
            "ROW_NUMBER() OVER (ORDER BY tier, coverage DESC, score DESC, id) AS pre FROM f) AS n, "
            "query) AS r"
        )
        return sql, params, rescored, "tier, coverage DESC, score DESC NULLS LAST, head DESC, id"

    def _run(
        self,
        phrases,
        filters,
        facets,
        limit,
        offset,
        concepts=(),
        floor=0.0,
        order=intent.GUIDANCE_ORDER,
    ):
        """One statement: the page of ids in rank order, then facet counts (or the total) and the
        best coverage of a match. Returns (ids, facet counts, total, best coverage)."""
        sql, params = self._run_sql(phrases, filters, facets, limit, offset, concepts, floor, order)
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        hits, counts, total, best = [], {}, 0, 0.0
        for kind, value, number in rows:
            if kind == "~hit":
                hits.append((number, int(value)))
            elif kind == "~total":
                total = number
            elif kind == "~best":
                best = float(value or 0)
            else:
                name, _, facet_value = value.partition("=")
                counts.setdefault(name, []).append((facet_value, number))
        if facets:
            total = sum(count for _value, count in counts.get("type", []))
        return [pk for _ord, pk in sorted(hits)], counts, total, best

    def _run_sql(
        self,
        phrases,
        filters,
        facets,
        limit,
        offset,
        concepts=(),
        floor=0.0,
        order=intent.GUIDANCE_ORDER,
    ):
        matches, params, ranked, ranking = self._matches_cte(phrases, concepts)
        filter_sql, filter_params = self._filter_sql(filters)
        # The kind of a result is its tier (search/intent.py); the names are our own constants.
        tier = (
            "CASE m.type "
            + " ".join(
                f"WHEN '{name}' THEN {position}"
                for position, name in enumerate(order)
                if SAFE_TYPE.match(name)
            )
            + f" ELSE {len(order)} END"
        )
        if not facets:
            tail = "SELECT '~total', '', COUNT(*) FROM f"
        elif self.vendor == "postgresql":
            tail = (
                "SELECT '~facet', k, COUNT(*) "
                "FROM f, jsonb_array_elements_text(f.facet_keys) AS k GROUP BY k"
            )
        else:
            tail = (
                "SELECT '~facet', k.value, COUNT(*) "
                "FROM f, json_each(f.facet_keys) AS k GROUP BY k.value"
            )
        floor_sql, floor_params = (" AND m.coverage >= %s", [floor]) if floor > 0 else ("", [])
        sql = (
            f"WITH {matches}, f AS MATERIALIZED (SELECT m.id, {tier} AS tier, m.score, "
            f"m.coverage, m.facet_keys FROM m WHERE 1 = 1{floor_sql}{filter_sql}) "
            "SELECT '~hit', CAST(id AS TEXT), ord FROM ("
            f"SELECT id, ROW_NUMBER() OVER (ORDER BY {ranking}) AS ord FROM {ranked} "
            f"ORDER BY {ranking} LIMIT %s OFFSET %s) AS top "
            f"UNION ALL {tail} "
            "UNION ALL SELECT '~best', CAST(MAX(coverage) AS TEXT), 0 FROM f"
        )
        return sql, [*params, *floor_params, *filter_params, limit, offset]

    @staticmethod
    def _facet_values(counts, filters):
        result = {}
        for name in FACETS:
            selected = {str(v) for v in (filters or {}).get(name) or []}
            values = sorted(counts.get(name, []), key=lambda item: (-item[1], item[0]))
            if name == "year":
                values.sort(key=lambda item: item[0], reverse=True)
            result[name] = [
                FacetValue(value=value, count=count, selected=value in selected)
                for value, count in values
            ]
        return result

    @staticmethod
    def _hit(entry: SearchEntry, stems, words) -> Hit:
        text = f"{entry.summary} {entry.body}".strip()
        return Hit(
            key=entry.key,
            type=entry.type,
            id=entry.object_id,
            title=entry.title,
            url=entry.url,
            snippet=analysis.highlight(text, stems, words=words),
            date=entry.date,
            topics=[
                {"slug": slug, "name": name}
                for slug, name in zip(entry.topics, entry.topic_names, strict=False)
            ],
            extra=dict(entry.extra or {}),
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
