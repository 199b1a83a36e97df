"""What kind of item a query is about, and so in which order the kinds of results are shown.

A resident's question is answered by counselling guidance; legal references, public-information
items and visit summaries come after it — unless the query is clearly about them:

- a **legal citation** ("pasal 44 uu 23/2004", "kuhp 362", "uu nomor 14 tahun 2008") is about legal
  references, recognised by the grammar of Indonesian citations (pasal/ayat/huruf + a number,
  UU/PP/Perpu/KUHP/Perkap/Perpol, a "number/year" pair, "nomor N tahun YYYY");
- a **kelurahan or kecamatan name** with activity words ("sambang cikokol", "penyuluhan di
  kecamatan benda"), or with nothing else ("karawaci"), is about visit summaries: the region names
  come from the region tables (registered by home/documents.py: names and spellings), the
  activity words from the activity types' own labels (registered by openinfo/documents.py);
- a **register term** ("ppid", "informasi publik", "laporan keuangan", "dikecualikan") is about
  the public-information register: the register's category labels plus the vocabulary of UU
  14/2008 (registered by openinfo/documents.py).

`classify()` returns the order of the result kinds; engines rank whole kinds in that order (a
tier), then by relevance within a kind. Nothing here names a topic or a query of the test set.
"""

import re
import time
from dataclasses import dataclass

from search.analysis import STOP_WORDS, fold, stem, tokenize

# "qa" (Tanya Jawab: answered residents' questions, published as guidance) follows the articles.
GUIDANCE_ORDER = ("article", "qa", "legal_reference", "disclosure", "visit")
ORDERS = {
    "guidance": GUIDANCE_ORDER,
    "legal": ("legal_reference", "article", "qa", "disclosure", "visit"),
    "visit": ("visit", "disclosure", "article", "qa", "legal_reference"),
    "disclosure": ("disclosure", "article", "qa", "legal_reference", "visit"),
}

_CITATION = re.compile(
    r"\b(?:pasal|psl|ps|ayat|huruf)\s*\.?\s*\d+"  # pasal 44, ps. 362, ayat 2
    r"|\b(?:uu|undang|perpu|perppu|perkap|perpol|perma|permen|perda|kuhp|kuhap|pp)\b"
    r"(?:\s+(?:no|nomor|nomer)\.?)?\s*\d+"  # uu 23, kuhp 362, pp nomor 76
    r"|\b\d{1,4}\s*/\s*(?:19|20)\d{2}\b"  # 23/2004
    r"|\b(?:no|nomor|nomer)\.?\s*\d+\s+(?:th|thn|tahun)\.?\s*(?:19|20)\d{2}\b"  # nomor 14 tahun 2008
)
# Words that occur in citations but are not themselves a topic ("uu", "pasal", "tentang" ...).
CITATION_WORDS = frozenset(
    "pasal psl ps ayat huruf uu undang perpu perppu perkap perpol perma permen perda kuhp kuhap pp "
    "no nomor nomer tahun th thn tentang".split()
)
# Words that place or date an activity report without being its subject.
PLACE_WORDS = frozenset("kelurahan kel kecamatan kec kota tangerang rw rt wilayah daerah".split())
# Words of the activity labels that say nothing about an activity on their own ("DDS (door-to-door
# system)" is "dari rumah ke rumah": "rumah" is about a house far more often).
GENERIC_LABEL_WORDS = frozenset("rumah door system talk problem solving visit".split())
CACHE_SECONDS = 300


@dataclass(frozen=True)
class Intent:
    kind: str  # "guidance", "legal", "visit", "disclosure"
    order: tuple[str, ...]
    reason: str = ""

    def tier(self, type_name: str) -> int:
        return self.order.index(type_name) if type_name in self.order else len(self.order)


_cache = {"at": 0.0, "value": None}


def clear_cache(*args, **kwargs):
    _cache["at"], _cache["value"] = 0.0, None


# What content apps tell search about the words of their kinds (registered from their
# documents.py; search imports no content app): "region" (kelurahan/kecamatan names and spellings),
# "activity" (the activity types of visit reports), "register" (the public-information register's
# terms). Each provider returns phrases (strings).
_providers: dict[str, list] = {"region": [], "activity": [], "register": [], "topic": []}


def register_words(kind: str, provider) -> None:
    """Adds a provider of phrases for `kind` ("region", "activity", "register" or "topic": the
    names of the topics the site's guidance answers)."""
    if provider not in _providers[kind]:
        _providers[kind].append(provider)
    clear_cache()


def _phrases(kind: str) -> frozenset[tuple[str, ...]]:
    from django.db import DatabaseError

    phrases = set()
    for provider in _providers[kind]:
        try:
            phrases.update(tuple(tokenize(text)) for text in provider())
        except DatabaseError:  # tables not there yet (migrations): no words
            continue
    return frozenset(p for p in phrases if p)


def _vocabularies():
    """(region phrases, activity words, register phrases), rebuilt at most every CACHE_SECONDS
    and whenever a provider asks (e.g. regions changed)."""
    now = time.monotonic()
    if _cache["value"] is not None and now - _cache["at"] < CACHE_SECONDS:
        return _cache["value"]
    activities = frozenset(
        word
        for phrase in _phrases("activity")
        for word in phrase
        if word not in STOP_WORDS | GENERIC_LABEL_WORDS and len(word) > 2
    )
    topics = frozenset(stem(word) for phrase in _phrases("topic") for word in phrase)
    _cache["value"] = (_phrases("region"), activities, _phrases("register"), topics - STOP_WORDS)
    _cache["at"] = now
    return _cache["value"]


def region_words() -> frozenset[str]:
    """Every word of a kelurahan or kecamatan name (for "did you mean", which never proposes one
    for a word that is not about a place)."""
    return frozenset(word for phrase in _vocabularies()[0] for word in phrase)


def _find_phrases(words: list[str], phrases) -> list[tuple[int, int]]:
    """Spans (start, end) of `phrases` in `words`, longest first, not overlapping."""
    spans, taken = [], set()
    by_length = sorted({len(p) for p in phrases}, reverse=True)
    for length in by_length:
        for start in range(0, len(words) - length + 1):
            if tuple(words[start : start + length]) in phrases and not taken & set(
                range(start, start + length)
            ):
                spans.append((start, start + length))
                taken.update(range(start, start + length))
    return spans


def classify(text: str) -> Intent:
    folded = fold(str(text or "")[:2000])
    words = [w for w in tokenize(folded) if w not in STOP_WORDS][:48]
    if not words:
        return Intent("guidance", ORDERS["guidance"])
    if _CITATION.search(folded):
        return Intent("legal", ORDERS["legal"], "citation")
    regions, activities, register, _topics = _vocabularies()
    register_spans = _find_phrases(words, register)
    if register_spans:
        return Intent("disclosure", ORDERS["disclosure"], "register term")
    region_spans = _find_phrases(words, regions)
    if region_spans:
        in_region = {i for start, end in region_spans for i in range(start, end)}
        rest = [w for i, w in enumerate(words) if i not in in_region and w not in PLACE_WORDS]
        if not rest or any(w in activities for w in rest):
            return Intent("visit", ORDERS["visit"], "region with activity")
    return Intent("guidance", ORDERS["guidance"])


def is_topical(clause) -> bool:
    """True when a concept of the query (an analysed clause) names a topic of the site's guidance:
    one of its forms is made of words of the topics' names ("dijambret", "pinjol" through its
    synonym "pinjaman online", "teror"). Such a concept is what a question is about; "harga",
    "jadwal" or "hp" are not, however rare they are."""
    topics = _vocabularies()[3]
    return any(all(token in topics for token in form) for form in clause.whole)


def place_words(text: str) -> frozenset[str]:
    """The query's words that name a place: a kelurahan/kecamatan (registered names) or a place
    word ("kelurahan", "kota", "tangerang")."""
    words = tokenize(fold(str(text or "")[:2000]))
    spans = _find_phrases(words, _vocabularies()[0])
    named = {words[i] for start, end in spans for i in range(start, end)}
    return frozenset(named | {w for w in words if w in PLACE_WORDS})


def mentions_region(text: str) -> bool:
    """True when the query names a kelurahan/kecamatan or says it is about a place."""
    words = tokenize(text)
    if any(w in PLACE_WORDS - {"tangerang", "kota"} for w in words):
        return True
    return bool(_find_phrases(words, _vocabularies()[0]))
